package dev.denali.perf.c;

import dev.denali.emu.Code;
import dev.denali.emu.Engine;
import dev.denali.emu.EngineKind;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.jit.Translation;
import dev.denali.perf.Kernels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Harness: JIT warm-up. Each kernel runs in a fresh JVM (a child process, started with this JVM's
 * options and class path) on a freshly loaded program, so the first run pays for the translation
 * to bytecode, HotSpot's compilation of the generated functions and of the engine itself. Every run
 * is a fresh VM, timed on its own; the report gives the time of each of the first 30 runs, the
 * steady state (median of the last 10 runs), the first run within 10 % of it and the run from
 * which no run is more than 10 % slower than it (each with the wall time spent until then, all
 * runs summed; a single slow run between two normal ones, such as a GC pause, does not count
 * as unsettled), and the translation time ({@code Translation.translationNanos()}). For the
 * tiered engine it also shows how many functions were translated when each run ended.
 *
 * <pre>
 *   taskset -c 0 java -cp perf/target/denali-perf.jar dev.denali.perf.c.WarmupReport \
 *       [--runs N] [--engine jit|auto|interp] [--same-jvm] [kernel...]
 * </pre>
 *
 * <p>Kernels: the assembly kernels ({@code loop sieve crc32 fib matmul sort}) and the C kernels
 * ({@code workload}); all of them by default. Runs: 60 by default (at least 20). Engine
 * {@code auto} is the tiered engine (interpreter first, translation in the background).
 * {@code --same-jvm} measures every kernel in this JVM, one after the other (so later kernels
 * find the engine already compiled by HotSpot).
 */
public final class WarmupReport {
  private static final String SUMMARY = "#summary\t";
  private static final int SHOWN = 30;
  private static final int STEADY = 10;

  private WarmupReport() {}

  /** What a child reports back. */
  record Summary(String kernel, long instructions, double translationMs, int functions,
      double firstMs, double steadyMs, int firstWithin, double firstWithinMs, int settled,
      double settledMs) {
    String encode() {
      return String.join("\t", kernel, Long.toString(instructions),
          Double.toString(translationMs), Integer.toString(functions), Double.toString(firstMs),
          Double.toString(steadyMs), Integer.toString(firstWithin),
          Double.toString(firstWithinMs), Integer.toString(settled),
          Double.toString(settledMs));
    }

    static Summary decode(String s) {
      String[] f = s.split("\t");
      return new Summary(f[0], Long.parseLong(f[1]), Double.parseDouble(f[2]),
          Integer.parseInt(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
          Integer.parseInt(f[6]), Double.parseDouble(f[7]), Integer.parseInt(f[8]),
          Double.parseDouble(f[9]));
    }
  }

  public static void main(String[] args) throws Exception {
    int runs = 60;
    String engine = "jit";
    boolean sameJvm = false;
    boolean child = false;
    List<String> kernels = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--engine" -> engine = args[++i];
        case "--same-jvm" -> sameJvm = true;
        case "--child" -> child = true;
        default -> kernels.add(args[i]);
      }
    }
    if (runs < 2 * STEADY) {
      throw new IllegalArgumentException("--runs must be at least " + 2 * STEADY);
    }
    engine(engine); // validates the name
    if (kernels.isEmpty()) {
      kernels.addAll(Kernels.NAMES);
      kernels.addAll(CKernels.names());
    }
    if (child) {
      for (String k : kernels) {
        Summary s = measure(k, runs, engine);
        System.out.println(SUMMARY + s.encode());
      }
      return;
    }
    System.out.printf(Locale.ROOT, "JIT warm-up: engine %s, %d runs per kernel, %s%n", engine,
        runs, sameJvm ? "all kernels in this JVM" : "each kernel in a fresh JVM");
    List<Summary> summaries = new ArrayList<>();
    for (String k : kernels) {
      if (sameJvm) {
        summaries.add(measure(k, runs, engine));
      } else {
        summaries.add(inChild(k, runs, engine));
      }
    }
    System.out.print(table(summaries));
  }

  private static Engine engine(String name) {
    EngineKind kind = EngineKind.byLabel(name);
    if (kind == null) {
      throw new IllegalArgumentException("unknown engine " + name + " (" + EngineKind.labels()
          + ")");
    }
    return kind.create();
  }

  /** Loads kernel {@code name} afresh: an assembly kernel or a C kernel. */
  private static GuestProgram load(String name) {
    if (Kernels.NAMES.contains(name)) {
      return Kernels.load(name);
    }
    CKernels.elf(name); // compile outside the measurement
    return CKernels.load(name);
  }

  /** Measures one kernel in this JVM and prints its runs. */
  static Summary measure(String name, int runs, String engineName) {
    Engine engine = engine(engineName);
    GuestProgram program = load(name);
    Code code = program.code();
    if (code.translation() != null) {
      throw new IllegalStateException("BUG: a freshly loaded program is already translated");
    }
    double[] ms = new double[runs];
    int[] translated = new int[runs]; // functions translated when each run ended
    long instructions = 0;
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      long[] r = Kernels.run(program, engine);
      ms[i] = (System.nanoTime() - t0) / 1e6;
      instructions = r[1];
      translated[i] = code.translation() instanceof Translation t ? t.functions() : 0;
    }
    double translationMs = Double.NaN;
    int functions = 0;
    if (code.translation() instanceof Translation t) {
      translationMs = t.translationNanos() / 1e6;
      functions = t.functions();
    }
    double[] last = Arrays.copyOfRange(ms, runs - STEADY, runs);
    Arrays.sort(last);
    double steady = (last[STEADY / 2 - 1] + last[STEADY / 2]) / 2;
    int firstWithin = -1;
    int settled;
    for (int i = 0; i < runs; i++) {
      if (firstWithin < 0 && Math.abs(ms[i] - steady) <= 0.1 * steady) {
        firstWithin = i;
      }
    }
    boolean[] slow = new boolean[runs];
    for (int i = 0; i < runs; i++) {
      slow[i] = ms[i] > 1.1 * steady;
    }
    // settled: after the last slow run that is not an isolated spike (one slow run between
    // two that are not, such as a GC pause)
    settled = 0;
    for (int i = runs - 1; i >= 0; i--) {
      boolean spike = slow[i] && i > 0 && !slow[i - 1] && (i == runs - 1 || !slow[i + 1]);
      if (slow[i] && !spike) {
        settled = i + 1;
        break;
      }
    }
    settled = Math.min(settled, runs - 1);
    Summary s = new Summary(name, instructions, translationMs, functions, ms[0], steady,
        firstWithin + 1, elapsed(ms, firstWithin), settled + 1, elapsed(ms, settled));

    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%n%s (%s, %,d guest instructions per run):"
        + " translation %s%n", name, Kernels.NAMES.contains(name) ? "assembly" : "C",
        instructions, Double.isNaN(translationMs) ? "none"
            : String.format(Locale.ROOT, "%.1f ms (%d functions)", translationMs, functions)));
    sb.append(String.format(Locale.ROOT, "  first %d runs, ms:", Math.min(SHOWN, runs)));
    for (int i = 0; i < Math.min(SHOWN, runs); i++) {
      sb.append(i % 10 == 0 ? String.format("%n   ") : "")
          .append(String.format(Locale.ROOT, " %8.2f", ms[i]));
    }
    if (engineName.equals("auto")) {
      sb.append(String.format(Locale.ROOT, "%n  functions translated (of %d) when each run"
          + " ended:", code.translation() instanceof Translation t ? t.knownFunctions() : 0));
      for (int i = 0; i < Math.min(SHOWN, runs); i++) {
        sb.append(i % 10 == 0 ? String.format("%n   ") : "")
            .append(String.format(Locale.ROOT, " %8d", translated[i]));
      }
    }
    sb.append(String.format(Locale.ROOT, "%n  last %d runs, ms:%n   ", STEADY));
    for (int i = runs - STEADY; i < runs; i++) {
      sb.append(String.format(Locale.ROOT, " %8.2f", ms[i]));
    }
    sb.append(String.format(Locale.ROOT, "%n  steady state (median of the last %d runs):"
        + " %.2f ms; run 1 is %.1fx that%n", STEADY, steady, ms[0] / steady));
    sb.append(String.format(Locale.ROOT, "  within 10%% of steady: first at run %d, after"
        + " %.0f ms; settled from run %d on (no later run more than 10%% slower but isolated"
        + " spikes), after %.0f ms%n",
        s.firstWithin(), s.firstWithinMs(), s.settled(), s.settledMs()));
    System.out.print(sb);
    System.out.flush();
    return s;
  }

  /** Sum of ms[0..last]. */
  private static double elapsed(double[] ms, int last) {
    double t = 0;
    for (int i = 0; i <= last; i++) {
      t += ms[i];
    }
    return t;
  }

  /** Measures one kernel in a child JVM, relaying its output. */
  private static Summary inChild(String kernel, int runs, String engine)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    if (System.getProperty("denali.root") == null) {
      cmd.add("-Ddenali.root=" + Path.of("").toAbsolutePath());
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(WarmupReport.class.getName());
    cmd.addAll(List.of("--child", "--runs", Integer.toString(runs), "--engine", engine,
        kernel));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Summary s = null;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        int at = line.indexOf(SUMMARY); // JVM diagnostics (-XX:+Print...) may share the line
        if (at >= 0) {
          s = Summary.decode(line.substring(at + SUMMARY.length()));
          if (at > 0) {
            System.out.println(line.substring(0, at));
          }
        } else {
          System.out.println(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int status = p.waitFor();
    if (status != 0 || s == null) {
      throw new IllegalStateException("the child JVM for " + kernel + " failed (exit "
          + status + ")");
    }
    return s;
  }

  static String table(List<Summary> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%nsummary: times in ms; first within 10%%: the first"
        + " run within 10%% of steady; settled: the run from which none is more than 10%% slower"
        + "%n  (isolated spikes, such as a GC pause, aside);"
        + "%n  both as #run/wall ms of all runs up to and including it%n"));
    sb.append(String.format(Locale.ROOT, "%-8s %13s %9s %7s %9s %9s %7s %13s %13s%n",
        "kernel", "guest insns", "transl.", "functions", "run 1", "steady", "1/st.",
        "first within", "settled"));
    for (Summary s : rows) {
      sb.append(String.format(Locale.ROOT, "%-8s %,13d %9s %7d %9.2f %9.2f %6.1fx %13s %13s%n",
          s.kernel(), s.instructions(), Double.isNaN(s.translationMs()) ? "-"
              : String.format(Locale.ROOT, "%.1f", s.translationMs()), s.functions(),
          s.firstMs(), s.steadyMs(), s.firstMs() / s.steadyMs(),
          String.format(Locale.ROOT, "#%d/%.0f", s.firstWithin(), s.firstWithinMs()),
          String.format(Locale.ROOT, "#%d/%.0f", s.settled(), s.settledMs())));
    }
    return sb.toString();
  }
}
