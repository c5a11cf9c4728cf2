package dev.denali.asm.diff;

import dev.denali.asm.Assembler;
import dev.denali.asm.AssemblyResult;
import dev.denali.asm.SourceFile;
import dev.denali.asm.testing.GnuToolchain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A tool, not a test: runs many random programs through both assemblers, groups the failures by
 * cause (the first error message, or the mnemonic at the first differing byte) and shrinks one
 * program per group to a minimal repro (delta debugging on lines, keeping the same cause).
 *
 * <pre>
 * mvn -B -ntp -pl assembler test -Dtest=DiffTriage -Ddenali.diff.triage=true \
 *     -Ddenali.diff.count=1000 [-Ddenali.diff.seed=S] [-Ddenali.diff.avoid=fill,li-x0]
 * </pre>
 *
 * <p>It prints its report on stdout and always passes.
 */
class DiffTriage {
  private record Outcome(String category, String detail) {}

  @Test
  @EnabledIfSystemProperty(named = "denali.diff.triage", matches = "true")
  void triage() {
    GnuToolchain.require();
    long base = Long.getLong("denali.diff.seed", GasDifferentialTest.DEFAULT_SEED);
    int count = Integer.getInteger("denali.diff.count", GasDifferentialTest.DEFAULT_COUNT);
    Set<String> avoid =
        RandomProgramGenerator.parseFeatures(System.getProperty("denali.diff.avoid"));
    Map<String, List<Long>> seeds = new TreeMap<>();
    Map<String, String> example = new HashMap<>();
    int ok = 0;
    for (long s = base; s < base + count; s++) {
      String src = RandomProgramGenerator.generate(s, GasDifferentialTest.PROGRAM_ITEMS, avoid)
          .source();
      Outcome o = outcome(src);
      if (o == null) {
        System.out.println("GNU as rejects seed " + s + " (a generator bug)");
      } else if (o.category().equals("OK")) {
        ok++;
      } else {
        seeds.computeIfAbsent(o.category(), k -> new ArrayList<>()).add(s);
        example.putIfAbsent(o.category(), src);
      }
    }
    StringBuilder report = new StringBuilder();
    report.append(String.format("%n[denali-triage] %d of %d programs match GNU as (seeds %d..%d%s)%n",
        ok, count, base, base + count - 1, avoid.isEmpty() ? "" : ", avoiding " + avoid));
    for (Map.Entry<String, List<Long>> e : seeds.entrySet()) {
      String category = e.getKey();
      List<Long> list = e.getValue();
      report.append(String.format("%n=== %s: %d programs, e.g. seeds %s%n", category, list.size(),
          list.subList(0, Math.min(5, list.size()))));
      String src = example.get(category);
      List<String> lines = Arrays.asList(src.split("\n"));
      List<String> body = new ArrayList<>(lines.subList(2, lines.size()));
      List<String> min = shrink(body, l -> {
        Outcome o = outcome(program(l));
        return o != null && o.category().equals(category);
      });
      String m = program(min);
      report.append("--- minimal source:\n").append(m);
      report.append("--- ").append(outcome(m).detail()).append('\n');
      report.append("gas:    ").append(words(GnuToolchain.text("min.s", m))).append('\n');
      try {
        AssemblyResult r = assemble(m);
        report.append("denali: ")
            .append(r.ok() ? words(r.image().text()) : "rejects: " + r.formatDiagnostics())
            .append('\n');
      } catch (RuntimeException | StackOverflowError ex) {
        report.append("denali: crashes: ").append(ex).append('\n');
      }
    }
    System.out.println(report);
  }

  private static AssemblyResult assemble(String src) {
    return Assembler.assemble(List.of(SourceFile.of("t.s", src)), GasDifferentialTest.OPTIONS);
  }

  private static String program(List<String> body) {
    return ".globl _start\n_start:\n" + String.join("\n", body) + "\n";
  }

  /** The cause of a failure, "OK", or null when GNU as rejects the source. */
  private static Outcome outcome(String src) {
    byte[] gas;
    try {
      gas = GnuToolchain.text("t.s", src);
    } catch (GnuToolchain.ToolchainException e) {
      return null;
    }
    AssemblyResult r;
    try {
      r = assemble(src);
    } catch (RuntimeException | StackOverflowError e) {
      return new Outcome("CRASH " + e.getClass().getSimpleName() + " " + normalize(
          String.valueOf(e.getMessage())), e.toString());
    }
    if (!r.ok()) {
      String first = r.errors().isEmpty() ? "?" : r.errors().get(0).message();
      return new Outcome("REJECT " + normalize(first), r.formatDiagnostics());
    }
    byte[] ours = r.image().text();
    int at = GasDifferentialTest.firstDifference(gas, ours);
    if (at < 0) {
      return new Outcome("OK", "");
    }
    NavigableMap<Integer, Integer> table = GnuToolchain.lineTable("t.s", src);
    Map.Entry<Integer, Integer> e = table.floorEntry(at);
    String line = e == null ? "?" : src.split("\n", -1)[e.getValue() - 1].strip();
    String mnemonic = line.replaceAll("^[.\\w$]+:\\s*", "").split("[\\s,]+")[0];
    if (at == Math.min(gas.length, ours.length)) {
      mnemonic = "(length: gas " + gas.length + " bytes, denali " + ours.length + ")";
    }
    return new Outcome("MISMATCH " + mnemonic, String.format("first difference at offset 0x%x: %s",
        at, line));
  }

  /** An error message without its particulars (numbers, quoted names). */
  private static String normalize(String msg) {
    return msg.replaceAll("'[^']*'", "'_'")
        .replaceAll("-?\\b(0x)?[0-9a-fA-F]*[0-9][0-9a-fA-F]*\\b", "N");
  }

  /** Delta debugging (ddmin) over lines: a smallest-found sublist that still {@code fails}. */
  static List<String> shrink(List<String> lines, Predicate<List<String>> fails) {
    int n = 2;
    while (lines.size() >= 2) {
      int chunk = (int) Math.ceil(lines.size() / (double) n);
      boolean reduced = false;
      for (int start = 0; start < lines.size(); start += chunk) {
        List<String> without = new ArrayList<>(lines.subList(0, start));
        without.addAll(lines.subList(Math.min(lines.size(), start + chunk), lines.size()));
        if (fails.test(without)) {
          lines = without;
          n = Math.max(n - 1, 2);
          reduced = true;
          break;
        }
      }
      if (!reduced) {
        if (n >= lines.size()) {
          break;
        }
        n = Math.min(lines.size(), n * 2);
      }
    }
    // Then pairs and triples of neighbouring lines (.macro/.endm, .rept/.endr go together).
    for (int width = 2; width <= 3; width++) {
      for (int start = 0; start + width <= lines.size(); ) {
        List<String> without = new ArrayList<>(lines.subList(0, start));
        without.addAll(lines.subList(start + width, lines.size()));
        if (fails.test(without)) {
          lines = without;
        } else {
          start++;
        }
      }
    }
    return lines;
  }

  /** Little-endian 32-bit words in hex; a trailing partial word as "+bytes". */
  static String words(byte[] b) {
    StringBuilder sb = new StringBuilder();
    int whole = b.length & ~3;
    for (int i = 0; i < whole; i += 4) {
      sb.append(String.format("%02x%02x%02x%02x ", b[i + 3], b[i + 2], b[i + 1], b[i]));
    }
    if (whole < b.length) {
      sb.append('+');
      for (int i = whole; i < b.length; i++) {
        sb.append(String.format("%02x", b[i]));
      }
    }
    return sb.toString().strip();
  }
}
