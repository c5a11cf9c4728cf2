package dev.denali.perf;

import dev.denali.asm.Assembler;
import dev.denali.asm.AssemblerOptions;
import dev.denali.asm.AssemblyResult;
import dev.denali.asm.SourceFile;
import java.util.Arrays;
import java.util.List;

/**
 * Harness: assembles a generated source (100,000 lines by default) repeatedly and prints the
 * median time and source lines per second. The first runs warm the JIT up and are not counted.
 *
 * <pre>
 *   java -cp perf/target/denali-perf.jar dev.denali.perf.AssemblerSpeed [lines] [runs]
 * </pre>
 */
public final class AssemblerSpeed {
  private AssemblerSpeed() {}

  public static void main(String[] args) {
    int lines = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int warmup = 3;
    String text = SyntheticSource.generate(lines, 42);
    int actual = (int) text.chars().filter(c -> c == '\n').count();
    List<SourceFile> src = List.of(SourceFile.of("synthetic.s", text));
    long[] nanos = new long[runs];
    int textBytes = 0;
    for (int i = -warmup; i < runs; i++) {
      long t0 = System.nanoTime();
      AssemblyResult r = Assembler.assemble(src, AssemblerOptions.defaults());
      long t = System.nanoTime() - t0;
      if (!r.ok()) {
        System.err.println(r.formatDiagnostics());
        throw new IllegalStateException("BUG: the synthetic source does not assemble");
      }
      textBytes = r.image().text().length;
      if (i >= 0) {
        nanos[i] = t;
      }
    }
    Arrays.sort(nanos);
    long median = nanos[runs / 2];
    System.out.printf("assembled %,d lines (%,d bytes of .text) %d times after %d warm-up runs%n",
        actual, textBytes, runs, warmup);
    System.out.printf("median %.1f ms, min %.1f ms, max %.1f ms: %,.0f lines/s (median)%n",
        median / 1e6, nanos[0] / 1e6, nanos[runs - 1] / 1e6, actual / (median / 1e9));
  }
}
