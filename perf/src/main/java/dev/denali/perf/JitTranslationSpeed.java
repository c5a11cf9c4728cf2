package dev.denali.perf;

import dev.denali.emu.GuestProgram;
import dev.denali.emu.LoadException;
import dev.denali.emu.ProgramLoader;
import dev.denali.emu.jit.Translation;
import dev.denali.perf.c.GuestBuild;
import dev.denali.perf.suite.SuitePrograms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Harness: how fast the JIT translates real programs, in bytes of guest code translated per
 * millisecond: the benchmark suite's C programs (gcc -O2), or the ELF files named on the command
 * line. Every function the program has is translated ({@link Translation#complete}); the rate
 * counts the bytes of those functions only (not data or unreachable text in the text segment),
 * and the time includes analysis, bytecode generation and class definition (verification). The
 * first round is the cold one of a fresh JVM; the rate quoted is the median of later rounds.
 *
 * <pre>
 *   java -XX:+UseParallelGC -cp perf/target/denali-perf.jar dev.denali.perf.JitTranslationSpeed
 *       [--rounds N] [program.elf ...]
 * </pre>
 */
public final class JitTranslationSpeed {
  private JitTranslationSpeed() {}

  public static void main(String[] args) throws LoadException, IOException {
    int rounds = 15;
    Map<String, byte[]> programs = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--rounds")) {
        rounds = Integer.parseInt(args[++i]);
      } else {
        programs.put(Path.of(args[i]).getFileName().toString(), Files.readAllBytes(Path.of(args[i])));
      }
    }
    if (programs.isEmpty()) {
      for (String name : SuitePrograms.names()) {
        programs.put(name, SuitePrograms.elf(name, GuestBuild.gccO2()));
      }
    }
    long bytes = 0;
    int functions = 0;
    double cold = 0;
    double[] perRound = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      double ms = 0;
      for (Map.Entry<String, byte[]> e : programs.entrySet()) {
        GuestProgram p = ProgramLoader.load(e.getKey(), e.getValue());
        Translation t = Translation.complete(p);
        ms += t.translationNanos() / 1e6;
        if (round == 0) {
          bytes += t.translatedGuestBytes();
          functions += t.functions();
        }
      }
      if (round == 0) {
        cold = ms;
      }
      perRound[round] = ms;
    }
    List<Double> warm = new ArrayList<>();
    for (int i = 1; i < rounds; i++) {
      warm.add(perRound[i]);
    }
    double[] sorted = warm.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    double median = sorted.length == 0 ? cold : sorted[sorted.length / 2];
    System.out.printf("%d programs, %d functions, %,d bytes of guest code translated%n",
        programs.size(), functions, bytes);
    System.out.printf("first round (cold JVM): %.0f ms, %,.0f bytes/ms%n", cold, bytes / cold);
    System.out.printf("later rounds: median %.0f ms, %,.0f bytes/ms (%.2f MB/s)%n", median,
        bytes / median, bytes / median / 1000);
  }
}
