package dev.denali.perf.suite;

import dev.denali.emu.HostPrograms;
import dev.denali.perf.c.CResources;
import dev.denali.perf.c.GuestBuild;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Harness: the benchmark suite ({@link SuitePrograms}) on the interpreter, the JIT and the
 * tiered engine, against the same programs natively (gcc -O2) and under qemu-riscv32. Prints a
 * header (what was measured, how, on which JVM with which flags, the machine's load), a table
 * with one row per program and a geometric-mean row ({@link SuiteTable}), and every mismatch
 * between engines, qemu and native; exits 1 when there was any, 2 on a usage error.
 *
 * <pre>
 *   taskset -c 0 java -XX:+UseParallelGC -Xmx2g -cp perf/target/denali-perf.jar \
 *       dev.denali.perf.suite.SuiteReport [--fresh] [--runs R] [--warmup W] \
 *       [--child-jvm "OPTIONS"] [--no-native] [--no-qemu] [program...]
 * </pre>
 *
 * <p>Steady state (the default, {@link SteadyState}): one JVM, W warm-up runs (default {@value
 * #DEFAULT_WARMUPS}) and R measured runs (default 10) per engine. {@code --fresh} ({@link
 * FreshJvm}): every run is a child JVM running {@code denali run}, R runs (default 5) per
 * engine, started with {@code --child-jvm} options (default {@value #DEFAULT_CHILD_JVM}). Run
 * from the repository root (or pass {@code -Ddenali.root=...}): the guest SDK and {@code
 * cli/target/denali.jar} are found there.
 */
public final class SuiteReport {
  private SuiteReport() {}

  /**
   * Warm-up runs per engine in steady state. HotSpot counts calls and loop turns, not time,
   * before it gives a method C2's code: with 10, the measured runs of lexer and bintree still
   * ran partly in C1's profiling code ({@code -XX:+PrintCompilation}: lexer's tokenizer body,
   * entered 192 times a run, reached C2 after about 25 runs), so the table mixed warm-up into
   * the steady state (lexer 51 ms per run after 10, 42 after 30 and after 40). The warm-up
   * curve is what {@code --fresh} measures.
   */
  static final int DEFAULT_WARMUPS = 30;

  /**
   * The options of the child JVMs unless {@code --child-jvm} says otherwise: the collector and
   * heap, and what {@code bin/denali} gives every JVM it starts (no bytecode verification of our
   * classes, no inlining of the JIT's pieces: see the launcher).
   */
  public static final String DEFAULT_CHILD_JVM = "-XX:+UseParallelGC -Xmx2g"
      + " -XX:+UnlockDiagnosticVMOptions -XX:-BytecodeVerificationRemote"
      + " -XX:CompileCommand=quiet -XX:CompileCommand=dontinline,"
      + dev.denali.emu.jit.JitEngine.PIECES;

  /** What to measure and how. */
  public record Settings(GuestBuild build, int runs, int warmups, boolean nativeBaseline,
      Optional<Path> qemu) {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the report; returns the exit status (0, 1 on mismatches, 2 on a usage error). */
  static int run(String[] args) {
    boolean fresh = false;
    Integer runs = null;
    int warmups = DEFAULT_WARMUPS;
    String childJvm = DEFAULT_CHILD_JVM;
    boolean nativeBaseline = true;
    boolean useQemu = true;
    List<String> programs = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--fresh" -> fresh = true;
          case "--runs" -> runs = Integer.parseInt(args[++i]);
          case "--warmup" -> warmups = Integer.parseInt(args[++i]);
          case "--child-jvm" -> childJvm = args[++i];
          case "--no-native" -> nativeBaseline = false;
          case "--no-qemu" -> useQemu = false;
          default -> {
            if (args[i].startsWith("-")) {
              throw new IllegalArgumentException("unknown option " + args[i]);
            }
            programs.add(args[i]);
          }
        }
      }
      if (runs != null && runs < 1 || warmups < 0) {
        throw new IllegalArgumentException("--runs must be at least 1, --warmup at least 0");
      }
      for (String p : programs) {
        if (!SuitePrograms.names().contains(p)) {
          throw new IllegalArgumentException("no program " + p + " (there are "
              + SuitePrograms.names() + ")");
        }
      }
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      System.err.println("SuiteReport: " + e.getMessage() + "\nusage: SuiteReport [--fresh]"
          + " [--runs R] [--warmup W] [--child-jvm \"OPTIONS\"] [--no-native] [--no-qemu]"
          + " [program...]");
      return 2;
    }
    if (programs.isEmpty()) {
      programs.addAll(SuitePrograms.names());
    }
    Optional<Path> qemu = useQemu ? Baselines.qemu() : Optional.empty();
    if (useQemu && qemu.isEmpty()) {
      System.err.println("qemu-riscv32 not found: no qemu column (apt-get install "
          + Baselines.QEMU_PACKAGE + ")");
    }
    if (nativeBaseline && HostPrograms.find(System.getProperty("denali.hostcc", "gcc"))
        .isEmpty()) {
      System.err.println("no host gcc: no native column (apt-get install gcc)");
      nativeBaseline = false;
    }
    GuestBuild build;
    try {
      build = GuestBuild.gccO2();
    } catch (IllegalStateException e) {
      System.err.println("SuiteReport: " + e.getMessage());
      return 2;
    }
    if (HostPrograms.find(build.program()).isEmpty()) {
      System.err.println("SuiteReport: " + build.program() + " not found; "
          + build.compiler().installHint());
      return 2;
    }
    Settings settings = new Settings(build, runs != null ? runs : (fresh ? 5 : 10),
        fresh ? 0 : warmups, nativeBaseline, qemu);
    FreshJvm.Launcher launcher = null;
    if (fresh) {
      Path jar = cliJar();
      if (!Files.isRegularFile(jar)) {
        System.err.println("SuiteReport --fresh needs " + jar + ": build it with"
            + " mvn -B -ntp -pl cli -am install -DskipTests (or pass -Ddenali.cli.jar=...)");
        return 2;
      }
      launcher = new FreshJvm.Launcher(Path.of(System.getProperty("java.home"), "bin", "java"),
          Arrays.stream(childJvm.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList(), jar);
    }
    return measureAll(programs, settings, launcher);
  }

  private static int measureAll(List<String> programs, Settings settings,
      FreshJvm.Launcher launcher) {
    boolean fresh = launcher != null;
    Path dir;
    try {
      dir = Files.createTempDirectory("denali-suite");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      System.out.print(ReportHeader.text(settings, launcher, dir));
      System.out.flush();
      List<SuiteTable.Row> rows = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      for (String name : programs) {
        System.err.println("measuring " + name + " ...");
        Agreement agreement = new Agreement(name);
        Path elf = dir.resolve(name + ".elf");
        try {
          Files.write(elf, SuitePrograms.elf(name, settings.build()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        elf.toFile().setExecutable(true);
        rows.add(fresh ? FreshJvm.measure(name, settings, launcher, elf, agreement)
            : SteadyState.measure(name, settings, elf, agreement));
        problems.addAll(agreement.problems());
      }
      System.out.println();
      System.out.print(SuiteTable.format(rows, fresh));
      System.out.println(SuiteTable.legend(fresh));
      System.out.println("load average at the end: " + ReportHeader.loadAverage());
      if (problems.isEmpty()) {
        System.out.println("checks: every run of every program agreed (exit status, output,"
            + " retired instructions between the engines; exit status and output with"
            + " qemu-riscv32 and native), and every program's own check passed");
        return 0;
      }
      System.out.println();
      System.out.println("*** " + problems.size() + " MISMATCH(ES): an engine, qemu or the"
          + " native build disagrees, or a program's own check failed ***");
      problems.forEach(p -> System.out.println("  " + p));
      return 1;
    } finally {
      CResources.deleteTree(dir);
    }
  }

  /** The CLI jar the fresh mode runs: -Ddenali.cli.jar, else {@code <denali.root>/cli/...}. */
  static Path cliJar() {
    String jar = System.getProperty("denali.cli.jar");
    if (jar != null) {
      return Path.of(jar).toAbsolutePath();
    }
    return Path.of(System.getProperty("denali.root", ".")).toAbsolutePath().normalize()
        .resolve("cli").resolve("target").resolve("denali.jar");
  }

  /** This JVM's command-line options, as the header shows them. */
  static String jvmOptions() {
    List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
    return args.isEmpty() ? "(none)" : String.join(" ", args);
  }
}
