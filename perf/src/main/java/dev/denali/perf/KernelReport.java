package dev.denali.perf;

import dev.denali.emu.Engine;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.interp.Interpreter;
import dev.denali.emu.jit.JitEngine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Harness: runs every kernel on the interpreter and in plain Java, in the same process, and
 * prints median times, guest MIPS and the interpreter/Java ratio. Checks that both give the same
 * result. Pin it to one core when comparing: {@code taskset -c 0}.
 *
 * <pre>
 *   java -cp perf/target/denali-perf.jar dev.denali.perf.KernelReport [runs] [kernel...]
 * </pre>
 */
public final class KernelReport {
  private KernelReport() {}

  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    List<String> names = args.length > 1 ? Arrays.asList(args).subList(1, args.length)
        : Kernels.NAMES;
    Engine engine = new Interpreter();
    Engine jit = new JitEngine();
    System.out.printf(Locale.ROOT, "%-8s %14s %11s %8s %9s %8s %9s %9s %8s%n", "kernel",
        "guest insns", "interp ms", "MIPS", "jit ms", "MIPS", "java ms", "jit/java",
        "speedup");
    List<Double> ratios = new ArrayList<>();
    List<Double> jitRatios = new ArrayList<>();
    List<Double> speedups = new ArrayList<>();
    for (String name : names) {
      GuestProgram p = Kernels.load(name);
      long[] first = Kernels.run(p, engine);
      int expected = JavaKernels.run(name);
      if (first[0] != expected) {
        throw new IllegalStateException(name + ": guest exit " + first[0] + " but Java gives "
            + expected);
      }
      long[] jitFirst = Kernels.run(p, jit);
      if (jitFirst[0] != first[0] || jitFirst[1] != first[1]) {
        throw new IllegalStateException(name + ": the JIT and the interpreter disagree");
      }
      double interp = median(runs, () -> Kernels.run(p, engine));
      double jitted = median(runs, () -> Kernels.run(p, jit));
      double java = median(runs, () -> JavaKernels.run(name));
      ratios.add(interp / java);
      jitRatios.add(jitted / java);
      speedups.add(interp / jitted);
      System.out.printf(Locale.ROOT, "%-8s %,14d %11.2f %8.0f %9.2f %8.0f %9.3f %8.1fx %7.1fx%n",
          name, first[1], interp, first[1] / (interp / 1e3) / 1e6, jitted,
          first[1] / (jitted / 1e3) / 1e6, java, jitted / java, interp / jitted);
    }
    System.out.printf(Locale.ROOT, "geometric means: interp/java %.1fx, jit/java %.2fx,"
        + " jit speed-up over interp %.1fx%n", geo(ratios), geo(jitRatios), geo(speedups));
  }

  private static double geo(List<Double> xs) {
    return Math.exp(xs.stream().mapToDouble(Math::log).average().orElse(0));
  }

  /** Median wall time in ms of {@code runs} runs after as many warm-up runs. */
  private static double median(int runs, Runnable r) {
    for (int i = 0; i < runs; i++) {
      r.run();
    }
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      r.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms[runs / 2];
  }
}
