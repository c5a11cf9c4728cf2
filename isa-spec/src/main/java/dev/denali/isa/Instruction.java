package dev.denali.isa;

/**
 * One decoded instruction: its table entry and its operand fields. {@code imm} holds the
 * immediate as assembly syntax writes it: a signed value for I, S, B and J formats (branch and
 * jump offsets in bytes), the 20-bit field for U, the shift amount, the CSR number, or for fence
 * {@code pred << 4 | succ}. Fields an instruction does not use are zero.
 */
public record Instruction(Opcode op, int rd, int rs1, int rs2, int imm) {

  /** The 32-bit encoding of this instruction. */
  public int encode() {
    return op.encode(rd, rs1, rs2, imm);
  }
}
