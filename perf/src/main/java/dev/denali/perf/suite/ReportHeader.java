package dev.denali.perf.suite;

import dev.denali.asm.Assembler;
import dev.denali.asm.AssemblerOptions;
import dev.denali.asm.AssemblyResult;
import dev.denali.asm.SourceFile;
import dev.denali.emu.EngineKind;
import dev.denali.emu.HostPrograms;
import dev.denali.perf.c.CResources;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The report's header: what was measured and how, the tools and their versions, this JVM's
 * options and collectors (and the child JVMs' options), the machine (date, CPUs, the CPUs this
 * process may run on, the load average), and the fixed costs a reader needs to read the table:
 * qemu-riscv32's start-up and, in fresh-JVM mode, {@code denali run}'s, each measured with an
 * empty guest (one exit ecall).
 */
final class ReportHeader {
  private ReportHeader() {}

  private static final String EMPTY_GUEST = """
              .text
              .globl  _start
      _start: li      a0, 0
              li      a7, 93
              ecall
      """;

  static String text(SuiteReport.Settings s, FreshJvm.Launcher launcher, Path dir) {
    StringBuilder sb = new StringBuilder();
    boolean fresh = launcher != null;
    Path empty = emptyGuest(dir);
    sb.append("Denali benchmark suite: guest build ").append(s.build().describe()).append(" (")
        .append(firstLine(s.build().program(), "--version")).append(")\n");
    if (fresh) {
      sb.append(String.format(Locale.ROOT, "mode: fresh JVM. Per engine %d child JVMs, each"
          + " timed from its start to its exit; median. Command:%n  %s%n", s.runs(),
          String.join(" ", launcher.command(EngineKind.AUTO, Path.of("PROGRAM.elf")))));
      sb.append(String.format(Locale.ROOT, "  the same with an empty guest (JVM start-up and"
          + " exit): %.0f ms on interp (median of 5)%n", medianMs(5,
              launcher.command(EngineKind.INTERP, empty))));
    } else {
      sb.append(String.format(Locale.ROOT, "mode: steady state, one JVM. Per engine one"
          + " loaded program, %d warm-up then %d measured runs, each on a fresh Vm, engines"
          + " taking turns run by run;%n  time: median wall time from Vm creation to exit%n",
          s.warmups(), s.runs()));
    }
    if (s.nativeBaseline()) {
      sb.append(String.format(Locale.ROOT, "native: %s -O2 -DNATIVE_BENCH (%s); the program's"
          + " own clock around its work, median of %d runs in one process%n",
          System.getProperty("denali.hostcc", "gcc"),
          firstLine(System.getProperty("denali.hostcc", "gcc"), "--version"), s.runs()));
    } else {
      boolean hostCc = HostPrograms.find(
          System.getProperty("denali.hostcc", "gcc")).isPresent();
      sb.append(hostCc ? "native: not measured (--no-native)\n"
          : "native: not measured (no host gcc: apt-get install gcc)\n");
    }
    if (s.qemu().isPresent()) {
      String qemu = s.qemu().get().toString();
      sb.append(String.format(Locale.ROOT, "qemu: %s; wall time of the whole process, median"
          + " of %d; its start-up alone (an empty guest): %.1f ms%n", firstLine(qemu,
              "--version"), s.runs(), medianMs(5, List.of(qemu, empty.toString()))));
    } else if (Baselines.qemu().isPresent()) {
      sb.append("qemu: not measured (--no-qemu)\n");
    } else {
      sb.append("qemu: not measured (apt-get install ").append(Baselines.QEMU_PACKAGE)
          .append(")\n");
    }
    sb.append(String.format(Locale.ROOT, "JVM: %s %s; options: %s; GC: %s%n",
        System.getProperty("java.vm.name"), System.getProperty("java.vm.version"),
        SuiteReport.jvmOptions(), ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", "))));
    if (fresh) {
      sb.append("child JVMs: ").append(String.join(" ", launcher.options())).append('\n');
    }
    sb.append(String.format(Locale.ROOT, "machine: %s; %d CPUs available to the JVM, allowed"
        + " CPUs %s (pin with taskset -c 0); load average %s%n",
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
        Runtime.getRuntime().availableProcessors(), allowedCpus(), loadAverage()));
    return sb.toString();
  }

  /** An ELF that exits 0 at once, assembled by our assembler into {@code dir}. */
  private static Path emptyGuest(Path dir) {
    AssemblyResult r = Assembler.assemble(List.of(SourceFile.of("empty.s", EMPTY_GUEST)),
        AssemblerOptions.defaults());
    if (!r.ok()) {
      throw new IllegalStateException("the empty guest does not assemble:\n"
          + r.formatDiagnostics());
    }
    Path elf = dir.resolve("empty.elf");
    try {
      Files.write(elf, r.elf());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    elf.toFile().setExecutable(true);
    return elf;
  }

  private static double medianMs(int runs, List<String> cmd) {
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      ProcessRun.Result r = ProcessRun.run(cmd, Duration.ofMinutes(1));
      ms[i] = r.exitStatus() == 0 ? r.nanos() / 1e6 : Double.NaN;
    }
    return Stats.median(ms);
  }

  /** The first line of a tool's output, or "?" when it does not run. */
  private static String firstLine(String program, String arg) {
    try {
      return CResources.exec(List.of(program, arg), Path.of("."), "").lines().findFirst()
          .orElse("?").strip();
    } catch (IllegalStateException | IOException e) {
      return "?";
    }
  }

  private static String allowedCpus() {
    return procLine(Path.of("/proc/self/status"), "Cpus_allowed_list:");
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).split(" ");
      return f[0] + " " + f[1] + " " + f[2] + " (1, 5, 15 min)";
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String procLine(Path file, String key) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(l -> l.startsWith(key)).map(l -> l.substring(key.length()).strip())
          .findFirst().orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
