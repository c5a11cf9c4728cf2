package dev.denali.emu.jit;

import dev.denali.emu.Engine;
import dev.denali.emu.StopReason;
import dev.denali.emu.Vm;
import dev.denali.emu.interp.Interpreter;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The default engine ({@code --engine auto}): tiering by function. A program starts on the
 * interpreter; the {@link Dispatcher} counts, per guest function, the instructions it
 * interprets in the function's code (every VM of the program adds to the same count). A
 * function whose count reaches {@link #HOT} (or the threshold given to the constructor) is
 * queued, once, for translation on a background thread with the callees it was seen to use; no
 * VM waits for it. From then on every VM of the program enters it at its next call or resume
 * point, and translated callers call it directly. Translation pays only once HotSpot has
 * compiled the generated code, which costs compile time and runs slowly until then, so the
 * threshold is high (a rent-or-buy rule: a function is translated once its interpretation has
 * cost about what translating it will): cold code is never translated, and a program that runs
 * for a fraction of a second (a few seconds on a single processor) translates nothing.
 */
public final class TieredEngine implements Engine {
  /** Instructions interpreted in a function's code after which it is translated... */
  public static final int HOT = 50_000_000;
  /**
   * ... plus this many for each instruction of the function (of its span in the text): the
   * cost of translating a function and of HotSpot compiling it grows with its size, the gain
   * with the instructions it runs.
   */
  public static final int HOT_PER_INSTRUCTION = 200_000;
  /** A callee of a hot function is warm, and translated with it, at this fraction of HOT. */
  static final int WARM_FRACTION = 16;
  /**
   * How much higher both are when the JVM has a single processor: translation and HotSpot's
   * compilation of the generated code then take their time from the guests, rather than from
   * an idle core, and only pay back over a much longer run.
   */
  public static final int SINGLE_PROCESSOR_FACTOR = 4;
  /**
   * The most instructions the interpreter runs between two dispatches: small enough that the
   * dispatcher samples where the time goes (a function is translated after hundreds of millions
   * of instructions, hundreds of slices) and enters newly translated code within a few
   * milliseconds, large enough that calling the interpreter costs nothing measurable. With 997
   * a program that translated nothing ran 13 % slower than on the plain interpreter (minver,
   * 807 M instructions: 2.4 s against 2.1 s); with 9,973, 4 %; with 99,991, the same in a long
   * run, but a short one's first run was slower: the suite's sorting (82 M instructions, nothing
   * translated) took 1.0-2.7 s in fresh JVMs pinned to one core (median 1.7) against 0.65-2.0
   * (median 0.8) with 999,983, and 0.6-0.9 on the plain interpreter, which calls the
   * interpreter once per million-instruction quantum. Called ten times as often, HotSpot gave
   * the interpreter's loop a standard compilation with full profiling early, and the program
   * ran in that slow code until C2 had compiled the loop again.
   */
  static final long SLICE = 999_983; // prime: a loop's period cannot alias with it
  /**
   * The heat of one round trip from translated code through the dispatcher into interpreted
   * code and back (see {@link #leftFor}). Measured on statemate: about 0.7 us each, the time of
   * 200-300 interpreted instructions; counted higher because the cure, translating one more
   * function next to one already translated, is cheap.
   */
  static final int ROUND_TRIP = 1000;
  /**
   * The heat of a run (a kernel turn, a quantum) that starts in interpreted code, counted for
   * the function it starts in, on top of the instructions: setting up the interpreter and the
   * dispatcher's lookups cost about what a {@link #ROUND_TRIP} does. It matters for guests that
   * answer events: a service's handler runs a few hundred instructions per request, each request
   * a turn, and without it the receive loop of hello reached the threshold only after about
   * 750,000 requests (20 s of load on one processor); a program that computes runs long turns,
   * for which this is a rounding error.
   */
  static final int TURN = 1000;
  /** Single blocks interpreted after leaving translated code, before slices resume. */
  static final int BLOCK_STEPS = 16;

  private static final ExecutorService COMPILER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "denali-jit");
    t.setDaemon(true);
    return t;
  });

  private final Interpreter interpreter = new Interpreter();
  private final JitContext ctx = new JitContext();
  /** This engine's thresholds: see {@link #HOT} and {@link #HOT_PER_INSTRUCTION}. */
  final int hot;
  private final int hotPerInstruction;
  private final Executor translator;

  public TieredEngine() {
    this(scaled(HOT), scaled(HOT_PER_INSTRUCTION), COMPILER);
  }

  /**
   * How much lower the thresholds are in a kernel ({@link #forServices}): a service runs for
   * hours, so the rent-or-buy rule's "short program that translates nothing" does not arise,
   * and its hot path is spread over many small functions (hello's: fifteen, a few dozen
   * instructions each per request) that each had to earn the whole threshold. With the
   * one-shot thresholds, 10,000 hello VMs under wrk (random Host per request, one processor)
   * took about 30 s, some 1.5 million requests, to translate the path a request takes, so
   * that HttpBench, after a 20 s warm-up, measured them at 61-69 % of plain Netty's throughput
   * against 81 % with {@code --engine jit}; with these thresholds, 70-76 %.
   */
  public static final int SERVICE_DIVISOR = 10;

  /** The engine a kernel's workers run: this one, with thresholds lower by SERVICE_DIVISOR. */
  public static TieredEngine forServices() {
    return new TieredEngine(scaled(HOT) / SERVICE_DIVISOR,
        scaled(HOT_PER_INSTRUCTION) / SERVICE_DIVISOR, COMPILER);
  }

  /** {@code threshold}, or {@link #SINGLE_PROCESSOR_FACTOR} times it on one processor. */
  static int scaled(int threshold) {
    return Runtime.getRuntime().availableProcessors() > 1 ? threshold
        : threshold * SINGLE_PROCESSOR_FACTOR;
  }

  /**
   * An engine that translates a function after {@code hot} interpreted instructions (at least
   * 1), whatever its size.
   */
  public TieredEngine(int hot) {
    this(hot, 0, COMPILER);
  }

  /**
   * An engine whose translations run on {@code translator} rather than the shared background
   * thread; with {@code Runnable::run} a function is translated by the VM that finds it hot,
   * before its next dispatch, so a run is reproducible (the differential tests use this).
   */
  public TieredEngine(int hot, Executor translator) {
    this(hot, 0, translator);
  }

  private TieredEngine(int hot, int hotPerInstruction, Executor translator) {
    if (hot < 1) {
      throw new IllegalArgumentException("hot must be at least 1: " + hot);
    }
    this.hot = hot;
    this.hotPerInstruction = hotPerInstruction;
    this.translator = translator;
  }

  /** Interpreted instructions after which the function at {@code entry} of t is translated. */
  long threshold(Translation t, int entry) {
    return hot + (long) hotPerInstruction * t.spanLength(entry);
  }

  @Override
  public String name() {
    return "auto";
  }

  @Override
  public StopReason run(Vm vm, long budget) {
    return Dispatcher.run(vm, budget, Translation.of(vm.program()), interpreter, ctx, this);
  }

  /**
   * Queues the function at instruction {@code entry} of {@code t} for translation, once, with
   * the callees it has been seen to use ({@link Translation#warmCallees}: those that ran at least
   * 1/{@link #WARM_FRACTION} of the base threshold interpreted): a translated function whose
   * callees are interpreted would leave translated code at every call.
   */
  void request(Translation t, int entry) {
    if (!t.claimedAlready(entry) && t.claim(entry)) {
      translator.execute(() -> {
        t.translate(entry);
        for (int c : t.warmCallees(entry, hot / WARM_FRACTION)) {
          if (t.claim(c)) {
            t.translate(c);
          }
        }
      });
    }
  }

  /**
   * Translated code came back to the dispatcher to go on at {@code pc}, in code that is not
   * translated: a return to an interpreted caller, or a call of (or jump to) an untranslated
   * function. Each such round trip costs about as much as interpreting {@link #ROUND_TRIP}
   * instructions, so it counts that much heat for the function that owns {@code pc}: a hot
   * function called from an interpreted loop soon has that loop's function translated too, and
   * a translated loop soon has the callee it keeps leaving for. (Without this, statemate's
   * translated main loop left for an interpreted callee 750,000 times in one run.)
   */
  void leftFor(Translation t, int pc) {
    int idx = (pc - t.code.base()) >> 2;
    if (idx >= 0 && idx < t.code.length()) {
      warm(t, t.owner(idx), ROUND_TRIP);
    }
  }

  /**
   * Counts {@code heat} (interpreted instructions, or their equivalent) for the function at
   * {@code owner} (none when negative), and queues it for translation once it is hot.
   */
  void warm(Translation t, int owner, long heat) {
    if (owner >= 0 && t.heat(owner, heat) >= threshold(t, owner)) {
      request(t, owner);
    }
  }

  /** Runs {@code task} on the translation thread, after everything queued before it. */
  static void onCompilerThread(Runnable task) {
    COMPILER.execute(task);
  }
}
