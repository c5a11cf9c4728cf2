package dev.denali.isa;

/** The kinds of operand an instruction's assembly syntax can hold. */
public enum Operand {
  /** Destination register. */
  RD,
  /** First source register. */
  RS1,
  /** Second source register. */
  RS2,
  /** Signed 12-bit immediate, -2048..2047. */
  SIMM12,
  /** Shift amount, 0..31. */
  SHAMT,
  /** Memory operand {@code offset(rs1)} with a signed 12-bit offset. */
  MEM,
  /** Branch target: pc-relative, even, -4096..4094. */
  BRANCH_TARGET,
  /** Jump target: pc-relative, even, -1 MiB..1 MiB-2. */
  JUMP_TARGET,
  /** Upper immediate, 0..0xFFFFF (placed in bits 31..12). */
  UIMM20,
  /** Counter CSR name or number (cycle, time, instret and their h forms). */
  CSR,
  /** Fence predecessor/successor sets, each a subset of "iorw". */
  FENCE_SETS
}
