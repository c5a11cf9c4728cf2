package dev.denali.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.emu.Code;
import dev.denali.emu.GuestProgram;
import dev.denali.isa.Csr;
import dev.denali.isa.Decoder;
import dev.denali.isa.Extension;
import dev.denali.isa.GuestConfig;
import dev.denali.isa.Instruction;
import dev.denali.isa.Opcode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * C guests built with the SDK by gcc and by clang, run on the interpreter. A missing compiler
 * skips its tests (naming the Debian package), except on CI (CI=true), where it fails them.
 */
class CGuestTest {
  static final String HELLO_OUTPUT = """
      Hello, Denali, from C!
      40 + 2 = 42
      fib(20) = 6765, -7 / 2 = -3, strlen("Denali") = 6
      hex beef BEEF 0x00001234, unsigned 4000000000, long -123456789, char 'Z', \
      [   42] [42   ] [-0042] 100%
      bye
      """;

  /** selfcheck's stdout on Denali; under Linux the denali line says it was skipped. */
  static final String SELFCHECK_OUTPUT = """
      string: ok (34 checks)
      stdio: printf works 1 !
      stdio: putchar and fputs work
      stdio: ok (57 checks)
      stdlib: ok (31 checks)
      ecall: write works
      ecall: ok (8 checks)
      denali: ok (40 checks)
      selfcheck: passed
      """;

  @ParameterizedTest
  @EnumSource(CBuild.Compiler.class)
  void helloPrintsOnTheInterpreter(CBuild.Compiler compiler) {
    Sdk.Run r = Sdk.run("hello", CBuild.example(compiler, "hello.c"));
    assertThat(r.exited()).as(r.describe()).isTrue();
    assertThat(r.status()).as(r.describe()).isZero();
    assertThat(r.out()).isEqualTo(HELLO_OUTPUT);
    assertThat(r.err()).isEmpty();
    assertThat(r.program().config()).isEqualTo(new GuestConfig(1 << 20, 64 << 10, "hello-c"));
  }

  @ParameterizedTest
  @EnumSource(CBuild.Compiler.class)
  void selfcheckPassesEveryCheckOnTheInterpreter(CBuild.Compiler compiler) {
    Sdk.Run r = Sdk.run("selfcheck", CBuild.example(compiler, "selfcheck.c"));
    assertThat(r.exited()).as(r.describe()).isTrue();
    assertThat(r.out()).as(r.describe()).isEqualTo(SELFCHECK_OUTPUT);
    assertThat(r.err()).isEqualTo("stdio: stderr works\n");
    assertThat(r.status()).as(r.describe()).isZero();
    assertThat(r.vm().deliveries()).as("timer interrupt batches").isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(CBuild.Compiler.class)
  void theBinaryHasTheDenaliLayout(CBuild.Compiler compiler) {
    GuestProgram p = Sdk.load("hello", readBytes(CBuild.example(compiler, "hello.c")));
    assertThat(p.entry()).as("_start at the text base").isEqualTo(0x10000);
    assertThat(p.textBase()).isEqualTo(0x10000);
    assertThat(p.readOnlyBase()).as("the header page").isEqualTo(0xf000);
    assertThat(p.writableBase() % 0x1000).isZero();
    assertThat(p.settings()).containsEntry("service", "hello-c");
  }

  /**
   * Every Denali instruction and counter read of denali.h encodes as the ISA table says: a
   * program calling each one (never run) decodes to exactly those instructions.
   */
  @ParameterizedTest
  @EnumSource(CBuild.Compiler.class)
  void everyDenaliInstructionInTheHeaderEncodesAsTheIsaSays(CBuild.Compiler compiler) {
    Path elf = CBuild.build(compiler, "all-instructions",
        List.of("guest-sdk/src/test/c/all_instructions.c"));
    GuestProgram p = Sdk.load("all", readBytes(elf));
    Code code = p.code();
    Set<Opcode> denali = EnumSet.noneOf(Opcode.class);
    Set<Integer> csrs = new TreeSet<>();
    for (int i = 0; i < code.length(); i++) {
      Instruction insn = Decoder.decode(code.word(i));
      if (insn == null) {
        continue;
      }
      if (insn.op().extension() == Extension.DENALI) {
        denali.add(insn.op());
      } else if (insn.op() == Opcode.CSRRS) {
        csrs.add(insn.imm());
      }
    }
    Set<Opcode> all = Arrays.stream(Opcode.values())
        .filter(o -> o.extension() == Extension.DENALI)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Opcode.class)));
    assertThat(denali).isEqualTo(all);
    assertThat(csrs).containsExactlyInAnyOrderElementsOf(
        Arrays.stream(Csr.values()).map(Csr::number).toList());
  }

  @Test
  void theReadmeShowsTheCommandsTheTestsRun() {
    String readme = Sdk.read(Sdk.module().resolve("README.md")).replaceAll("\\\\\\n\\s*", "");
    assertThat(readme).contains(CBuild.GCC + " " + String.join(" ", CBuild.GCC_FLAGS) + " ");
    assertThat(readme).contains(CBuild.CLANG + " " + String.join(" ", CBuild.CLANG_FLAGS)
        + " ");
  }

  static byte[] readBytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
