package dev.denali.asm.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.denali.asm.Assembler;
import dev.denali.asm.AssemblerOptions;
import dev.denali.asm.AssemblyResult;
import dev.denali.asm.Diagnostic;
import dev.denali.asm.SourceFile;
import dev.denali.isa.GuestConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden tests of the assembler's error messages: every {@code NAME.s} in
 * {@code src/test/resources/errors/} is assembled and its formatted diagnostics ({@link
 * AssemblyResult#formatDiagnostics()} plus a final newline) must equal {@code NAME.expected}.
 *
 * <p>To accept the current messages after a deliberate change, regenerate the golden files and
 * review the diff before committing:
 *
 * <pre>
 * mvn -B -ntp -pl assembler test -Dtest=ErrorMessagesTest -Ddenali.golden.update=true
 * git diff assembler/src/test/resources/errors/
 * </pre>
 *
 * <p>Conventions of the folder:
 *
 * <ul>
 *   <li>The first line of a case is a comment saying what it tests.
 *   <li>A leading comment line {@code # also: OTHER} adds the file {@code OTHER} as a further
 *       source of the same run (a second file, not an include). Such files end in {@code .inc}
 *       so that they are not cases themselves.
 *   <li>Sources are named by their file name only, and {@code .include} resolves against the
 *       folder; the folder's absolute path is written {@code <errors>} in the golden files.
 * </ul>
 */
class ErrorMessagesTest {
  /** The system property that makes the golden test rewrite the .expected files. */
  static final String UPDATE_PROPERTY = "denali.golden.update";

  private static final String DIR_PLACEHOLDER = "<errors>";

  /** The golden folder in the source tree (not the copy on the class path, so updates stick). */
  static Path errorsDir() {
    Path local = Path.of("src", "test", "resources", "errors");
    if (Files.isDirectory(local)) {
      return local.toAbsolutePath();
    }
    String root = System.getenv("DENALI_REPO_ROOT");
    if (root != null) {
      Path p = Path.of(root, "assembler", "src", "test", "resources", "errors");
      if (Files.isDirectory(p)) {
        return p.toAbsolutePath();
      }
    }
    Path fromRoot = Path.of("assembler", "src", "test", "resources", "errors");
    if (Files.isDirectory(fromRoot)) {
      return fromRoot.toAbsolutePath();
    }
    throw new IllegalStateException("golden folder assembler/src/test/resources/errors not found"
        + " (run from the assembler module or set DENALI_REPO_ROOT)");
  }

  static List<Path> cases() {
    try (Stream<Path> s = Files.list(errorsDir())) {
      return s.filter(p -> p.getFileName().toString().endsWith(".s")).sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sources of a case: the file itself, then every {@code # also:} file. */
  static List<SourceFile> sources(Path file) {
    Path dir = file.getParent();
    String text = read(file);
    List<SourceFile> out = new ArrayList<>();
    out.add(new SourceFile(file.getFileName().toString(), text, dir));
    for (String line : text.split("\n")) {
      if (!line.startsWith("#")) {
        break;
      }
      if (line.startsWith("# also:")) {
        String other = line.substring("# also:".length()).trim();
        out.add(new SourceFile(other, read(dir.resolve(other)), dir));
      }
    }
    return out;
  }

  static AssemblyResult assemble(Path file) {
    return Assembler.assemble(sources(file), AssemblerOptions.defaults());
  }

  /** The text the golden file holds: diagnostics with the folder's path made portable. */
  static String golden(Path file, AssemblyResult r) {
    String text = r.formatDiagnostics() + "\n";
    Path dir = file.getParent();
    text = text.replace(dir.toAbsolutePath().toString(), DIR_PLACEHOLDER);
    try {
      text = text.replace(dir.toRealPath().toString(), DIR_PLACEHOLDER);
    } catch (IOException e) {
      // keep the text as it is
    }
    return text;
  }

  private static String stem(Path file) {
    String n = file.getFileName().toString();
    return n.substring(0, n.length() - 2);
  }

  @TestFactory
  Stream<DynamicTest> goldenDiagnostics() {
    boolean update = Boolean.getBoolean(UPDATE_PROPERTY);
    List<Path> cases = cases();
    assertThat(cases).as("golden cases").hasSizeGreaterThanOrEqualTo(20);
    return cases.stream().map(file -> DynamicTest.dynamicTest(stem(file), () -> {
      AssemblyResult r = assemble(file);
      String actual = golden(file, r);
      Path expectedFile = file.resolveSibling(stem(file) + ".expected");
      assertThat(r.ok()).as("%s must not assemble (a case must show an error)",
          file.getFileName()).isFalse();
      assertThat(r.elf()).isNull();
      if (update) {
        Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
        return;
      }
      if (!Files.exists(expectedFile)) {
        fail("no golden file " + expectedFile.getFileName() + "; create it with -D"
            + UPDATE_PROPERTY + "=true and review it. Output:\n" + actual);
      }
      assertThat(actual).isEqualTo(read(expectedFile));
    }));
  }

  /**
   * Every error names file:line:column, shows its source line, and its caret stands on the
   * faulty text (inside the line and not on white space).
   */
  @TestFactory
  Stream<DynamicTest> everyErrorHasAPositionAndACaretOnText() {
    return cases().stream().map(file -> DynamicTest.dynamicTest(stem(file), () -> {
      AssemblyResult r = assemble(file);
      assertThat(r.errors()).as("errors of %s", file.getFileName()).isNotEmpty();
      for (Diagnostic d : r.errors()) {
        String shown = d.format();
        assertThat(d.line()).as("line of: %s", shown).isPositive();
        assertThat(d.column()).as("column of: %s", shown).isPositive();
        assertThat(d.sourceLine()).as("source line of: %s", shown).isNotNull();
        assertThat(d.column()).as("caret inside the line: %s", shown)
            .isLessThanOrEqualTo(d.sourceLine().length());
        assertThat(Character.isWhitespace(d.sourceLine().charAt(d.column() - 1)))
            .as("caret on white space: %s", shown).isFalse();
        assertThat(shown.split("\n")[0])
            .startsWith(d.file() + ":" + d.line() + ":" + d.column() + ": error: ");
        assertThat(d.message()).isNotBlank();
      }
    }));
  }

  @Test
  void severalErrorsAreAllReportedInOneRun() {
    AssemblyResult r = assemble(errorsDir().resolve("several_errors.s"));
    assertThat(r.errors()).extracting(Diagnostic::line)
        .containsExactlyInAnyOrder(4, 5, 6, 7, 8, 9);
  }

  @Test
  void severalErrorsAreReportedInLineOrder() {
    AssemblyResult r = assemble(errorsDir().resolve("several_errors.s"));
    assertThat(r.errors()).extracting(Diagnostic::line).containsExactly(4, 5, 6, 7, 8, 9);
  }

  @Test
  void errorsInTwoFilesAreAllReportedWithTheirFileNames() {
    AssemblyResult r = assemble(errorsDir().resolve("two_files.s"));
    assertThat(r.errors()).extracting(Diagnostic::file)
        .contains("two_files.s", "two_files_b.inc");
    assertThat(r.errors()).filteredOn(d -> d.file().equals("two_files_b.inc"))
        .extracting(Diagnostic::line).containsExactlyInAnyOrder(5, 7);
    assertThat(r.errors()).filteredOn(d -> d.file().equals("two_files.s"))
        .extracting(Diagnostic::line).containsExactly(7);
  }

  /** The values just inside every limit the golden cases cross: these assemble cleanly. */
  @Test
  void valuesJustInsideTheLimitsAssemble() {
    String source = String.join("\n",
        "\t.text",
        "_start:",
        "\taddi\ta0, a0, 2047",
        "\taddi\ta0, a0, -2048",
        "\tslti\ta0, a0, -2048",
        "\tandi\ta0, a0, 2047",
        "\tlw\ta0, 2047(sp)",
        "\tsw\ta0, -2048(sp)",
        "\tslli\ta0, a0, 31",
        "\tsrli\ta0, a0, 0",
        "\tsrai\ta0, a0, 31",
        "\tlui\ta0, 0xfffff",
        "\tlui\ta0, 0",
        "\tauipc\ta0, 0xfffff",
        "\tli\ta0, 0xffffffff",
        "\tli\ta0, -2147483648",
        "\tcsrr\ta0, cycle",
        "\tcsrr\ta0, 0xC00",
        "\trdinstret\ta1",
        "\tbeq\ta0, a1, fwd",          // +4094 bytes: the farthest forward branch
        "\t.space\t4090",
        "fwd:",
        "\t.space\t2",
        "back:",
        "\t.space\t4096",
        "\tbne\ta0, a1, back",         // -4096 bytes: the farthest backward branch
        "\tjal\tra, jfar",             // +1 MiB - 2 bytes: the farthest forward jump
        "\t.space\t0xffffe - 4",
        "jfar:",
        "\t.space\t2",
        "jback:",
        "\t.space\t0x100000",
        "\tjal\tzero, jback",          // -1 MiB: the farthest backward jump
        "\tret",
        "\t.data",
        "\t.byte\t255, -128, 0",
        "\t.half\t65535, -32768",
        "\t.word\t0xffffffff, -2147483648",
        "\t.bss",
        "\t.space\t16",
        "");
    AssemblyResult r = Assembler.assemble(List.of(SourceFile.of("inside.s", source)),
        AssemblerOptions.defaults().withSettings(Map.of(GuestConfig.KEY_MEMORY, "4194304")));
    assertThat(r.errors()).as(r.formatDiagnostics()).isEmpty();
    assertThat(r.ok()).isTrue();
    assertThat(r.elf()).isNotNull();
  }
}
