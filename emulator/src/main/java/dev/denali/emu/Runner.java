package dev.denali.emu;

import dev.denali.isa.Decoder;
import dev.denali.isa.Instruction;
import dev.denali.isa.Printer;
import dev.denali.isa.Registers;
import java.io.PrintWriter;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one VM to its end on the calling thread (single-VM mode, {@code denali run}): quanta of
 * guest instructions through an {@link Engine}, interrupts delivered between quanta, d.idle
 * sleeping until its timeout or the guest's timer, and the limits of the run.
 */
public final class Runner {
  /** How a run ended. */
  public enum Outcome {
    EXITED,
    FAULTED,
    INSTRUCTION_LIMIT,
    TIMEOUT,
    /**
     * The guest waits on d.idle without a timeout and without a timer armed, with nothing
     * pending: in single-VM mode nothing can raise an interrupt (there is no network device), so
     * it would wait forever. A network service given to {@code denali run} ends this way.
     */
    STUCK
  }

  /**
   * @param maxInstructions stop after this many instructions (0: no limit)
   * @param timeoutNanos stop after this much wall time (0: no limit)
   * @param quantum instructions per engine call
   * @param trace where to print each executed instruction, or null
   * @param traceLimit how many instructions to trace at most
   */
  public record Options(long maxInstructions, long timeoutNanos, long quantum, PrintWriter trace,
      long traceLimit) {
    public static Options defaults() {
      return new Options(0, 0, 1_000_000, null, 0);
    }
  }

  /** The end of a run: outcome, exit status, fault, instructions retired, wall time. */
  public record Result(Outcome outcome, int exitStatus, Fault fault, long retired, long nanos) {}

  private final Engine engine;
  private final Options options;
  private final Clock clock;

  public Runner(Engine engine, Options options, Clock clock) {
    this.engine = engine;
    this.options = options;
    this.clock = clock;
  }

  public Result run(Vm vm) {
    long start = System.nanoTime();
    long traced = 0;
    while (true) {
      long now = System.nanoTime();
      if (options.timeoutNanos() > 0 && now - start >= options.timeoutNanos()) {
        return new Result(Outcome.TIMEOUT, 0, null, vm.retired, now - start);
      }
      long budget = options.quantum();
      if (options.maxInstructions() > 0) {
        long left = options.maxInstructions() - vm.retired;
        if (left <= 0) {
          return new Result(Outcome.INSTRUCTION_LIMIT, 0, null, vm.retired, now - start);
        }
        budget = Math.min(budget, left);
      }
      vm.beginQuantum();
      StopReason reason;
      if (options.trace() != null && traced < options.traceLimit()) {
        reason = traceStep(vm);
        traced++;
        if (traced == options.traceLimit()) {
          options.trace().println("... trace limit of " + traced + " instructions reached");
          options.trace().flush();
        }
      } else {
        reason = engine.run(vm, budget);
      }
      switch (reason) {
        case BUDGET -> { }
        case EXITED -> {
          return new Result(Outcome.EXITED, vm.exitStatus(), null, vm.retired,
              System.nanoTime() - start);
        }
        case FAULTED -> {
          return new Result(Outcome.FAULTED, 0, vm.fault(), vm.retired,
              System.nanoTime() - start);
        }
        case IDLE -> {
          Outcome stop = sleep(vm, start);
          if (stop != null) {
            return new Result(stop, 0, null, vm.retired, System.nanoTime() - start);
          }
          vm.wake();
        }
        default -> throw new IllegalStateException("BUG: stop reason " + reason);
      }
    }
  }

  /**
   * Sleeps a d.idle out: until its timeout or the guest's timer deadline, whichever is first (in
   * single-VM mode nothing else can raise an interrupt). Returns null once it woke, TIMEOUT when
   * the run's own timeout ends it first, STUCK when nothing can ever wake it.
   */
  private Outcome sleep(Vm vm, long runStart) {
    long nowMicros = clock.monotonicMicros();
    long wake = Long.MAX_VALUE;
    if (vm.idleTimeoutMicros() >= 0) {
      wake = nowMicros + vm.idleTimeoutMicros();
    }
    long timer = vm.timerDeadline();
    if (timer != 0) {
      wake = Math.min(wake, timer);
    }
    if (vm.pendingInterrupts() != 0) {
      return null;
    }
    if (wake == Long.MAX_VALUE) {
      return Outcome.STUCK;
    }
    while (true) {
      long now = clock.monotonicMicros();
      if (now >= wake) {
        if (timer != 0 && now >= timer) {
          vm.pollTimer(); // fires the timer: the guest's rd sees it pending
        }
        return null;
      }
      long runLeft = options.timeoutNanos() > 0
          ? options.timeoutNanos() - (System.nanoTime() - runStart) : Long.MAX_VALUE;
      if (runLeft <= 0) {
        return Outcome.TIMEOUT;
      }
      long nanos = Math.min(runLeft, Math.min(wake - now, 100_000_000L / 1000) * 1000);
      LockSupport.parkNanos(Math.max(1000, nanos));
    }
  }

  /** Runs one instruction and prints it with the registers it changed. */
  private StopReason traceStep(Vm vm) {
    int pc = vm.pc;
    int[] before = vm.registers();
    StopReason reason = engine.run(vm, 1);
    Code code = vm.program().code();
    int index = (pc - code.base()) >> 2;
    StringBuilder sb = new StringBuilder(String.format("%08x: ", pc));
    if (((pc - code.base()) & 3) == 0 && index >= 0 && index < code.length()) {
      int word = code.word(index);
      Instruction insn = Decoder.decode(word);
      sb.append(String.format("%08x  %-28s", word,
          insn == null ? "(illegal)" : Printer.standard().print(insn, pc)));
    }
    int[] after = vm.registers();
    for (int r = 1; r < 32; r++) {
      if (before[r] != after[r]) {
        sb.append(String.format(" %s=%08x", Registers.abiName(r), after[r]));
      }
    }
    options.trace().println(sb.toString().stripTrailing());
    options.trace().flush();
    return reason;
  }
}
