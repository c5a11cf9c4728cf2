package dev.denali.asm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.asm.link.Pseudo;
import dev.denali.isa.Opcode;
import dev.denali.isa.Operand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Encoding of every instruction (at the limits of each immediate, and just past them, which must
 * be an error rather than a wrong word) and of every pseudo-instruction. Expected pseudo
 * expansions are the words GNU as 2.40 ({@code -march=rv32im_zicsr -mno-relax}, linked at
 * 0x10000) produced for the same lines.
 */
class EncodingTest {

  /** Assembles {@code body} after a {@code _start} label; returns the .text words. */
  static int[] words(String body) {
    AssemblyResult r = Assembler.assemble(SourceFile.of("t.s",
        ".text\n.globl _start\n_start:\n" + body + "\n"));
    assertThat(r.ok()).as(r.formatDiagnostics()).isTrue();
    byte[] t = r.image().text();
    int[] w = new int[t.length / 4];
    for (int i = 0; i < w.length; i++) {
      w[i] = (t[4 * i] & 0xFF) | (t[4 * i + 1] & 0xFF) << 8 | (t[4 * i + 2] & 0xFF) << 16
          | (t[4 * i + 3] & 0xFF) << 24;
    }
    return w;
  }

  static List<Diagnostic> errors(String body) {
    AssemblyResult r = Assembler.assemble(SourceFile.of("t.s",
        ".text\n.globl _start\n_start:\n" + body + "\n"));
    assertThat(r.ok()).as("expected an error for: " + body).isFalse();
    assertThat(r.elf()).isNull();
    return r.errors();
  }

  /** Operand text and encoded immediate for one instruction at a chosen immediate. */
  private static String line(Opcode op, long imm) {
    String m = op.mnemonic();
    return switch (op.syntax()) {
      case RD_RS1_RS2 -> m + " a0, s1, t6";
      case RD_RS1_IMM, RD_RS1_SHAMT -> m + " a0, s1, " + imm;
      case RD_MEM -> m + " a0, " + imm + "(s1)";
      case RS2_MEM -> m + " t6, " + imm + "(s1)";
      case RS1_RS2_BRANCH -> m + " s1, t6, . + " + imm;
      case RD_UIMM -> m + " a0, " + imm;
      case RD_JUMP -> m + " a0, . + " + imm;
      case RD_CSR -> m + " a0, " + imm + ", zero";
      case FENCE -> m + " iorw, rw";
      case NONE -> m;
      case RD -> m + " a0";
      case RS1 -> m + " s1";
      case RD_RS1 -> m + " a0, s1";
    };
  }

  private static int expected(Opcode op, long imm) {
    return switch (op.syntax()) {
      case RD_RS1_RS2 -> op.encode(10, 9, 31, 0);
      case RD_RS1_IMM, RD_RS1_SHAMT, RD_MEM -> op.encode(10, 9, 0, (int) imm);
      case RS2_MEM -> op.encode(0, 9, 31, (int) imm);
      case RS1_RS2_BRANCH -> op.encode(0, 9, 31, (int) imm);
      case RD_UIMM, RD_JUMP, RD_CSR -> op.encode(10, 0, 0, (int) imm);
      case FENCE -> op.encode(0, 0, 0, 0xF3);
      case NONE -> op.encode(0, 0, 0, 0);
      case RD -> op.encode(10, 0, 0, 0);
      case RS1 -> op.encode(0, 9, 0, 0);
      case RD_RS1 -> op.encode(10, 9, 0, 0);
    };
  }

  /** The immediate operand kind of a syntax, or null. */
  private static Operand immKind(Opcode op) {
    for (Operand o : op.syntax().operands()) {
      switch (o) {
        case SIMM12, SHAMT, MEM, BRANCH_TARGET, JUMP_TARGET, UIMM20, CSR -> {
          return o;
        }
        default -> { }
      }
    }
    return null;
  }

  /** {lowest valid, highest valid, just below, just above} for each kind. */
  private static long[] limits(Operand kind) {
    return switch (kind) {
      case SIMM12, MEM -> new long[] {-2048, 2047, -2049, 2048};
      case SHAMT -> new long[] {0, 31, -1, 32};
      case BRANCH_TARGET -> new long[] {-4096, 4094, -4098, 4096};
      case JUMP_TARGET -> new long[] {-(1 << 20), (1 << 20) - 2, -(1 << 20) - 2, 1 << 20};
      case UIMM20 -> new long[] {0, 0xFFFFF, -1, 0x100000};
      case CSR -> new long[] {0xC00, 0xC82, 0xBFF, 0xC83};
      default -> throw new IllegalStateException();
    };
  }

  @ParameterizedTest
  @EnumSource(Opcode.class)
  void everyInstructionEncodesAtItsLimits(Opcode op) {
    Operand kind = immKind(op);
    if (kind == null) {
      assertThat(words(line(op, 0))).containsExactly(expected(op, 0));
      return;
    }
    long[] l = limits(kind);
    for (long imm : new long[] {l[0], l[1]}) {
      String src = line(op, imm);
      int[] w = words(src);
      assertThat(w[w.length - 1]).as(src).isEqualTo(expected(op, imm));
    }
    if (kind == Operand.BRANCH_TARGET) {
      // just past its reach a branch is relaxed, as GNU as does: inverted branch over a jal
      for (long imm : new long[] {l[2], l[3]}) {
        int[] w = words(line(op, imm));
        assertThat(w).as(line(op, imm)).hasSize(2);
        assertThat(dev.denali.isa.Decoder.decode(w[1]).op()).isEqualTo(Opcode.JAL);
        assertThat(dev.denali.isa.Decoder.decode(w[1]).imm()).isEqualTo(imm - 4);
      }
      return;
    }
    for (long imm : new long[] {l[2], l[3]}) {
      String src = line(op, imm);
      List<Diagnostic> errs = errors(src);
      assertThat(errs).as(src).hasSize(1);
      assertThat(errs.get(0).message()).as(src).containsAnyOf("out of range", "expected",
          "away", "does not exist");
    }
  }

  static Stream<Arguments> pseudoCases() {
    Map<String, int[]> m = new LinkedHashMap<>();
    m.put("nop", new int[] {0x00000013});
    m.put("li a0, 0", new int[] {0x00000513});
    m.put("li a0, -1", new int[] {0xfff00513});
    m.put("li a0, 2047", new int[] {0x7ff00513});
    m.put("li a0, -2048", new int[] {0x80000513});
    m.put("li a0, 2048", new int[] {0x00001537, 0x80050513});
    m.put("li a1, 0x12345678", new int[] {0x123455b7, 0x67858593});
    m.put("li a4, 0xfffff800", new int[] {0x80000713});
    m.put("li a0, 0x80000000", new int[] {0x80000537});
    m.put("li a0, 0x7fffffff", new int[] {0x80000537, 0xfff50513});
    m.put("li a0, 0x12345000", new int[] {0x12345537});
    m.put("la a0, _start", new int[] {0x00000517, 0x00050513});
    m.put("lla a0, _start", new int[] {0x00000517, 0x00050513});
    m.put("mv a0, a1", new int[] {0x00058513});
    m.put("not a0, a1", new int[] {0xfff5c513});
    m.put("neg a0, a1", new int[] {0x40b00533});
    m.put("seqz a0, a1", new int[] {0x0015b513});
    m.put("snez a0, a1", new int[] {0x00b03533});
    m.put("sltz a0, a1", new int[] {0x0005a533});
    m.put("sgtz a0, a1", new int[] {0x00b02533});
    m.put("beqz a0, _start", new int[] {0x00050063});
    m.put("bnez a0, _start", new int[] {0x00051063});
    m.put("blez a0, _start", new int[] {0x00a05063});
    m.put("bgez a0, _start", new int[] {0x00055063});
    m.put("bltz a0, _start", new int[] {0x00054063});
    m.put("bgtz a0, _start", new int[] {0x00a04063});
    m.put("bgt a0, a1, _start", new int[] {0x00a5c063});
    m.put("ble a0, a1, _start", new int[] {0x00a5d063});
    m.put("bgtu a0, a1, _start", new int[] {0x00a5e063});
    m.put("bleu a0, a1, _start", new int[] {0x00a5f063});
    m.put("j _start", new int[] {0x0000006f});
    m.put("jr a0", new int[] {0x00050067});
    m.put("ret", new int[] {0x00008067});
    m.put("call _start", new int[] {0x00000097, 0x000080e7});
    m.put("tail _start", new int[] {0x00000317, 0x00030067});
    m.put("jump _start, t0", new int[] {0x00000297, 0x00028067});
    m.put("rdcycle a0", new int[] {0xc0002573});
    m.put("rdcycleh a0", new int[] {0xc8002573});
    m.put("rdtime a0", new int[] {0xc0102573});
    m.put("rdtimeh a0", new int[] {0xc8102573});
    m.put("rdinstret a0", new int[] {0xc0202573});
    m.put("rdinstreth a0", new int[] {0xc8202573});
    m.put("csrr a0, instret", new int[] {0xc0202573});
    // GNU short forms of real instructions
    m.put("jal _start", new int[] {0x000000ef});
    m.put("jalr a0", new int[] {0x000500e7});
    m.put("jalr t0, a0", new int[] {0x000502e7});
    m.put("jalr t0, a0, 8", new int[] {0x008502e7});
    m.put("fence", new int[] {0x0ff0000f});
    m.put("add a0, a0, 5", new int[] {0x00550513});
    m.put("lw a0, _start", new int[] {0x00000517, 0x00052503});
    m.put("sw a0, _start, t0", new int[] {0x00000297, 0x00a2a023});
    m.put("lw a0, (a1)", new int[] {0x0005a503});
    m.put("sgt a0, a1, a2", new int[] {0x00b62533});
    m.put("sgtu a0, a1, a2", new int[] {0x00b63533});
    m.put("zext.b a0, a1", new int[] {0x0ff5f513});
    m.put("zext.h a0, a1", new int[] {0x01059513, 0x01055513});
    m.put("sext.b a0, a1", new int[] {0x01859513, 0x41855513});
    m.put("sext.h a0, a1", new int[] {0x01059513, 0x41055513});
    m.put("li x0, 0x12345000", new int[] {0x12345037, 0x00000013});
    List<Arguments> out = new ArrayList<>();
    m.forEach((k, v) -> out.add(Arguments.of(k, v)));
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pseudoCases")
  void pseudoInstructionsExpandLikeGnuAs(String line, int[] expected) {
    assertThat(words(line)).containsExactly(expected);
  }

  @Test
  void everyPseudoInstructionHasAnEncodingCase() {
    List<String> covered = pseudoCases().map(a -> ((String) a.get()[0]).split(" ")[0]).toList();
    for (Pseudo p : Pseudo.values()) {
      assertThat(covered).as("encoding case for " + p.mnemonic()).contains(p.mnemonic());
    }
  }

  @Test
  void liOfALabelIsAlwaysTwoInstructions() {
    // the value depends on the layout, so the length must not (as in GNU as)
    assertThat(words("li a0, _start")).hasSize(2);
  }

  @Test
  void denaliInstructionsUseCustom0() {
    int[] w = words("d.exit a0\nd.idle a0, a1\nd.iret\nd.console.write a0, a1, a2\n"
        + "d.clock.read a0, a1\nd.net.send a0, a1, a2\nd.net.recv a0, a1, a2\n"
        + "d.disk.read a0, a1, a2\nd.disk.write a0, a1, a2\nd.disk.flush a0");
    // .insn r CUSTOM_0, f3, f7, rd, rs1, rs2 as GNU as encodes it
    assertThat(w).containsExactly(0x0005000b, 0x0205850b, 0x0400000b, 0x00c5950b,
        0x0005a50b, 0x00c5b50b, 0x02c5b50b, 0x00c5c50b, 0x02c5c50b, 0x0400450b);
  }
}
