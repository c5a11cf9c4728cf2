package dev.denali.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@link Main} builds only the subcommands an invocation reaches (start-up time); whatever it
 * builds, the user sees the same command: the full usage, "did you mean" for a typo, and each
 * subcommand called directly.
 */
class MainTest {
  /** Every subcommand, in the order the usage lists them. */
  private static final List<String> NAMES =
      List.of("asm", "cc", "new", "disasm", "run", "kernel", "serve", "admin", "demo", "bench",
          "help");

  @TempDir Path dir;

  private record Outcome(int status, String out, String err) {}

  private static Outcome run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Outcome(status, out.toString(), err.toString());
  }

  /** The names listed under "Commands:" in a usage text, in order. */
  private static List<String> listedCommands(String usage) {
    List<String> names = new ArrayList<>();
    boolean inCommands = false;
    for (String line : usage.split("\n", -1)) {
      if (line.equals("Commands:")) {
        inCommands = true;
      } else if (inCommands && line.isBlank()) {
        break; // the footer follows
      } else if (inCommands && line.startsWith("  ") && !line.startsWith("   ")) {
        names.add(line.trim().split("\\s+")[0]);
      }
    }
    return names;
  }

  private static List<String> subcommandsBuiltFor(String... args) {
    return new ArrayList<>(
        Main.commandLine(new Main(), Main.normalize(args)).getSubcommands().keySet());
  }

  @Test
  void theTableNamesEachSubcommandByItsOwnCommandName() {
    assertThat(Main.SUBCOMMANDS).extracting(Map.Entry::getKey).containsExactlyElementsOf(NAMES);
    for (Map.Entry<String, Class<?>> s : Main.SUBCOMMANDS) {
      CommandLine.Model.CommandSpec spec = new CommandLine(s.getValue()).getCommandSpec();
      assertThat(spec.name()).isEqualTo(s.getKey());
      assertThat(spec.aliases()).isEmpty();
    }
  }

  /**
   * {@code --help}, {@code -h} and no arguments list the subcommands from summaries (name and
   * description, no option model); {@code help} builds them all: the text is the same.
   */
  @Test
  void theFullUsageListsEverySubcommand() {
    Outcome help = run("--help");
    assertThat(help.status()).isZero();
    assertThat(help.err()).isEmpty();
    assertThat(help.out()).startsWith("Usage: denali [-hV] [COMMAND]\n");
    assertThat(listedCommands(help.out())).containsExactlyElementsOf(NAMES);
    assertThat(run().out()).isEqualTo(help.out());
    assertThat(run("help").out()).isEqualTo(help.out());
    assertThat(run("-h").out()).isEqualTo(help.out());
  }

  /** The usage ends with the environment variables the launcher reads. */
  @Test
  void theUsageNamesTheEnvironmentVariables() {
    String usage = run("--help").out();
    assertThat(usage).contains("DENALI_JAVA_OPTS").contains("DENALI_CDS=off");
    assertThat(listedCommands(usage)).doesNotContain("DENALI_JAVA_OPTS");
  }

  @Test
  void aTypoGetsPicocliSuggestions() {
    Outcome r = run("rnu", "x.elf");
    assertThat(r.status()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("Unmatched arguments from index 0: 'rnu', 'x.elf'\n")
        .contains("Did you mean: denali ");
    Outcome typo = run("disasn");
    assertThat(typo.status()).isEqualTo(Main.EXIT_USAGE);
    assertThat(typo.err()).isEqualTo("Unmatched argument at index 0: 'disasn'\n"
        + "Did you mean: denali disasm or denali asm?\n");
    Outcome unknown = run("frobnicate");
    assertThat(unknown.status()).isEqualTo(Main.EXIT_USAGE);
    assertThat(listedCommands(unknown.err())).containsExactlyElementsOf(NAMES);
  }

  @Test
  void helpForASubcommandIsItsOwnUsage() {
    Outcome viaHelp = run("help", "run");
    Outcome viaOption = run("run", "--help");
    assertThat(viaHelp.status()).isZero();
    assertThat(viaOption.status()).isZero();
    assertThat(viaOption.out()).startsWith("Usage: denali run ").contains("--engine");
    assertThat(viaHelp.out()).isEqualTo(viaOption.out());
  }

  @Test
  void theVersionIsPrintedWithoutAnySubcommand() {
    Outcome r = run("--version");
    assertThat(r.status()).isZero();
    assertThat(r.out()).startsWith("denali ");
    assertThat(run("-V").out()).isEqualTo(r.out());
  }

  @Test
  void aSubcommandCalledDirectlyIsTheOnlyOneBuilt() {
    assertThat(subcommandsBuiltFor("run", "x.elf")).containsExactly("run");
    assertThat(subcommandsBuiltFor("asm", "--help")).containsExactly("asm");
    assertThat(subcommandsBuiltFor("--version")).isEmpty();
    assertThat(subcommandsBuiltFor()).containsExactlyElementsOf(NAMES);
    assertThat(subcommandsBuiltFor("help", "run")).containsExactlyElementsOf(NAMES);
    assertThat(subcommandsBuiltFor("rnu")).containsExactlyElementsOf(NAMES);
    assertThat(subcommandsBuiltFor("--version", "run")).containsExactlyElementsOf(NAMES);
  }

  @Test
  void directSubcommandsStillWork() throws IOException {
    Path src = dir.resolve("hi.s");
    Files.writeString(src, String.join("\n",
        ".globl _start",
        "_start:",
        "  li a0, 1",
        "  la a1, msg",
        "  li a2, 3",
        "  li a7, 64",
        "  ecall",
        "  li a0, 7",
        "  li a7, 93",
        "  ecall",
        ".rodata",
        "msg: .ascii \"hi\\n\"",
        ""));
    Path elf = dir.resolve("hi.elf");
    Outcome asm = run("asm", src.toString(), "-o", elf.toString());
    assertThat(asm.status()).isZero();
    assertThat(asm.err()).isEmpty();
    assertThat(Files.size(elf)).isPositive();

    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int status = Main.run(new String[] {"run", "--engine", "interp", elf.toString()}, out, err);
    assertThat(status).isEqualTo(7);
    assertThat(out.toString()).isEqualTo("hi\n");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void errorsInsideASubcommandAreItsOwn() {
    Outcome r = run("run", "--engin", "interp", "x.elf");
    assertThat(r.status()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.err()).isEqualTo("Unknown option: '--engin'\nPossible solutions: --engine\n");
    Outcome missing = run("run");
    assertThat(missing.status()).isEqualTo(Main.EXIT_USAGE);
    assertThat(missing.err()).contains("Usage: denali run ");
  }
}
