package dev.denali.emu.jit;

import dev.denali.emu.Code;
import dev.denali.emu.Engine;
import dev.denali.emu.StopReason;
import dev.denali.emu.Vm;
import dev.denali.emu.interp.Interpreter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default engine ({@code --engine auto}): programs start on the interpreter, which counts the
 * instructions it runs for each program; once a program has run {@link #HOT} of them it is
 * translated on a background thread (no VM waits for it), and every VM of that program continues
 * on the JIT from its next quantum. Short-lived programs never pay for translation.
 */
public final class TieredEngine implements Engine {
  /** Interpreted instructions after which a program is translated. */
  public static final long HOT = 2_000_000;
  /** The longest stretch interpreted before checking whether the translation is ready. */
  private static final long SLICE = 250_000;

  private static final ExecutorService COMPILER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "denali-jit");
    t.setDaemon(true);
    return t;
  });

  private final Interpreter interpreter = new Interpreter();
  private final JitEngine jit = new JitEngine();

  /** How hot a program is, kept in its {@link Code} until the translation replaces it. */
  private static final class Heat {
    final AtomicLong interpreted = new AtomicLong();
    final AtomicBoolean queued = new AtomicBoolean();
  }

  @Override
  public String name() {
    return "auto";
  }

  @Override
  public StopReason run(Vm vm, long budget) {
    Code code = vm.program().code();
    long left = budget;
    while (true) {
      Object t = code.translation();
      if (t instanceof CompiledCode) {
        return jit.run(vm, left);
      }
      Heat heat = heat(code, t);
      long slice = Math.min(left, SLICE);
      long before = vm.retired;
      StopReason r = interpreter.run(vm, slice);
      long ran = vm.retired - before;
      left -= ran;
      if (heat.interpreted.addAndGet(ran) >= HOT && heat.queued.compareAndSet(false, true)) {
        COMPILER.execute(() -> CompiledCode.of(code));
      }
      if (r != StopReason.BUDGET || left <= 0) {
        return r;
      }
    }
  }

  private static Heat heat(Code code, Object t) {
    if (t instanceof Heat h) {
      return h;
    }
    synchronized (code) {
      Object now = code.translation();
      if (now instanceof Heat h) {
        return h;
      }
      if (now instanceof CompiledCode) {
        return new Heat(); // translated meanwhile: this count is never used again
      }
      Heat h = new Heat();
      code.translation(h);
      return h;
    }
  }
}
