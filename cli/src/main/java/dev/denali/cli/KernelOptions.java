package dev.denali.cli;

import dev.denali.emu.EngineKind;
import dev.denali.isa.GuestConfig;
import dev.denali.kernel.KernelConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The kernel options that {@code kernel}, {@code serve} and {@code demo} share (a picocli mixin). */
final class KernelOptions {
  @Option(names = "--engine", defaultValue = "auto", paramLabel = "ENGINE",
      description = "interp, jit or auto (default)")
  String engine;

  @Option(names = "--workers", paramLabel = "N",
      description = "host threads running VMs (default: one per core)")
  Integer workers;

  @Option(names = "--memory-budget", paramLabel = "SIZE",
      description = "VM memory kept resident before idle VMs are hibernated (default: half"
          + " the heap)")
  String memoryBudget;

  @Option(names = "--hibernate-after", paramLabel = "DURATION",
      description = "hibernate VMs idle this long, e.g. 30s")
  String hibernateAfter;

  /**
   * The kernel configuration these options give ({@code defaultHibernateAfter} when the option
   * is absent; null for none).
   *
   * @throws IllegalArgumentException naming a bad value
   */
  KernelConfig config(String defaultHibernateAfter) {
    EngineKind kind = EngineKind.byLabel(engine);
    if (kind == null) {
      throw new IllegalArgumentException("unknown engine '" + engine + "' (available: "
          + EngineKind.labels() + ")");
    }
    KernelConfig c = KernelConfig.defaults().withEngine(kind);
    if (workers != null) {
      c = c.withWorkers(workers);
    }
    if (memoryBudget != null) {
      long budget = GuestConfig.parseSize("memory budget", memoryBudget);
      long heap = Runtime.getRuntime().maxMemory();
      if (budget > heap * 9 / 10) {
        throw new IllegalArgumentException("--memory-budget " + memoryBudget + " is more than"
            + " the JVM heap (" + (heap >> 20) + " MiB) can hold beside the kernel; give the JVM"
            + " more with DENALI_JAVA_OPTS=-Xmx..., or a smaller budget");
      }
      c = c.withMemoryBudget(budget);
    }
    String after = hibernateAfter != null ? hibernateAfter : defaultHibernateAfter;
    if (after != null) {
      c = c.withHibernateAfter(Duration.ofNanos(Durations.parseNanos(after)));
    }
    return c;
  }
}
