package dev.denali.perf;

import dev.denali.emu.Engine;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.Vm;
import dev.denali.emu.interp.Interpreter;
import dev.denali.emu.jit.JitEngine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs kernels on the interpreter, on the JIT and in plain Java, in one process, and reports
 * median times. Checks that the engines agree (exit status and retired instructions) and that
 * the guest and Java versions give the same result. Used by {@link KernelReport} and
 * {@code denali bench}.
 */
public final class KernelComparison {
  /** One kernel's result: guest instructions and median milliseconds of each way to run it. */
  public record Row(String kernel, long instructions, double interpMs, double jitMs,
      double javaMs) {
    public double interpMips() {
      return instructions / (interpMs / 1e3) / 1e6;
    }

    public double jitMips() {
      return instructions / (jitMs / 1e3) / 1e6;
    }
  }

  private KernelComparison() {}

  /**
   * Measures {@code kernels}, {@code runs} timed runs each after as many warm-up runs;
   * {@code progress} hears what is being measured.
   */
  public static List<Row> measure(List<String> kernels, int runs, Consumer<String> progress) {
    Engine interp = new Interpreter();
    Engine jit = new JitEngine();
    List<Row> rows = new ArrayList<>();
    int i = 0;
    for (String name : kernels) {
      String step = "[" + (++i) + "/" + kernels.size() + "] " + name;
      GuestProgram p = Kernels.load(name);
      long[] first = Kernels.run(p, interp);
      long[] jitFirst = Kernels.run(p, jit);
      int expected = JavaKernels.run(name);
      if (first[0] != expected || jitFirst[0] != first[0] || jitFirst[1] != first[1]) {
        throw new IllegalStateException(name + ": results differ (interpreter " + first[0]
            + "/" + first[1] + ", JIT " + jitFirst[0] + "/" + jitFirst[1] + ", Java "
            + expected + ")");
      }
      progress.accept(step + ": interpreter");
      double interpMs = median(runs, () -> {
        Vm vm = Kernels.newVm(p);
        return () -> Kernels.run(vm, interp);
      });
      progress.accept(step + ": JIT");
      double jitMs = median(runs, () -> {
        Vm vm = Kernels.newVm(p);
        return () -> Kernels.run(vm, jit);
      });
      progress.accept(step + ": plain Java");
      double javaMs = median(runs, () -> () -> JavaKernels.run(name));
      rows.add(new Row(name, first[1], interpMs, jitMs, javaMs));
    }
    return rows;
  }

  /** The table of {@code rows}, with geometric means. */
  public static String table(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-8s %13s %10s %7s %9s %7s %9s %9s %8s%n", "kernel",
        "guest insns", "interp ms", "MIPS", "jit ms", "MIPS", "java ms", "jit/java",
        "speedup"));
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT,
          "%-8s %,13d %10.2f %7.0f %9.2f %7.0f %9.3f %8.1fx %7.1fx%n", r.kernel(),
          r.instructions(), r.interpMs(), r.interpMips(), r.jitMs(), r.jitMips(), r.javaMs(),
          r.jitMs() / r.javaMs(), r.interpMs() / r.jitMs()));
    }
    sb.append(String.format(Locale.ROOT, "geometric means: interpreter/Java %.1fx,"
        + " JIT/Java %.2fx, JIT speed-up over the interpreter %.1fx%n",
        geo(rows.stream().map(r -> r.interpMs() / r.javaMs()).toList()),
        geo(rows.stream().map(r -> r.jitMs() / r.javaMs()).toList()),
        geo(rows.stream().map(r -> r.interpMs() / r.jitMs()).toList())));
    return sb.toString();
  }

  private static double geo(List<Double> xs) {
    return Math.exp(xs.stream().mapToDouble(Math::log).average().orElse(0));
  }

  /**
   * Median wall time in ms of {@code runs} runs after as many warm-up runs; {@code prepare}
   * makes each run (a guest's VM, whose 8 MiB of memory took longer to allocate and touch than
   * the shorter kernels take to run) before the clock starts.
   */
  private static double median(int runs, java.util.function.Supplier<Runnable> prepare) {
    for (int i = 0; i < runs; i++) {
      prepare.get().run();
    }
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      Runnable r = prepare.get();
      long t0 = System.nanoTime();
      r.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms[runs / 2];
  }
}
