package dev.denali.asm.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.denali.asm.Assembler;
import dev.denali.asm.AssemblyResult;
import dev.denali.asm.Diagnostic;
import dev.denali.asm.SourceFile;
import dev.denali.asm.testing.GnuToolchain;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Expressions at their limits, against GNU as: long chains of forward {@code .equ} references
 * give GNU as's values, data values at the edges of their fields give its bytes, and values
 * GNU as complains about (shifted out of 64 bits, truncated to their field) are refused by
 * Denali, which turns GNU as's warnings about wrong values into errors. One case needs no GNU
 * as: every symbol of a long chain used, in linear time.
 */
class GasExpressionLimitsTest {
  private static final int CHAIN = 50_000;

  /** {@code .equ v0, v1} ... {@code .equ v49999, 5}, after the words that use it. */
  static String forwardChain(int length, String uses) {
    StringBuilder sb = new StringBuilder("\t.text\n\t.globl _start\n_start:\n").append(uses);
    for (int i = 0; i < length - 1; i++) {
      sb.append("\t.equ v").append(i).append(", v").append(i + 1).append('\n');
    }
    return sb.append("\t.equ v").append(length - 1).append(", 5\n").toString();
  }

  @Test
  void longChainOfForwardEquReferencesMatchesGas() {
    GasDifferentialTest.compare("equ_chain.s",
        forwardChain(CHAIN, "\t.word v0, v1, v25000, v49999, v0 + v1\n"), null);
  }

  @Test
  void everySymbolOfALongChainHasItsValueInLinearTime() {
    StringBuilder uses = new StringBuilder();
    for (int i = 0; i < CHAIN; i++) {
      uses.append("\t.word v").append(i).append('\n');
    }
    String source = forwardChain(CHAIN, uses.toString());
    // each of the 50,000 uses would walk the rest of the chain if values were not kept
    AssemblyResult r = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> Assembler.assemble(SourceFile.of("chain.s", source)));
    assertThat(r.ok()).as(r.formatDiagnostics()).isTrue();
    byte[] text = r.image().text();
    assertThat(text).hasSize(4 * CHAIN);
    for (int i = 0; i < text.length; i += 4) {
      assertThat(text[i]).as("word %d", i / 4).isEqualTo((byte) 5);
    }
  }

  @Test
  void aChainThatComesBackToItsStartIsAnError() {
    AssemblyResult r = Assembler.assemble(SourceFile.of("cycle.s",
        forwardChain(1000, "\t.word v0\n").replace(", 5\n", ", v0 + 1\n")));
    assertThat(r.ok()).isFalse();
    assertThat(r.errors()).extracting(Diagnostic::message)
        .allMatch(m -> m.contains("is defined in terms of itself"));
  }

  @Test
  void valuesAtTheEdgesOfTheirFieldsMatchGas() {
    GasDifferentialTest.compare("data_edges.s", """
        \t.text
        \t.globl _start
        _start:
        \t.word -1, 0xffffffff, -0x80000000, 1 << 31, (1 << 63) >> 32, 1 << 0, -1 >> 63
        \t.half -32768, 65535, -1, 1 << 15
        \t.byte -128, 255, -1, 1 << 7, 0 << 63
        \t.quad 1 << 63, -1 >> 1, 0x7fffffffffffffff
        \t.word 1 << 31 >> 31, (0x12345678 << 32) >> 32
        """, null);
  }

  /** Lines GNU as warns or errs about; Denali must refuse each with an error on its line. */
  private static final List<String> OUT_OF_RANGE = List.of(
      ".word 1 << 64", ".word 1 >> 64", ".word 1 << -1", ".quad 1 << 64", ".byte 1 << 65",
      ".word 1 << 32", ".word 0x100000000", ".word -4294967297", ".half 65536",
      ".half -65537", ".byte 256", ".byte -257");

  @TestFactory
  Stream<DynamicTest> valuesGasComplainsAboutAreErrors() {
    return OUT_OF_RANGE.stream().map(line -> dynamicTest(line, () -> {
      GnuToolchain.require();
      String source = "\t.text\n\t.globl _start\n_start:\n\tnop\n\t" + line + "\n";
      String gas = GnuToolchain.messages("range.s", source);
      assertThat(gas).as("GNU as on %s", line).contains(":5:");
      AssemblyResult r = Assembler.assemble(SourceFile.of("range.s", source));
      assertThat(r.ok()).as("Denali on %s", line).isFalse();
      assertThat(r.errors()).extracting(Diagnostic::line).containsExactly(5);
      if (gas.contains("shift count out of range")) {
        assertThat(r.errors().get(0).message()).contains("shift count").contains("out of range");
      } else {
        assertThat(r.errors().get(0).message()).contains("does not fit");
      }
    }));
  }
}
