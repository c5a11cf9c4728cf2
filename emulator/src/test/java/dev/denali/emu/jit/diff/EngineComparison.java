package dev.denali.emu.jit.diff;

import dev.denali.emu.Clock;
import dev.denali.emu.Console;
import dev.denali.emu.Engine;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.Runner;
import dev.denali.emu.StopReason;
import dev.denali.emu.Vm;
import dev.denali.emu.interp.Interpreter;
import dev.denali.emu.jit.JitEngine;
import dev.denali.emu.jit.TieredEngine;
import dev.denali.emu.semantics.TestClock;
import java.io.ByteArrayOutputStream;
import java.util.function.Supplier;

/**
 * Runs one program under two engines with the same {@link Runner} options and a deterministic
 * clock, and compares the final states ({@link EngineState}).
 */
final class EngineComparison {
  private EngineComparison() {}

  /**
   * Clock: starts at 1 s monotonic and advances this many microseconds on every read. The
   * Runner sleeps out a d.idle by parking until the clock reaches the wake-up time, reading it
   * again after each park: a wait of T microseconds takes about T*T/(2*step) microseconds of
   * real time, so guests that wait long (the corpus) use a larger step.
   */
  static final long CLOCK_STEP = 3;

  /** The engines a configuration compares. */
  enum Pair {
    /** The interpreter against the JIT. */
    INTERP_JIT,
    /** The interpreter against engines that alternate every quantum (interp, jit, interp...). */
    INTERP_ALTERNATING,
    /**
     * The interpreter against the tiered engine translating a region on its third dispatcher
     * entry, synchronously (reproducible): on a freshly loaded program, the run is part
     * interpreted, part translated.
     */
    INTERP_TIERED
  }

  /**
   * One way of running a program: instructions per engine call, an instruction limit (0: none),
   * and which engines are compared.
   */
  record Config(long quantum, long maxInstructions, Pair pair) {
    @Override
    public String toString() {
      return "quantum " + quantum + (maxInstructions > 0 ? ", max-instructions "
          + maxInstructions : "") + switch (pair) {
            case INTERP_JIT -> ", interp vs jit";
            case INTERP_ALTERNATING -> ", interp vs interp/jit alternating per quantum";
            case INTERP_TIERED -> ", interp vs auto translating regions on third entry";
          };
    }
  }

  /** What a comparison found: both states, and their first difference (null: they agree). */
  record Result(Config config, EngineState reference, EngineState other, String difference) {}

  static Result compare(GuestProgram program, Config config, long timeoutNanos) {
    return compare(program, config, timeoutNanos, CLOCK_STEP);
  }

  static Result compare(GuestProgram program, Config config, long timeoutNanos,
      long clockStep) {
    EngineState ref = run(program, "interp", Interpreter::new, config, timeoutNanos, clockStep);
    EngineState other = switch (config.pair()) {
      case INTERP_JIT -> run(program, "jit", JitEngine::new, config, timeoutNanos, clockStep);
      case INTERP_ALTERNATING -> run(program, "alternating", AlternatingEngine::new, config,
          timeoutNanos, clockStep);
      case INTERP_TIERED -> run(program, "auto", () -> new TieredEngine(3, Runnable::run),
          config, timeoutNanos, clockStep);
    };
    return new Result(config, ref, other, ref.firstDifference(other));
  }

  static EngineState run(GuestProgram program, String name, Supplier<Engine> engine,
      Config config, long timeoutNanos) {
    return run(program, name, engine, config, timeoutNanos, CLOCK_STEP);
  }

  /** Runs {@code program} on a fresh VM to its end (or the configured limit). */
  static EngineState run(GuestProgram program, String name, Supplier<Engine> engine,
      Config config, long timeoutNanos, long clockStep) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Console console = (stream, bytes, off, len) -> (stream == 2 ? err : out).write(bytes, off,
        len);
    CountingClock clock = new CountingClock(clockStep);
    Vm vm = new Vm(program, 1, console, clock);
    Runner.Options options = new Runner.Options(config.maxInstructions(), timeoutNanos,
        config.quantum(), null, 0);
    try {
      Runner.Result r = new Runner(engine.get(), options, clock).run(vm);
      return EngineState.of(name, vm, r, out.toByteArray(), err.toByteArray(), clock.reads);
    } catch (RuntimeException | Error e) { // StackOverflowError, VerifyError, a BUG: ...
      return EngineState.crashed(name, vm, e, clock.reads);
    }
  }

  /** A ticking {@link TestClock} that counts how often it is read. */
  static final class CountingClock implements Clock {
    private final TestClock clock;
    long reads;

    CountingClock(long step) {
      clock = TestClock.ticking(step);
    }

    @Override
    public long monotonicMicros() {
      reads++;
      return clock.monotonicMicros();
    }

    @Override
    public long realtimeMicros() {
      reads++;
      return clock.realtimeMicros();
    }
  }

  /**
   * Interpreter and JIT taking turns, one engine call each: the Engine contract says a VM's state
   * is complete when run returns, so another engine can continue it.
   */
  static final class AlternatingEngine implements Engine {
    // the JIT translating every function at its first entry, huge ones too
    private final Engine[] engines = {new Interpreter(), new JitEngine(Integer.MAX_VALUE)};
    private long calls;

    @Override
    public String name() {
      return "alternating";
    }

    @Override
    public StopReason run(Vm vm, long budget) {
      return engines[(int) (calls++ & 1)].run(vm, budget);
    }
  }
}
