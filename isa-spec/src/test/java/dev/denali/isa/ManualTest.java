package dev.denali.isa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Keeps the ISA manual (isa-spec/README.md) equal to the code: each generated table between its
 * {@code <!-- BEGIN GENERATED: name -->} and {@code <!-- END GENERATED: name -->} markers must be
 * exactly what {@link IsaManual} prints now, and every instruction and virtual register must be
 * named in the manual.
 */
class ManualTest {
  private static final String REGENERATE =
      "The manual is out of date. Run `mvn -q -pl isa-spec compile && "
          + "java -cp isa-spec/target/classes dev.denali.isa.IsaManual` from the repository root "
          + "and paste the table into isa-spec/README.md between the markers of block '%s'.";

  private static final Map<String, Supplier<String>> BLOCKS = Map.of(
      "instructionTable", IsaManual::instructionTable,
      "denaliTable", IsaManual::denaliTable,
      "csrTable", IsaManual::csrTable,
      "ecallTable", IsaManual::ecallTable);

  @Test
  void generatedTablesAreCurrent() throws IOException {
    String manual = manual();
    for (Map.Entry<String, Supplier<String>> e : BLOCKS.entrySet()) {
      assertThat(block(manual, e.getKey())).as(REGENERATE, e.getKey())
          .isEqualTo(e.getValue().get());
    }
  }

  @Test
  void everyInstructionIsNamed() throws IOException {
    String manual = manual();
    for (Opcode op : Opcode.values()) {
      assertThat(manual).as("manual names %s", op.mnemonic()).contains("`" + op.mnemonic());
    }
  }

  @Test
  void everyVirtualRegisterIsNamed() throws IOException {
    String manual = manual();
    for (Field f : VirtualRegisters.class.getDeclaredFields()) {
      int m = f.getModifiers();
      if (Modifier.isPublic(m) && Modifier.isStatic(m)) {
        assertThat(manual).as("manual names VirtualRegisters.%s", f.getName())
            .contains(f.getName());
      }
    }
  }

  @Test
  void everyErrnoIsNamed() throws IOException {
    String manual = manual();
    for (Field f : Errno.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers())) {
        assertThat(manual).as("manual names Errno.%s", f.getName()).contains(f.getName());
      }
    }
  }

  /** The text between the markers of block {@code name}, without the marker lines. */
  private static String block(String manual, String name) {
    String begin = "<!-- BEGIN GENERATED: " + name + " -->\n";
    String end = "<!-- END GENERATED: " + name + " -->";
    int b = manual.indexOf(begin);
    assertThat(b).as("manual has the marker '%s'", begin.trim()).isNotNegative();
    assertThat(manual.indexOf(begin, b + 1)).as("only one block '%s'", name).isNegative();
    int e = manual.indexOf(end, b);
    assertThat(e).as("manual has the marker '%s' after its BEGIN", end).isNotNegative();
    return manual.substring(b + begin.length(), e);
  }

  private static String manual() throws IOException {
    // Surefire runs in the module folder; a run from elsewhere finds it through the repo root.
    Path local = Path.of("README.md");
    Path file = Files.isRegularFile(local) && Files.isDirectory(Path.of("src", "main", "antlr4"))
        ? local
        : null;
    if (file == null) {
      Path fromRoot = Path.of("isa-spec", "README.md");
      if (Files.isRegularFile(fromRoot)) {
        file = fromRoot;
      }
    }
    if (file == null) {
      String root = System.getenv("DENALI_REPO_ROOT");
      assertThat(root).as("isa-spec/README.md not found from %s and DENALI_REPO_ROOT is unset",
          Path.of("").toAbsolutePath()).isNotNull();
      file = Path.of(root, "isa-spec", "README.md");
    }
    return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
  }
}
