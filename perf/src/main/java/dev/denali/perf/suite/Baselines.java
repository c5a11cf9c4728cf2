package dev.denali.perf.suite;

import dev.denali.emu.HostPrograms;
import dev.denali.perf.c.NativeBench;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The two baselines outside the JVM. Native: the program compiled for the host with
 * {@code gcc -O2 -DNATIVE_BENCH} ({@link NativeBench}), timed by the program itself around its
 * work, median of R runs in one process. qemu-riscv32: the same guest ELF as the engines run,
 * wall time of the whole process (qemu's start-up included), median of R processes. Each run's
 * behaviour goes to the program's {@link Agreement}.
 */
public final class Baselines {
  private Baselines() {}

  /** The Debian package of qemu-riscv32. */
  public static final String QEMU_PACKAGE = "qemu-user";

  private static final Duration QEMU_TIMEOUT = Duration.ofMinutes(2);

  /** Median milliseconds of the two baselines; NaN where one was not measured. */
  public record Measured(double nativeMs, double qemuMs) {}

  /**
   * Both baselines of program {@code name} (ELF {@code elf}) as {@code s} asks, R runs each;
   * says on stderr why there is no native number when the host build was skipped.
   */
  public static Measured measure(String name, SuiteReport.Settings s, Path elf,
      Agreement agreement) {
    double nativeMs = Double.NaN;
    if (s.nativeBaseline()) {
      StringBuilder why = new StringBuilder();
      nativeMs = nativeMs(name, s.runs(), agreement, why);
      if (Double.isNaN(nativeMs) && why.length() > 0) {
        System.err.println(name + ": no native baseline: " + why);
      }
    }
    double qemuMs = s.qemu().isPresent() ? qemuMs(s.qemu().get(), elf, s.runs(), agreement)
        : Double.NaN;
    return new Measured(nativeMs, qemuMs);
  }

  /** Where qemu-riscv32 is, if it is installed. */
  public static Optional<Path> qemu() {
    return HostPrograms.find("qemu-riscv32");
  }

  /** Median native milliseconds; NaN (with the reason in {@code why}) when there are none. */
  public static double nativeMs(String program, int runs, Agreement agreement,
      StringBuilder why) {
    Optional<NativeBench.Result> r;
    try {
      r = NativeBench.measure(SuitePrograms.SOURCES, program, runs, why);
    } catch (IllegalStateException e) { // no median line: the program failed natively
      agreement.problem("native run failed: " + e.getMessage());
      return Double.NaN;
    }
    if (r.isEmpty()) {
      return Double.NaN;
    }
    agreement.check("native (gcc -O2)", Behaviour.exited(r.get().exitStatus(), r.get().output(),
        Behaviour.UNKNOWN));
    return r.get().medianMs();
  }

  /** Median wall milliseconds of {@code runs} runs of {@code elf} under {@code qemu}. */
  public static double qemuMs(Path qemu, Path elf, int runs, Agreement agreement) {
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      ProcessRun.Result r = ProcessRun.run(List.of(qemu.toString(), elf.toString()),
          QEMU_TIMEOUT);
      if (r.timedOut()) {
        agreement.problem("qemu-riscv32 did not finish in " + QEMU_TIMEOUT.toMinutes()
            + " minutes");
        return Double.NaN;
      }
      agreement.check("qemu-riscv32 run " + (i + 1), Behaviour.exited(r.exitStatus(),
          r.stdout() + r.stderr(), Behaviour.UNKNOWN));
      ms[i] = r.nanos() / 1e6;
    }
    return Stats.median(ms);
  }
}
