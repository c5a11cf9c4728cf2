package dev.denali.asm.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.denali.asm.Assembler;
import dev.denali.asm.AssemblerOptions;
import dev.denali.asm.AssemblyResult;
import dev.denali.asm.LinkedImage;
import dev.denali.asm.SourceFile;
import dev.denali.asm.testing.GnuToolchain;
import dev.denali.isa.Decoder;
import dev.denali.isa.GuestConfig;
import dev.denali.isa.Instruction;
import dev.denali.isa.Printer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Differential test against GNU as: the same source assembled by Denali and by GNU as + ld must
 * give byte-identical .text (at 0x10000).
 *
 * <ul>
 *   <li>every {@code corpus/*.s} (hand-written, position-independent);
 *   <li>random programs from {@link RandomProgramGenerator}: {@value #DEFAULT_COUNT} by default,
 *       {@code -Ddenali.diff.count=N} for more, {@code -Ddenali.diff.seed=S} for the first seed
 *       (program k uses seed S + k); {@code -Ddenali.diff.avoid=fill,li-x0} leaves features out
 *       to look past a known gap (see {@link RandomProgramGenerator#FEATURES}).
 * </ul>
 *
 * <p>On a mismatch the message names the seed, the first differing offset, both words
 * disassembled and the source line, and the source is saved in {@code target/diff-failures/}.
 */
class GasDifferentialTest {
  static final int DEFAULT_COUNT = 200;
  static final long DEFAULT_SEED = 20_240_601L;
  static final int PROGRAM_ITEMS = 200;
  static final int TEXT_ADDRESS = GnuToolchain.TEXT_ADDRESS;
  static final Path FAILURES = Path.of("target", "diff-failures");
  /**
   * Options for every assembly here: more guest memory than the default 1 MiB, so that the
   * 2 MiB of jal_limits.s fit (memory settings do not change .text).
   */
  static final AssemblerOptions OPTIONS =
      AssemblerOptions.defaults().withSettings(Map.of(GuestConfig.KEY_MEMORY, "16M"));

  @TestFactory
  Stream<DynamicTest> corpusMatchesGas() {
    List<Path> files = Corpus.files("", ".s");
    assertThat(files).as("corpus files in %s", Corpus.dir("")).hasSizeGreaterThanOrEqualTo(12);
    return files.stream().map(f -> dynamicTest(f.getFileName().toString(),
        () -> compare(f.getFileName().toString(), Corpus.read(f), null)));
  }

  @TestFactory
  Stream<DynamicTest> randomProgramsMatchGas() {
    long base = Long.getLong("denali.diff.seed", DEFAULT_SEED);
    int count = Integer.getInteger("denali.diff.count", DEFAULT_COUNT);
    Set<String> avoid =
        RandomProgramGenerator.parseFeatures(System.getProperty("denali.diff.avoid"));
    return LongStream.range(0, count).mapToObj(k -> {
      long seed = base + k;
      return dynamicTest("seed " + seed, () -> {
        RandomProgramGenerator.Program p =
            RandomProgramGenerator.generate(seed, PROGRAM_ITEMS, avoid);
        compare("random-" + seed + ".s", p.source(), seed);
      });
    });
  }

  /** Assembles {@code source} both ways and fails with a full report when they differ. */
  static void compare(String name, String source, Long seed) {
    GnuToolchain.require(); // each test, so that a run without binutils counts them as skipped
    String origin = seed == null ? name
        : name + " (seed " + seed + "; rerun with -Ddenali.diff.seed=" + seed
            + " -Ddenali.diff.count=1"
            + (System.getProperty("denali.diff.avoid") == null ? ""
                : " -Ddenali.diff.avoid=" + System.getProperty("denali.diff.avoid")) + ")";
    byte[] gas;
    try {
      gas = GnuToolchain.text(name, source);
    } catch (GnuToolchain.ToolchainException e) {
      Path saved = save(name, source, null, null);
      if (seed != null) {
        fail("the generator produced a program GNU as rejects (a generator bug) " + origin
            + ", saved as " + saved + ":\n" + e.toolOutput());
      }
      fail("GNU as rejects corpus file " + origin + ":\n" + e.toolOutput());
      return;
    }

    AssemblyResult r;
    try {
      r = Assembler.assemble(List.of(SourceFile.of(name, source)), OPTIONS);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      Path saved = save(name, source, gas, null);
      fail("Denali's assembler crashed on " + origin + " (GNU as accepts it), saved as " + saved
          + ":\n" + stackTrace(e));
      return;
    }
    if (!r.ok()) {
      Path saved = save(name, source, gas, null);
      fail("Denali's assembler rejects " + origin + ", which GNU as accepts; saved as " + saved
          + ":\n" + r.formatDiagnostics());
    }
    LinkedImage.Section text = r.image().section(LinkedImage.Kind.TEXT);
    if (text != null && text.address() != TEXT_ADDRESS) {
      fail(origin + ": Denali put .text at 0x" + Integer.toHexString(text.address())
          + ", expected 0x" + Integer.toHexString(TEXT_ADDRESS));
    }
    byte[] ours = r.image().text();
    int at = firstDifference(gas, ours);
    if (at >= 0) {
      Path saved = save(name, source, gas, ours);
      fail(report(origin, source, name, gas, ours, at, saved));
    }
  }

  /** The first offset where the two differ (including one being longer), or -1. */
  static int firstDifference(byte[] a, byte[] b) {
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      if (a[i] != b[i]) {
        return i;
      }
    }
    return a.length == b.length ? -1 : n;
  }

  static String report(String origin, String source, String name, byte[] gas, byte[] ours,
      int at, Path saved) {
    StringBuilder sb = new StringBuilder();
    sb.append("Denali and GNU as disagree on ").append(origin).append('\n');
    sb.append(".text size: gas ").append(gas.length).append(" bytes, denali ")
        .append(ours.length).append(" bytes\n");
    sb.append(String.format("first difference at offset 0x%x (address 0x%x)%n", at,
        TEXT_ADDRESS + at));
    int word = at & ~3;
    sb.append("  gas:    ").append(describeWord(gas, word)).append('\n');
    sb.append("  denali: ").append(describeWord(ours, word)).append('\n');

    NavigableMap<Integer, Integer> lines = GnuToolchain.lineTable(name, source);
    Map.Entry<Integer, Integer> e = lines.floorEntry(at);
    if (e != null) {
      String[] src = source.split("\n", -1);
      int line = e.getValue();
      sb.append(String.format("source line %d (its output starts at offset 0x%x):%n", line,
          e.getKey()));
      for (int l = Math.max(1, line - 3); l <= Math.min(src.length, line + 2); l++) {
        sb.append(l == line ? "  >> " : "     ").append(String.format("%4d  ", l))
            .append(src[l - 1]).append('\n');
      }
    }
    sb.append("words around it:\n");
    for (int off = Math.max(0, word - 12); off <= word + 12; off += 4) {
      if (off >= gas.length && off >= ours.length) {
        break;
      }
      sb.append(off == word ? "  >> " : "     ")
          .append(String.format("%06x  gas %-44s denali %s%n", TEXT_ADDRESS + off,
              describeWord(gas, off), describeWord(ours, off)));
    }
    sb.append("source saved as ").append(saved);
    return sb.toString();
  }

  /** "0x00a50533  add a0,a0,a0" for the (little-endian) word at {@code off}. */
  static String describeWord(byte[] b, int off) {
    if (off >= b.length) {
      return "(end of .text)";
    }
    if (off + 4 > b.length) {
      StringBuilder sb = new StringBuilder("bytes");
      for (int i = off; i < b.length; i++) {
        sb.append(String.format(" %02x", b[i] & 0xff));
      }
      return sb.append(" (end of .text)").toString();
    }
    int w = (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16
        | (b[off + 3] & 0xff) << 24;
    return String.format("0x%08x  %s", w, disassemble(w, TEXT_ADDRESS + off));
  }

  static String disassemble(int word, int pc) {
    try {
      Instruction insn = Decoder.decode(word);
      return insn == null ? "(not an instruction)" : Printer.standard().print(insn, pc);
    } catch (RuntimeException e) {
      return "(cannot print: " + e + ")";
    }
  }

  /** Writes the source (and both outputs, when given) to target/diff-failures/. */
  static Path save(String name, String source, byte[] gas, byte[] ours) {
    try {
      Files.createDirectories(FAILURES);
      Path src = FAILURES.resolve(name);
      Files.writeString(src, source);
      String base = name.endsWith(".s") ? name.substring(0, name.length() - 2) : name;
      if (gas != null) {
        Files.write(FAILURES.resolve(base + ".gas.bin"), gas);
      }
      if (ours != null) {
        Files.write(FAILURES.resolve(base + ".denali.bin"), ours);
      }
      return src.toAbsolutePath();
    } catch (IOException e) {
      return Path.of("(could not save: " + e.getMessage() + ")");
    }
  }

  static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}
