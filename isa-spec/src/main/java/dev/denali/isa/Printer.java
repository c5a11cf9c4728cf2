package dev.denali.isa;

import java.util.function.IntFunction;

/**
 * Prints instructions in the assembly syntax the assembler reads, with the standard aliases that
 * GNU objdump uses (li, mv, ret, j, beqz, rdcycle, ...). Every alias printed here assembles back
 * to the same word.
 */
public final class Printer {
  private final boolean aliases;
  private final IntFunction<String> targetName;

  /**
   * @param aliases print the pseudo-instruction form where one exists
   * @param targetName names an absolute branch or jump target address (e.g. a label); may return
   *     null to print the address in hex
   */
  public Printer(boolean aliases, IntFunction<String> targetName) {
    this.aliases = aliases;
    this.targetName = targetName;
  }

  /** A printer with aliases that prints targets as hex addresses. */
  public static Printer standard() {
    return new Printer(true, a -> null);
  }

  /** Prints {@code insn} located at address {@code pc}. */
  public String print(Instruction insn, int pc) {
    if (aliases) {
      String alias = alias(insn, pc);
      if (alias != null) {
        return alias;
      }
    }
    return canonical(insn, pc);
  }

  private String canonical(Instruction i, int pc) {
    String m = i.op().mnemonic();
    switch (i.op().syntax()) {
      case RD_RS1_RS2:
        return m + " " + r(i.rd()) + ", " + r(i.rs1()) + ", " + r(i.rs2());
      case RD_RS1_IMM:
      case RD_RS1_SHAMT:
        return m + " " + r(i.rd()) + ", " + r(i.rs1()) + ", " + i.imm();
      case RD_MEM:
        return m + " " + r(i.rd()) + ", " + i.imm() + "(" + r(i.rs1()) + ")";
      case RS2_MEM:
        return m + " " + r(i.rs2()) + ", " + i.imm() + "(" + r(i.rs1()) + ")";
      case RS1_RS2_BRANCH:
        return m + " " + r(i.rs1()) + ", " + r(i.rs2()) + ", " + target(pc + i.imm());
      case RD_UIMM:
        return m + " " + r(i.rd()) + ", 0x" + Integer.toHexString(i.imm());
      case RD_JUMP:
        return m + " " + r(i.rd()) + ", " + target(pc + i.imm());
      case RD_CSR:
        return m + " " + r(i.rd()) + ", " + csr(i.imm()) + ", zero";
      case FENCE:
        return m + " " + fenceSet(i.imm() >> 4) + ", " + fenceSet(i.imm() & 0xF);
      case NONE:
        return m;
      case RD:
        return m + " " + r(i.rd());
      case RS1:
        return m + " " + r(i.rs1());
      case RD_RS1:
        return m + " " + r(i.rd()) + ", " + r(i.rs1());
      default:
        throw new IllegalStateException("BUG: syntax " + i.op().syntax());
    }
  }

  private String alias(Instruction i, int pc) {
    int rd = i.rd();
    int rs1 = i.rs1();
    int rs2 = i.rs2();
    int imm = i.imm();
    switch (i.op()) {
      case ADDI:
        if (rd == 0 && rs1 == 0 && imm == 0) {
          return "nop";
        }
        if (rs1 == 0) {
          return "li " + r(rd) + ", " + imm;
        }
        return imm == 0 ? "mv " + r(rd) + ", " + r(rs1) : null;
      case XORI:
        return imm == -1 ? "not " + r(rd) + ", " + r(rs1) : null;
      case SUB:
        return rs1 == 0 ? "neg " + r(rd) + ", " + r(rs2) : null;
      case SLTIU:
        return imm == 1 ? "seqz " + r(rd) + ", " + r(rs1) : null;
      case SLTU:
        return rs1 == 0 ? "snez " + r(rd) + ", " + r(rs2) : null;
      case SLT:
        if (rs2 == 0) {
          return "sltz " + r(rd) + ", " + r(rs1);
        }
        return rs1 == 0 ? "sgtz " + r(rd) + ", " + r(rs2) : null;
      case JAL:
        if (rd == 0) {
          return "j " + target(pc + imm);
        }
        return rd == Registers.RA ? "jal " + target(pc + imm) : null;
      case JALR:
        if (imm != 0) {
          return null;
        }
        if (rd == 0 && rs1 == Registers.RA) {
          return "ret";
        }
        if (rd == 0) {
          return "jr " + r(rs1);
        }
        return rd == Registers.RA ? "jalr " + r(rs1) : null;
      case BEQ:
      case BNE:
      case BLT:
      case BGE:
        return branchAlias(i, pc);
      case CSRRS:
        return "rd" + csr(imm) + " " + r(rd);
      case FENCE:
        return imm == 0xFF ? "fence" : null;
      default:
        return null;
    }
  }

  private String branchAlias(Instruction i, int pc) {
    String t = target(pc + i.imm());
    int rs1 = i.rs1();
    int rs2 = i.rs2();
    if (rs2 == 0) {
      String z = switch (i.op()) {
        case BEQ -> "beqz";
        case BNE -> "bnez";
        case BLT -> "bltz";
        case BGE -> "bgez";
        default -> throw new IllegalStateException("BUG: " + i.op());
      };
      return z + " " + r(rs1) + ", " + t;
    }
    if (rs1 == 0 && (i.op() == Opcode.BLT || i.op() == Opcode.BGE)) {
      return (i.op() == Opcode.BLT ? "bgtz " : "blez ") + r(rs2) + ", " + t;
    }
    return null;
  }

  private String target(int address) {
    String name = targetName.apply(address);
    return name != null ? name : "0x" + Integer.toHexString(address);
  }

  private static String r(int reg) {
    return Registers.abiName(reg);
  }

  private static String csr(int number) {
    Csr c = Csr.byNumber(number);
    return c != null ? c.asmName() : "0x" + Integer.toHexString(number);
  }

  private static String fenceSet(int bits) {
    StringBuilder sb = new StringBuilder();
    if ((bits & 8) != 0) {
      sb.append('i');
    }
    if ((bits & 4) != 0) {
      sb.append('o');
    }
    if ((bits & 2) != 0) {
      sb.append('r');
    }
    if ((bits & 1) != 0) {
      sb.append('w');
    }
    return sb.length() == 0 ? "0" : sb.toString();
  }
}
