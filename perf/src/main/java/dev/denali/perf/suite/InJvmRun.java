package dev.denali.perf.suite;

import dev.denali.emu.Clock;
import dev.denali.emu.Engine;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.Runner;
import dev.denali.emu.Vm;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One run of a guest in this JVM, as {@code denali run} does it: a fresh {@link Vm} of the
 * program, run by a {@link Runner} on the given engine until it exits or faults, its console
 * (stdout and stderr, in the order written) kept in memory. The time is wall time from before
 * the Vm is created until the run returns. An engine that throws (which the {@code Engine}
 * contract rules out: an engine bug) ends the run with the exception as its fault, so that the
 * report shows it as a mismatch and goes on with the other programs.
 */
public final class InJvmRun {
  private InJvmRun() {}

  /** A run's behaviour and its wall time in nanoseconds. */
  public record Timed(Behaviour behaviour, long nanos) {}

  /** Runs a fresh VM of {@code program} on {@code engine} to its end. */
  public static Timed run(GuestProgram program, Engine engine) {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    long start = System.nanoTime();
    Vm vm = new Vm(program, 0, (stream, bytes, off, len) -> console.write(bytes, off, len),
        Clock.system());
    Runner.Result r;
    try {
      r = new Runner(engine, Runner.Options.defaults(), Clock.system()).run(vm);
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      return new Timed(new Behaviour(-1, console.toString(StandardCharsets.UTF_8), vm.retired,
          "engine " + engine.name() + " threw " + e), System.nanoTime() - start);
    }
    long nanos = System.nanoTime() - start;
    String output = console.toString(StandardCharsets.UTF_8);
    Behaviour b = switch (r.outcome()) {
      case EXITED -> Behaviour.exited(r.exitStatus(), output, r.retired());
      case FAULTED -> new Behaviour(-1, output, r.retired(), r.fault().summary());
      default -> new Behaviour(-1, output, r.retired(), "stopped: " + r.outcome());
    };
    return new Timed(b, nanos);
  }
}
