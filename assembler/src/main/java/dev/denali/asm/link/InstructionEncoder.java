package dev.denali.asm.link;

import dev.denali.isa.Opcode;
import dev.denali.isa.Registers;
import dev.denali.isa.Syntax;
import java.util.Locale;
import java.util.Map;

/**
 * Encodes one instruction statement: a real instruction of the {@link Opcode} table (with the
 * short forms GNU as accepts, such as {@code jal label} or {@code add rd, rs, imm}), or a
 * {@link Pseudo}-instruction.
 */
final class InstructionEncoder {
  private InstructionEncoder() {}

  /** R-type ALU instructions that GNU as also accepts with an immediate third operand. */
  private static final Map<Opcode, Opcode> IMMEDIATE_FORM = Map.of(
      Opcode.ADD, Opcode.ADDI, Opcode.AND, Opcode.ANDI, Opcode.OR, Opcode.ORI,
      Opcode.XOR, Opcode.XORI, Opcode.SLL, Opcode.SLLI, Opcode.SRL, Opcode.SRLI,
      Opcode.SRA, Opcode.SRAI, Opcode.SLT, Opcode.SLTI, Opcode.SLTU, Opcode.SLTIU);

  static int[] encode(Operands ops) {
    String mnemonic = ops.mnemonic().toLowerCase(Locale.ROOT);
    Pseudo pseudo = Pseudo.byMnemonic(mnemonic);
    if (pseudo != null) {
      Words w = new Words();
      pseudo.expand(ops, w);
      return w.toArray();
    }
    Opcode op = Opcode.byMnemonic(mnemonic);
    if (op == null) {
      throw new AsmError(ops.at(), unknown(mnemonic));
    }
    Words w = new Words();
    real(op, ops, w);
    return w.toArray();
  }

  /** Mnemonics of the F, D and Q extensions, for a precise message. */
  private static final java.util.regex.Pattern FLOAT = java.util.regex.Pattern.compile(
      "f(add|sub|mul|div|sqrt|min|max|sgnj|mv|cvt|eq|lt|le|class|madd|msub|nmadd|nmsub|l[whdq]"
      + "|s[whdq]|rcsr|scsr|rrm|srm|rflags|sflags|neg|abs)(\\..*)?");

  private static String unknown(String mnemonic) {
    if (mnemonic.equals("fence.i")) {
      return "fence.i is not part of the Denali ISA: code cannot be modified after loading";
    }
    if (mnemonic.startsWith("c.") || FLOAT.matcher(mnemonic).matches()) {
      return "unknown instruction '" + mnemonic + "': the Denali ISA is RV32IM"
          + " (no compressed or floating-point instructions)";
    }
    if (mnemonic.startsWith("csr")) {
      return "unknown instruction '" + mnemonic + "': the only CSR access is reading the"
          + " counters (csrr, rdcycle, rdtime, rdinstret)";
    }
    return "unknown instruction '" + mnemonic + "'";
  }

  /** Encodes a table instruction with its standard syntax or a GNU short form. */
  static void real(Opcode op, Operands ops, Words w) {
    Syntax syntax = op.syntax();
    switch (syntax) {
      case RD_RS1_RS2:
        if (IMMEDIATE_FORM.containsKey(op) && ops.count() == 3 && !ops.isRegister(2)) {
          real(IMMEDIATE_FORM.get(op), ops, w);
          return;
        }
        ops.expectCount(3, syntax.template());
        w.add(op, ops.reg(0), ops.reg(1), ops.reg(2), 0);
        return;
      case RD_RS1_IMM:
        ops.expectCount(3, syntax.template());
        w.add(op, ops.reg(0), ops.reg(1), 0, simm12(ops, 2));
        return;
      case RD_RS1_SHAMT:
        ops.expectCount(3, syntax.template());
        w.add(op, ops.reg(0), ops.reg(1), 0, ops.check(2, ops.value(2), 0, 31, 1,
            "shift amount"));
        return;
      case RD_MEM:
        if (op == Opcode.JALR) {
          jalr(ops, w);
        } else {
          load(op, ops, w);
        }
        return;
      case RS2_MEM:
        store(op, ops, w);
        return;
      case RS1_RS2_BRANCH:
        ops.expectCount(3, syntax.template());
        branch(ops, w, op, ops.reg(0), ops.reg(1), 2);
        return;
      case RD_UIMM: {
        ops.expectCount(2, syntax.template());
        long v = ops.value(1);
        w.add(op, ops.reg(0), 0, 0, ops.check(1, v, 0, 0xFFFFF, 1, "immediate"));
        return;
      }
      case RD_JUMP:
        if (ops.count() == 1) {
          w.add(op, Registers.RA, 0, 0, jumpOffset(ops, 0, 0));
          return;
        }
        ops.expectCount(2, syntax.template());
        w.add(op, ops.reg(0), 0, 0, jumpOffset(ops, 1, 0));
        return;
      case RD_CSR:
        ops.expectCount(3, syntax.template());
        if (ops.reg(2) != 0) {
          throw new AsmError(ops.get(2).at(), "counters are read-only: the source register of"
              + " csrrs must be zero");
        }
        w.add(op, ops.reg(0), 0, 0, ops.csr(1));
        return;
      case FENCE:
        if (ops.count() == 0) {
          w.add(op, 0, 0, 0, 0xFF);
          return;
        }
        ops.expectCount(2, syntax.template());
        w.add(op, 0, 0, 0, fenceSet(ops, 0) << 4 | fenceSet(ops, 1));
        return;
      case NONE:
        ops.expectCount(0, "");
        w.add(op, 0, 0, 0, 0);
        return;
      case RD:
        ops.expectCount(1, syntax.template());
        w.add(op, ops.reg(0), 0, 0, 0);
        return;
      case RS1:
        ops.expectCount(1, syntax.template());
        w.add(op, 0, ops.reg(0), 0, 0);
        return;
      case RD_RS1:
        ops.expectCount(2, syntax.template());
        w.add(op, ops.reg(0), ops.reg(1), 0, 0);
        return;
      default:
        throw new IllegalStateException("BUG: syntax " + syntax);
    }
  }

  private static void jalr(Operands ops, Words w) {
    switch (ops.count()) {
      case 1:
        if (ops.isMemory(0)) {
          long[] m = ops.memory(0);
          w.add(Opcode.JALR, Registers.RA, (int) m[1], 0, checkOffset(ops, 0, m[0]));
        } else {
          w.add(Opcode.JALR, Registers.RA, ops.reg(0), 0, 0);
        }
        return;
      case 2:
        if (ops.isMemory(1)) {
          long[] m = ops.memory(1);
          w.add(Opcode.JALR, ops.reg(0), (int) m[1], 0, checkOffset(ops, 1, m[0]));
        } else {
          w.add(Opcode.JALR, ops.reg(0), ops.reg(1), 0, 0);
        }
        return;
      case 3:
        w.add(Opcode.JALR, ops.reg(0), ops.reg(1), 0, simm12(ops, 2));
        return;
      default:
        ops.expectCount(2, "rd, offset(rs1)");
    }
  }

  private static void load(Opcode op, Operands ops, Words w) {
    ops.expectCount(2, "rd, offset(rs1)");
    int rd = ops.reg(0);
    if (ops.isMemory(1)) {
      long[] m = ops.memory(1);
      w.add(op, rd, (int) m[1], 0, checkOffset(ops, 1, m[0]));
      return;
    }
    // lw rd, symbol: auipc rd, %pcrel_hi(symbol); lw rd, %pcrel_lo(symbol)(rd)
    long[] hl = pcrel(ops, 1, 0);
    w.add(Opcode.AUIPC, rd, 0, 0, hl[0]).add(op, rd, rd, 0, hl[1]);
  }

  private static void store(Opcode op, Operands ops, Words w) {
    if (ops.count() == 3 && !ops.isMemory(1)) {
      // sw rs2, symbol, rt: auipc rt, %pcrel_hi(symbol); sw rs2, %pcrel_lo(symbol)(rt)
      int rt = ops.reg(2);
      long[] hl = pcrel(ops, 1, 0);
      w.add(Opcode.AUIPC, rt, 0, 0, hl[0]).add(op, 0, rt, ops.reg(0), hl[1]);
      return;
    }
    ops.expectCount(2, "rs2, offset(rs1)");
    int rs2 = ops.reg(0);
    if (!ops.isMemory(1)) {
      throw new AsmError(ops.get(1).at(), "expected offset(register), as in 8(sp); to store"
          + " to a symbol write " + ops.mnemonic() + " rs2, symbol, temp-register");
    }
    long[] m = ops.memory(1);
    w.add(op, 0, (int) m[1], rs2, checkOffset(ops, 1, m[0]));
  }

  static long simm12(Operands ops, int i) {
    return ops.check(i, ops.value(i), -2048, 2047, 1, "immediate");
  }

  private static long checkOffset(Operands ops, int i, long off) {
    return ops.check(i, off, -2048, 2047, 1, "offset");
  }

  private static final Map<Opcode, Opcode> INVERSE = Map.of(
      Opcode.BEQ, Opcode.BNE, Opcode.BNE, Opcode.BEQ, Opcode.BLT, Opcode.BGE,
      Opcode.BGE, Opcode.BLT, Opcode.BLTU, Opcode.BGEU, Opcode.BGEU, Opcode.BLTU);

  /**
   * A conditional branch to the target in operand {@code i}. When the target is beyond the
   * branch's reach (+-4 KiB), GNU as's relaxation is applied: the inverted branch skips a jal to
   * the target, so the pair reaches +-1 MiB.
   */
  static void branch(Operands ops, Words w, Opcode op, int rs1, int rs2, int i) {
    Context ctx = ops.ctx();
    long off = ops.value(i) - ctx.pc();
    boolean inReach = off >= -4096 && off <= 4094;
    if (!ctx.relaxed() && (inReach || ctx.firstPass())) {
      w.add(op, 0, rs1, rs2, inReach ? branchOffset(ops, i, 0) : 0);
      return;
    }
    ctx.markRelaxed();
    long far = off - 4;
    if (ops.ctx().finalPass() && (far < -(1 << 20) || far > (1 << 20) - 2 || (far & 1) != 0)) {
      throw new AsmError(ops.get(i).at(), "branch target " + describeDistance(off)
          + ": beyond -1 MiB..+1 MiB, the reach of a branch relaxed to a jump");
    }
    w.add(INVERSE.get(op), 0, rs1, rs2, 8);
    w.add(Opcode.JAL, 0, 0, 0, far);
  }

  /** pc-relative offset to the target in operand {@code i}, from the word at +{@code at}. */
  static long branchOffset(Operands ops, int i, int at) {
    long off = ops.value(i) - (ops.ctx().pc() + at);
    if (ops.ctx().finalPass() && (off < -4096 || off > 4094 || (off & 1) != 0)) {
      throw new AsmError(ops.get(i).at(), (off & 1) != 0
          ? "branch target " + describeDistance(off)
          : "branch target " + describeDistance(off) + ": " + ops.mnemonic()
              + " reaches -4096..+4094 bytes");
    }
    return off;
  }

  static long jumpOffset(Operands ops, int i, int at) {
    long off = ops.value(i) - (ops.ctx().pc() + at);
    if (ops.ctx().finalPass() && (off < -(1 << 20) || off > (1 << 20) - 2 || (off & 1) != 0)) {
      throw new AsmError(ops.get(i).at(), (off & 1) != 0
          ? "jump target " + describeDistance(off)
          : "jump target " + describeDistance(off) + ": " + ops.mnemonic()
              + " reaches -1 MiB..+1 MiB; use call or tail");
    }
    return off;
  }

  private static String describeDistance(long off) {
    if ((off & 1) != 0) {
      return "is at an odd distance (" + off + " bytes): targets must be 2-byte aligned";
    }
    return "is " + off + " bytes away";
  }

  /** {hi20, lo12} of (target in operand i) - (pc + at), for auipc-based sequences. */
  static long[] pcrel(Operands ops, int i, int at) {
    long off = ops.value(i) - (ops.ctx().pc() + at);
    return Words.split(off);
  }

  private static int fenceSet(Operands ops, int i) {
    if (ops.get(i) instanceof dev.denali.asm.source.Operand.ExprOperand e) {
      String s = e.text().trim().toLowerCase(Locale.ROOT);
      if (s.equals("0")) {
        return 0;
      }
      int bits = 0;
      for (char c : s.toCharArray()) {
        int b = "iorw".indexOf(c);
        if (b < 0 || (bits & (8 >> b)) != 0) {
          bits = -1;
          break;
        }
        bits |= 8 >> b;
      }
      if (bits > 0) {
        return bits;
      }
    }
    throw new AsmError(ops.get(i).at(), "expected a fence set made of i, o, r, w (as in rw)");
  }
}
