package dev.denali.perf;

import dev.denali.emu.Engine;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.interp.Interpreter;
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
    System.out.printf(Locale.ROOT, "%-8s %14s %12s %10s %12s %10s%n", "kernel",
        "guest insns", "interp ms", "MIPS", "java ms", "interp/java");
    List<Double> ratios = new ArrayList<>();
    for (String name : names) {
      GuestProgram p = Kernels.load(name);
      long[] first = Kernels.run(p, engine);
      int expected = JavaKernels.run(name);
      if (first[0] != expected) {
        throw new IllegalStateException(name + ": guest exit " + first[0] + " but Java gives "
            + expected);
      }
      double interp = median(runs, () -> Kernels.run(p, engine));
      double java = median(runs, () -> JavaKernels.run(name));
      double mips = first[1] / (interp / 1e3) / 1e6;
      ratios.add(interp / java);
      System.out.printf(Locale.ROOT, "%-8s %,14d %12.2f %10.1f %12.3f %10.1fx%n", name,
          first[1], interp, mips, java, interp / java);
    }
    double geo = Math.exp(ratios.stream().mapToDouble(Math::log).average().orElse(0));
    System.out.printf(Locale.ROOT, "geometric mean of interp/java: %.1fx%n", geo);
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
