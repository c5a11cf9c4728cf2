package dev.denali.isa;

import java.util.List;

/**
 * The assembly syntax of an instruction: which operands it takes, in which order, and which
 * register fields of the word they fill. Register fields a syntax does not use must be zero in a
 * valid encoding of the instructions that have no other use for them (Denali's instructions).
 */
public enum Syntax {
  /** {@code op rd, rs1, rs2} */
  RD_RS1_RS2("rd, rs1, rs2", Operand.RD, Operand.RS1, Operand.RS2),
  /** {@code op rd, rs1, imm} */
  RD_RS1_IMM("rd, rs1, imm", Operand.RD, Operand.RS1, Operand.SIMM12),
  /** {@code op rd, rs1, shamt} */
  RD_RS1_SHAMT("rd, rs1, shamt", Operand.RD, Operand.RS1, Operand.SHAMT),
  /** {@code op rd, offset(rs1)}: loads and jalr. */
  RD_MEM("rd, offset(rs1)", Operand.RD, Operand.MEM),
  /** {@code op rs2, offset(rs1)}: stores. */
  RS2_MEM("rs2, offset(rs1)", Operand.RS2, Operand.MEM),
  /** {@code op rs1, rs2, target} */
  RS1_RS2_BRANCH("rs1, rs2, target", Operand.RS1, Operand.RS2, Operand.BRANCH_TARGET),
  /** {@code op rd, imm20} */
  RD_UIMM("rd, imm20", Operand.RD, Operand.UIMM20),
  /** {@code op rd, target} */
  RD_JUMP("rd, target", Operand.RD, Operand.JUMP_TARGET),
  /** {@code op rd, csr, zero}: counter reads only. */
  RD_CSR("rd, csr, zero", Operand.RD, Operand.CSR),
  /** {@code fence pred, succ} */
  FENCE("pred, succ", Operand.FENCE_SETS),
  /** {@code op} */
  NONE(""),
  /** {@code op rd} */
  RD("rd", Operand.RD),
  /** {@code op rs1} */
  RS1("rs1", Operand.RS1),
  /** {@code op rd, rs1} */
  RD_RS1("rd, rs1", Operand.RD, Operand.RS1);

  private final String template;
  private final List<Operand> operands;

  Syntax(String template, Operand... operands) {
    this.template = template;
    this.operands = List.of(operands);
  }

  /** The operand template as the manual writes it, e.g. {@code "rd, offset(rs1)"}. */
  public String template() {
    return template;
  }

  public List<Operand> operands() {
    return operands;
  }

  public boolean usesRd() {
    return operands.contains(Operand.RD);
  }

  public boolean usesRs1() {
    return operands.contains(Operand.RS1) || operands.contains(Operand.MEM);
  }

  public boolean usesRs2() {
    return operands.contains(Operand.RS2);
  }

  /** Mask of the register fields (rd, rs1, rs2) this syntax does not fill. */
  public int unusedRegisterMask() {
    int mask = 0;
    if (!usesRd()) {
      mask |= 0x1F << 7;
    }
    if (!usesRs1()) {
      mask |= 0x1F << 15;
    }
    if (!usesRs2()) {
      mask |= 0x1F << 20;
    }
    return mask;
  }
}
