package dev.denali.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.asm.testing.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same guests under qemu-riscv32 (Linux user mode), a real peer: they print the same and
 * exit the same as on the interpreter. The SDK's C code only uses Linux-numbered ecalls, so the
 * binaries run unchanged; selfcheck skips its Denali group there. A missing qemu skips these
 * tests (Debian package qemu-user), except on CI.
 */
class QemuTest {
  @ParameterizedTest
  @EnumSource(CBuild.Compiler.class)
  void helloPrintsTheSameUnderQemu(CBuild.Compiler compiler) {
    Path elf = CBuild.example(compiler, "hello.c");
    Processes.Result q = CBuild.qemu(elf);
    assertThat(q.exitCode()).as(q.describe()).isZero();
    assertThat(q.stdoutText()).isEqualTo(CGuestTest.HELLO_OUTPUT);
    assertThat(q.stdoutText()).isEqualTo(Sdk.run("hello", elf).out());
  }

  @ParameterizedTest
  @EnumSource(CBuild.Compiler.class)
  void selfcheckPassesUnderQemuWithoutTheDenaliGroup(CBuild.Compiler compiler) {
    Path elf = CBuild.example(compiler, "selfcheck.c");
    Processes.Result q = CBuild.qemu(elf);
    assertThat(q.exitCode()).as(q.describe()).isZero();
    String expected = CGuestTest.SELFCHECK_OUTPUT.replaceFirst("denali: ok \\(\\d+ checks\\)",
        "denali: skipped (not running on Denali)");
    assertThat(q.stdoutText()).isEqualTo(expected);
    assertThat(q.stderrText()).isEqualTo("stdio: stderr works\n");
  }

  @Test
  void assemblyHelloPrintsTheSameUnderQemu() throws IOException {
    Path elf = Sdk.buildDir("asm-guests").resolve("hello.elf");
    Files.write(elf, AsmHelloTest.helloElf());
    assertThat(elf.toFile().setExecutable(true)).isTrue(); // qemu-user checks the mode
    Processes.Result q = CBuild.qemu(elf);
    assertThat(q.exitCode()).as(q.describe()).isZero();
    assertThat(q.stdoutText()).isEqualTo(AsmHelloTest.EXPECTED);
  }

  @Test
  void exitStatusIsMainsResultUnderBoth() {
    Path elf = CBuild.build(CBuild.Compiler.GCC, "status",
        List.of("guest-sdk/src/test/c/status.c"));
    Sdk.Run r = Sdk.run("status", read(elf));
    assertThat(r.status()).as(r.describe()).isEqualTo(42);
    assertThat(r.out()).isEqualTo("unflushed line without a newline");
    Processes.Result q = CBuild.qemu(elf);
    assertThat(q.exitCode()).as(q.describe()).isEqualTo(42);
    assertThat(q.stdoutText()).isEqualTo(r.out());
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
