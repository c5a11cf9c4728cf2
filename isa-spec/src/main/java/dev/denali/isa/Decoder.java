package dev.denali.isa;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns 32-bit words into {@link Instruction}s by the instruction table. A word that no table
 * entry matches (including compressed encodings, CSRs other than the counters, and Denali words
 * with non-zero unused fields) is illegal: {@link #decode} returns null.
 */
public final class Decoder {
  /** Table entries indexed by the low 7 bits (major opcode) of a word. */
  private static final Opcode[][] BY_MAJOR = new Opcode[128][];

  static {
    List<List<Opcode>> lists = new ArrayList<>();
    for (int i = 0; i < 128; i++) {
      lists.add(new ArrayList<>());
    }
    for (Opcode op : Opcode.values()) {
      lists.get(op.majorOpcode()).add(op);
    }
    for (int i = 0; i < 128; i++) {
      BY_MAJOR[i] = lists.get(i).toArray(new Opcode[0]);
    }
  }

  private Decoder() {}

  /** The instruction encoded by {@code word}, or null when the word is not a valid instruction. */
  public static Instruction decode(int word) {
    for (Opcode op : BY_MAJOR[word & 0x7F]) {
      if (op.matches(word)) {
        return fields(op, word);
      }
    }
    return null;
  }

  private static Instruction fields(Opcode op, int word) {
    Syntax syntax = op.syntax();
    int rd = syntax.usesRd() ? Format.rd(word) : 0;
    int rs1 = syntax.usesRs1() ? Format.rs1(word) : 0;
    int rs2 = syntax.usesRs2() ? Format.rs2(word) : 0;
    int imm;
    switch (syntax) {
      case RD_RS1_SHAMT:
        imm = (word >>> 20) & 0x1F;
        break;
      case RD_CSR:
        imm = (word >>> 20) & 0xFFF;
        if (Csr.byNumber(imm) == null) {
          return null;
        }
        break;
      case FENCE:
        imm = (word >>> 20) & 0xFF;
        break;
      case NONE:
        imm = 0;
        break;
      default:
        imm = op.format().decodeImm(word);
        break;
    }
    return new Instruction(op, rd, rs1, rs2, imm);
  }
}
