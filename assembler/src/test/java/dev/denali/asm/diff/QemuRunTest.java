package dev.denali.asm.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.denali.asm.Assembler;
import dev.denali.asm.AssemblerOptions;
import dev.denali.asm.AssemblyResult;
import dev.denali.asm.SourceFile;
import dev.denali.asm.testing.ExternalTool;
import dev.denali.asm.testing.GnuToolchain;
import dev.denali.asm.testing.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the programs of {@code corpus/run/} under qemu-riscv32 (the behavioural oracle), built by
 * Denali's assembler, and checks exit status and stdout against {@code NAME.expected} (first line
 * {@code exit: N}, then the exact stdout). The same programs built by GNU as + ld must give the
 * same, which keeps the .expected files honest.
 *
 * <p>The programs only use the Linux-numbered ecalls Denali also offers (write 64 to fd 1, exit
 * 93), and may use .data, .rodata, .bss and {@code la} to data (not byte-compared, only run).
 */
class QemuRunTest {
  static final String QEMU = "qemu-riscv32";
  static final String QEMU_PACKAGE = "qemu-user";
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir
  static Path work;

  /** The expected outcome of one program. */
  record Expected(int exit, String stdout) {
    static Expected read(Path file) {
      String all;
      try {
        all = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      int nl = all.indexOf('\n');
      String first = nl < 0 ? all : all.substring(0, nl);
      if (!first.startsWith("exit: ")) {
        throw new IllegalStateException(file + ": first line must be 'exit: N', is: " + first);
      }
      return new Expected(Integer.parseInt(first.substring(6).strip()),
          nl < 0 ? "" : all.substring(nl + 1));
    }
  }

  @TestFactory
  Stream<DynamicNode> programsRunLikeGas() {
    List<Path> sources = Corpus.files("run", ".s");
    assertThat(sources).as("runnable programs in %s", Corpus.dir("run"))
        .hasSizeGreaterThanOrEqualTo(6);
    return sources.stream().map(src -> {
      String file = src.getFileName().toString();
      String name = file.substring(0, file.length() - 2);
      Path expectedFile = src.resolveSibling(name + ".expected");
      return dynamicContainer(file, Stream.of(
          dynamicTest("built by GNU as + ld (checks " + name + ".expected)",
              () -> runGasBuild(file, Corpus.read(src), expectedFile)),
          dynamicTest("built by Denali",
              () -> runDenaliBuild(file, Corpus.read(src), expectedFile))));
    });
  }

  /** Each test checks for the tools, so that a run without them counts them as skipped. */
  static void needTools() {
    GnuToolchain.require();
    ExternalTool.require(QEMU, QEMU_PACKAGE);
  }

  static void runGasBuild(String file, String source, Path expectedFile) {
    needTools();
    assertThat(expectedFile).as("expected output file").exists();
    Expected expected = Expected.read(expectedFile);
    try (GnuToolchain.Build b = GnuToolchain.build(file, source)) {
      check("gas build of " + file, b.elf(), expected);
    }
  }

  static void runDenaliBuild(String file, String source, Path expectedFile) throws IOException {
    needTools();
    assertThat(expectedFile).as("expected output file").exists();
    Expected expected = Expected.read(expectedFile);
    AssemblyResult r;
    try {
      r = Assembler.assemble(List.of(SourceFile.of(file, source)), AssemblerOptions.defaults());
    } catch (RuntimeException | StackOverflowError e) {
      fail("Denali's assembler crashed on " + file + ":\n" + GasDifferentialTest.stackTrace(e));
      return;
    }
    if (!r.ok()) {
      fail("Denali's assembler rejects " + file + ":\n" + r.formatDiagnostics());
    }
    Path elf = work.resolve(file.replace(".s", ".denali.elf"));
    Files.write(elf, r.elf());
    elf.toFile().setExecutable(true);
    check("Denali build of " + file, elf, expected);
  }

  static void check(String what, Path elf, Expected expected) {
    Processes.Result run = Processes.run(List.of(QEMU, elf.toString()), TIMEOUT, null);
    if (run.timedOut()) {
      fail(what + ": still running after " + TIMEOUT.toSeconds() + " s under " + QEMU
          + "\n--- stdout so far ---\n" + run.stdoutText());
    }
    assertThat(run.stdoutText()).as("%s: stdout (stderr: %s)", what, run.stderrText())
        .isEqualTo(expected.stdout());
    assertThat(run.exitCode()).as("%s: exit status (stderr: %s)", what, run.stderrText())
        .isEqualTo(expected.exit());
  }
}
