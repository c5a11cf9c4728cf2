package dev.denali.emu.jit;

import static dev.denali.isa.OpcodeIds.*;

import dev.denali.emu.Code;

/**
 * Which guest registers a pre-decoded instruction reads from and writes to the JIT's register
 * locals, as bit masks (bit r for register xr; x0 never appears). Denali instructions and
 * {@code ecall} read their operands from the VM's register array, which the JIT writes back
 * before them, so they read no local; what they write is reloaded after them.
 */
final class Effects {
  private Effects() {}

  /** All 31 writable registers. */
  static final int ALL = ~1;

  /** Registers the instruction reads from locals. */
  static int uses(long c) {
    int op = Code.op(c);
    if (op == ECALL || op >= D_EXIT || op == Code.ILLEGAL) {
      return 0;
    }
    return bit(Code.rs1(c)) | bit(Code.rs2(c));
  }

  /** Registers the instruction writes (for ecall: a0; a jal or jalr: its link register). */
  static int defs(long c) {
    int op = Code.op(c);
    if (op == ECALL) {
      return bit(10);
    }
    if (op == Code.ILLEGAL) {
      return 0;
    }
    return bit(Code.rd(c));
  }

  /** The bit of register r, or 0 for x0 and the sink register. */
  static int bit(int r) {
    return r > 0 && r < 32 ? 1 << r : 0;
  }
}
