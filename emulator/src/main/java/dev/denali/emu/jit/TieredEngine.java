package dev.denali.emu.jit;

import dev.denali.emu.Engine;
import dev.denali.emu.StopReason;
import dev.denali.emu.Vm;
import dev.denali.emu.interp.Interpreter;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The default engine ({@code --engine auto}): per-region tiering. A program starts on the
 * interpreter; the dispatcher ({@link JitEngine#dispatch}) counts, per region of the program's
 * {@link CompiledCode}, how often it enters code that is not translated yet: at the start of each
 * interpreted slice (so a region's count grows with the time spent in it) and at each block the
 * interpreter runs just after a translated region was left (so a cold callee or loop exit of
 * hot code is counted at every visit). A region whose count reaches {@link #HOT} (or the
 * threshold given to the constructor) is queued, once, for translation on a background thread;
 * no VM waits for it. Until its class is defined the region stays interpreted; from then on
 * every VM of the program enters it at its next dispatch. Cold code is never translated, and a
 * short-lived program translates nothing.
 */
public final class TieredEngine implements Engine {
  /** Dispatcher entries into a region after which it is translated. */
  public static final int HOT = 64;
  /**
   * The most instructions the interpreter runs between two dispatches: small enough that the
   * dispatcher samples where the time goes and enters newly translated code within microseconds,
   * large enough that calling the interpreter costs nothing measurable (a call per block made
   * interpreted code up to 2x slower).
   */
  static final long SLICE = 997; // prime: a loop's period cannot alias with it
  /** Single blocks interpreted after leaving a translated region, before slices resume. */
  static final int BLOCK_STEPS = 16;

  private static final ExecutorService COMPILER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "denali-jit");
    t.setDaemon(true);
    return t;
  });

  private final Interpreter interpreter = new Interpreter();
  /** This engine's threshold: dispatcher entries after which a region is translated. */
  final int hot;
  private final Executor translator;

  public TieredEngine() {
    this(HOT);
  }

  /** An engine that translates a region after {@code hot} dispatcher entries (at least 1). */
  public TieredEngine(int hot) {
    this(hot, COMPILER);
  }

  /**
   * An engine whose translations run on {@code translator} rather than the shared background
   * thread; with {@code Runnable::run} a region is translated by the VM that finds it hot,
   * before its next dispatch, so a run is reproducible (the differential tests use this).
   */
  public TieredEngine(int hot, Executor translator) {
    if (hot < 1) {
      throw new IllegalArgumentException("hot must be at least 1: " + hot);
    }
    this.hot = hot;
    this.translator = translator;
  }

  @Override
  public String name() {
    return "auto";
  }

  @Override
  public StopReason run(Vm vm, long budget) {
    return JitEngine.dispatch(vm, budget, CompiledCode.shared(vm.program().code()), interpreter,
        this);
  }

  /** Queues region r of {@code compiled} for translation unless it already was. */
  void request(CompiledCode compiled, int r) {
    if (compiled.claim(r)) {
      translator.execute(() -> compiled.translate(r));
    }
  }

  /** Runs {@code task} on the translation thread, after everything queued before it. */
  static void onCompilerThread(Runnable task) {
    COMPILER.execute(task);
  }
}
