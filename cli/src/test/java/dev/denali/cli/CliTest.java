package dev.denali.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.asm.Disassembler;
import dev.denali.asm.LinkedImage;
import dev.denali.asm.elf.ElfReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code denali} command line, driven through {@link Main#run} with in-memory streams: exit
 * statuses, files written (or not), messages, and never a stack trace.
 */
class CliTest {
  private static final String HELLO = String.join("\n",
      "\t.text",
      "\t.globl\t_start",
      "_start:",
      "\tli\ta0, 0",
      "\tli\ta7, 93",
      "\tecall",
      "\t.data",
      "greeting:",
      "\t.ascii\t\"hi\\n\"",
      "");

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  /** Everything every command of the test printed, for {@link #noStackTraces()}. */
  private final StringBuilder everything = new StringBuilder();

  /** Runs {@code denali args}; its output is in {@link #out} and {@link #err} until the next. */
  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    everything.append(out).append(err);
    return status;
  }

  /** Whatever the commands did, none printed a Java stack trace or exception name. */
  @AfterEach
  void noStackTraces() {
    assertThat(everything.toString()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private List<String> filesInDir() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  static Path repoRoot() {
    String env = System.getenv("DENALI_REPO_ROOT");
    if (env != null && Files.isDirectory(Path.of(env, "examples"))) {
      return Path.of(env);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("examples")) && Files.isDirectory(p.resolve("cli"))) {
        return p;
      }
    }
    throw new IllegalStateException("repository root not found: set DENALI_REPO_ROOT");
  }

  // ---------------------------------------------------------------------------- asm

  @Test
  void asmWritesTheElfNextToTheSourceByDefault() throws Exception {
    Path src = write("hello.s", HELLO);
    assertThat(run("asm", src.toString())).as(err.toString()).isZero();
    Path elf = dir.resolve("hello.elf");
    assertThat(elf).exists();
    byte[] bytes = Files.readAllBytes(elf);
    assertThat(bytes).startsWith(0x7f, 'E', 'L', 'F');
    LinkedImage image = ElfReader.read(bytes);
    assertThat(image.entry()).isEqualTo(0x10000);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).isEmpty();
    assertThat(filesInDir()).containsExactly("hello.elf", "hello.s");
  }

  @Test
  void asmWritesTheElfNamedByDashO() throws Exception {
    Path src = write("hello.s", HELLO);
    Path target = dir.resolve("sub-out.bin");
    assertThat(run("asm", src.toString(), "-o", target.toString())).as(err.toString()).isZero();
    assertThat(target).exists();
    assertThat(dir.resolve("hello.elf")).doesNotExist();
    ElfReader.read(Files.readAllBytes(target));
    assertThat(run("asm", "--output", dir.resolve("long.elf").toString(), src.toString()))
        .isZero();
    assertThat(dir.resolve("long.elf")).exists();
  }

  @Test
  void asmPrintsAListingWithAddressesAndSource() throws Exception {
    Path src = write("hello.s", HELLO);
    assertThat(run("asm", "--listing", src.toString())).as(err.toString()).isZero();
    String listing = out.toString();
    assertThat(listing).contains("00010000");
    assertThat(listing).contains("li").contains("ecall").contains(".ascii");
    assertThat(listing).contains("_start");
    assertThat(dir.resolve("hello.elf")).exists();
  }

  @Test
  void asmWithErrorsExitsOneWritesNothingAndListsEveryError() throws Exception {
    Path src = write("bad.s", "\t.text\n_start:\n\taddi a0, a0, 4096\n\tfrob a1\n");
    assertThat(run("asm", src.toString())).isEqualTo(1);
    String e = err.toString();
    assertThat(e).contains("bad.s:3:15: error: immediate 4096 out of range for addi");
    assertThat(e).contains("bad.s:4:2: error: unknown instruction 'frob'");
    assertThat(e).contains("^~~~");
    assertThat(e).contains("2 errors; no output written");
    assertThat(out.toString()).isEmpty();
    assertThat(filesInDir()).containsExactly("bad.s");
  }

  @Test
  void asmWithErrorsLeavesAnExistingOutputAlone() throws Exception {
    Path src = write("bad.s", "\tnop\n\tbogus\n");
    Path target = write("keep.elf", "old contents");
    assertThat(run("asm", src.toString(), "-o", target.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("1 error; no output written");
    assertThat(Files.readString(target)).isEqualTo("old contents");
    assertThat(filesInDir()).containsExactly("bad.s", "keep.elf");
  }

  @Test
  void asmOfAnInputThatUpsetsTheAssemblerStillPrintsAPlainError() throws Exception {
    Path src = write("zero.s", "\t.rept 1/0\n\tnop\n\t.endr\n");
    assertThat(run("asm", src.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("zero.s:1:");
    assertThat(filesInDir()).containsExactly("zero.s");
  }

  /**
   * A file that plainly is not assembly (an ELF, binary data, C source) gets one line saying
   * what it is, from asm and from run, instead of the raw bytes echoed in a syntax error or a
   * page of them.
   */
  @Test
  void asmAndRunOfWhatIsNotAssemblySayWhatItIs() throws Exception {
    Path elf = dir.resolve("prog.s");
    Files.write(elf, new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1, 0, 'x', 0, 0, 0});
    Path data = dir.resolve("data.s");
    Files.write(data, new byte[] {'n', 'o', 'p', '\n', 0, 7, 27, '[', '2', 'J'});
    Path c = write("main.c", "int main(void) { return 42; }\n");
    for (String command : new String[] {"asm", "run"}) {
      assertThat(run(command, data.toString())).isEqualTo(1);
      assertThat(err.toString().strip())
          .isEqualTo("denali " + command + ": " + data + " is binary data, not assembly source");
      assertThat(run(command, c.toString())).isEqualTo(1);
      assertThat(err.toString().strip().lines()).hasSize(1);
      assertThat(err.toString()).contains(c + " is C source").contains("guest-sdk/README.md");
    }
    assertThat(run("asm", elf.toString())).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo(
        "denali asm: " + elf + " is an ELF binary, not assembly source (denali run takes it as it is)");
    assertThat(everything.toString()).doesNotContain("\u001b").doesNotContain("\u0000");
    assertThat(filesInDir()).containsExactlyInAnyOrder("prog.s", "data.s", "main.c");
  }

  @Test
  void asmOfAMissingFileGivesOneCleanLine() throws Exception {
    Path missing = dir.resolve("nope.s");
    assertThat(run("asm", missing.toString())).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("denali asm: " + missing + ": no such file");
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(out.toString()).isEmpty();
    assertThat(filesInDir()).isEmpty();
  }

  @Test
  void asmMemoryOptionGoesIntoTheElf() throws Exception {
    Path src = write("hello.s", HELLO);
    assertThat(run("asm", "--memory", "4M", src.toString())).as(err.toString()).isZero();
    byte[] bytes = Files.readAllBytes(dir.resolve("hello.elf"));
    assertThat(ElfReader.read(bytes).settings()).containsEntry("memory", "4194304");
    assertThat(Disassembler.listing(bytes, "hello.elf")).contains("memory=4194304");
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-1", "4X", "", "99999999999G"})
  void asmBadMemoryIsAUsageError(String memory) throws Exception {
    Path src = write("hello.s", HELLO);
    assertThat(run("asm", "--memory", memory, src.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("denali asm: ").contains("memory");
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(filesInDir()).containsExactly("hello.s");
  }

  // ---------------------------------------------------------------------------- disasm

  @Test
  void disasmOfANonElfFileFails() throws Exception {
    Path junk = write("junk.elf", "this is plain text, long enough to look like a header....\n");
    assertThat(run("disasm", junk.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("not an ELF file");
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(out.toString()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 4, 16, 52})
  void disasmOfATruncatedElfFails(int length) throws Exception {
    Path src = write("hello.s", HELLO);
    assertThat(run("asm", src.toString())).isZero();
    byte[] elf = Files.readAllBytes(dir.resolve("hello.elf"));
    Path cut = dir.resolve("cut.elf");
    Files.write(cut, java.util.Arrays.copyOf(elf, length));
    assertThat(run("disasm", cut.toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith("denali disasm: ");
    assertThat(err.toString().strip().lines()).hasSize(1);
  }

  @Test
  void disasmOfAMissingFileFails() {
    assertThat(run("disasm", dir.resolve("none.elf").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("no such file");
  }

  @Test
  void disasmListsTheProgram() throws Exception {
    Path src = write("hello.s", HELLO);
    assertThat(run("asm", src.toString())).isZero();
    assertThat(run("disasm", dir.resolve("hello.elf").toString())).as(err.toString()).isZero();
    assertThat(out.toString()).contains("00010000 <_start>:").contains("ecall");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hello.s", "countdown.s"})
  void disasmSourceReassemblesToTheSameBytes(String example) throws Exception {
    Path original = dir.resolve(example);
    Files.copy(repoRoot().resolve("examples").resolve(example), original);
    assertThat(run("asm", original.toString(), "-o", dir.resolve("a.elf").toString()))
        .as(err.toString()).isZero();
    Path source = dir.resolve("round.s");
    assertThat(run("disasm", "--source", dir.resolve("a.elf").toString(), "-o",
        source.toString())).as(err.toString()).isZero();
    assertThat(run("asm", source.toString(), "-o", dir.resolve("b.elf").toString()))
        .as("%s\nreassembling:\n%s", err, Files.readString(source)).isZero();
    LinkedImage a = ElfReader.read(Files.readAllBytes(dir.resolve("a.elf")));
    LinkedImage b = ElfReader.read(Files.readAllBytes(dir.resolve("b.elf")));
    for (LinkedImage.Kind kind : LinkedImage.Kind.values()) {
      LinkedImage.Section sa = a.section(kind);
      LinkedImage.Section sb = b.section(kind);
      if (sa == null) {
        assertThat(sb).as(kind.sectionName()).isNull();
        continue;
      }
      assertThat(sb).as(kind.sectionName()).isNotNull();
      assertThat(sb.address()).as(kind.sectionName()).isEqualTo(sa.address());
      assertThat(sb.size()).as(kind.sectionName()).isEqualTo(sa.size());
      assertThat(sb.bytes()).as(kind.sectionName()).isEqualTo(sa.bytes());
    }
    assertThat(a.section(LinkedImage.Kind.TEXT)).isNotNull();
    assertThat(b.entry()).isEqualTo(a.entry());
    assertThat(b.settings()).isEqualTo(a.settings());
    // every symbol comes back at its address, one just past a section's end too (message_end)
    java.util.function.Function<LinkedImage, java.util.Map<String, Integer>> symbols = image ->
        image.symbols().stream().collect(java.util.stream.Collectors.toMap(
            LinkedImage.Symbol::name, LinkedImage.Symbol::address, (x, y) -> x));
    assertThat(symbols.apply(b)).containsAllEntriesOf(symbols.apply(a));
  }

  // ---------------------------------------------------------------------------- top level

  @Test
  void helpListsTheSubcommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("asm").contains("disasm");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void noArgumentsPrintsUsage() {
    assertThat(run()).isZero();
    assertThat(out.toString()).contains("asm").contains("disasm");
  }

  @Test
  void subcommandHelp() {
    assertThat(run("asm", "--help")).isZero();
    assertThat(out.toString()).contains("--listing").contains("--memory");
    assertThat(run("help", "disasm")).isZero();
    assertThat(out.toString()).contains("--source");
  }

  @Test
  void unknownSubcommandIsAUsageError() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err.toString()).contains("frobnicate");
  }

  @Test
  void unknownOptionIsAUsageError() throws Exception {
    Path src = write("hello.s", HELLO);
    assertThat(run("asm", "--frob", src.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--frob");
    assertThat(filesInDir()).containsExactly("hello.s");
  }

  @Test
  void asmWithoutFilesIsAUsageError() {
    assertThat(run("asm")).isEqualTo(2);
    assertThat(err.toString()).isNotEmpty();
  }
}
