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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Harness: how fast the JIT translates real programs, in bytes of guest code translated per
 * millisecond: the benchmark suite's C programs (gcc -O2), or the ELF files named on the command
 * line. Every function the program has is translated ({@link Translation#complete}); the rate
 * counts the bytes of those functions only (not data or unreachable text in the text segment),
 * and the time includes analysis, bytecode generation and class definition (verification). The
 * first round is the cold one of a fresh JVM; the translator's own code then warms up for about a
 * dozen rounds (HotSpot compiling it, on the same CPU when pinned), and the rate quoted is the
 * median of the second half of the rounds (30 by default).
 *
 * <pre>
 *   java -XX:+UseParallelGC -cp perf/target/denali-perf.jar dev.denali.perf.JitTranslationSpeed
 *       [--rounds N] [program.elf ...]
 * </pre>
 */
public final class JitTranslationSpeed {
  private JitTranslationSpeed() {}

  public static void main(String[] args) throws LoadException, IOException {
    int rounds = 30;
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
    // the translator itself is Java code that HotSpot compiles while it runs: on one CPU the
    // rounds speed up for about a dozen rounds, so the steady state is the second half
    double[] steady = Arrays.copyOfRange(perRound, Math.max(1, rounds / 2), rounds);
    Arrays.sort(steady);
    double median = steady.length == 0 ? cold : steady[steady.length / 2];
    System.out.printf("%d programs, %d functions, %,d bytes of guest code translated%n",
        programs.size(), functions, bytes);
    System.out.printf("first round (cold JVM): %.0f ms, %,.0f bytes/ms%n", cold, bytes / cold);
    StringBuilder curve = new StringBuilder();
    for (int i = 1; i < Math.max(1, rounds / 2); i++) {
      curve.append(curve.length() == 0 ? "" : " ").append(Math.round(perRound[i]));
    }
    System.out.printf("warming up (rounds 2-%d, ms): %s%n", Math.max(1, rounds / 2), curve);
    System.out.printf("steady state (median of rounds %d-%d): %.0f ms, %,.0f bytes/ms (%.2f MB/s)%n",
        Math.max(1, rounds / 2) + 1, rounds, median, bytes / median, bytes / median / 1000);
  }
}
