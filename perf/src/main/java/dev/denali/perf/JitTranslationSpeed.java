package dev.denali.perf;

import dev.denali.asm.Assembler;
import dev.denali.asm.AssemblerOptions;
import dev.denali.asm.AssemblyResult;
import dev.denali.asm.SourceFile;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.LoadException;
import dev.denali.emu.ProgramLoader;
import dev.denali.emu.jit.Translation;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Harness: how fast the JIT translates a binary, in bytes of guest code per millisecond, on the
 * generated source of {@link SyntheticSource} (median of runs, each on a freshly loaded program
 * so nothing is cached).
 *
 * <pre>
 *   java -cp perf/target/denali-perf.jar dev.denali.perf.JitTranslationSpeed [lines] [runs]
 * </pre>
 */
public final class JitTranslationSpeed {
  private JitTranslationSpeed() {}

  public static void main(String[] args) throws LoadException {
    int lines = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    AssemblyResult r = Assembler.assemble(List.of(SourceFile.of("synthetic.s",
        SyntheticSource.generate(lines, 42))),
        AssemblerOptions.defaults().withSettings(Map.of("memory", "16M")));
    if (!r.ok()) {
      throw new IllegalStateException(r.formatDiagnostics());
    }
    double[] ms = new double[runs];
    int bytes = 0;
    int functions = 0;
    for (int i = -3; i < runs; i++) {
      GuestProgram p = ProgramLoader.load("synthetic", r.elf());
      Translation t = Translation.complete(p);
      bytes = 4 * p.code().length();
      functions = t.functions();
      if (i >= 0) {
        ms[i] = t.translationNanos() / 1e6;
      }
    }
    Arrays.sort(ms);
    double median = ms[runs / 2];
    System.out.printf("translated %,d bytes of guest code into %d functions: median %.1f ms,"
        + " %,.0f bytes/ms%n", bytes, functions, median, bytes / median);
  }
}
