package dev.denali.perf;

import java.util.Arrays;
import java.util.List;

/**
 * Harness: every kernel on the interpreter, on the JIT and in plain Java, in the same process;
 * prints median times, guest MIPS, JIT/Java and JIT/interpreter ratios. Pin it to one core when
 * comparing: {@code taskset -c 0}.
 *
 * <pre>
 *   taskset -c 0 java -cp perf/target/denali-perf.jar dev.denali.perf.KernelReport [runs] [kernel...]
 * </pre>
 */
public final class KernelReport {
  private KernelReport() {}

  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    List<String> names = args.length > 1 ? Arrays.asList(args).subList(1, args.length)
        : Kernels.NAMES;
    System.out.print(KernelComparison.table(KernelComparison.measure(names, runs, s -> { })));
  }
}
