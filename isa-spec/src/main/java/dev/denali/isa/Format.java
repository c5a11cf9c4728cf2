package dev.denali.isa;

/**
 * The six RISC-V instruction formats (RISC-V unprivileged spec, section 2.3): where the register
 * fields and the immediate bits sit in a 32-bit instruction word. Denali's virtual instructions use
 * the R format in the custom-0 major opcode.
 */
public enum Format {
  R,
  I,
  S,
  B,
  U,
  J;

  /** Places {@code imm} (already range-checked) into the immediate bits of this format. */
  public int encodeImm(int imm) {
    switch (this) {
      case R:
        return 0;
      case I:
        return (imm & 0xFFF) << 20;
      case S:
        return ((imm >> 5) & 0x7F) << 25 | (imm & 0x1F) << 7;
      case B:
        return ((imm >> 12) & 1) << 31
            | ((imm >> 5) & 0x3F) << 25
            | ((imm >> 1) & 0xF) << 8
            | ((imm >> 11) & 1) << 7;
      case U:
        return (imm & 0xFFFFF) << 12;
      case J:
        return ((imm >> 20) & 1) << 31
            | ((imm >> 1) & 0x3FF) << 21
            | ((imm >> 11) & 1) << 20
            | ((imm >> 12) & 0xFF) << 12;
      default:
        throw new IllegalStateException("BUG: format " + this);
    }
  }

  /**
   * Extracts the immediate of this format from {@code word}: sign-extended for I, S, B and J; the
   * raw 20-bit field (0..0xFFFFF) for U, as assembly syntax writes it.
   */
  public int decodeImm(int word) {
    switch (this) {
      case R:
        return 0;
      case I:
        return word >> 20;
      case S:
        return (word >> 25) << 5 | (word >>> 7) & 0x1F;
      case B:
        return (word >> 31) << 12
            | ((word >>> 7) & 1) << 11
            | ((word >>> 25) & 0x3F) << 5
            | ((word >>> 8) & 0xF) << 1;
      case U:
        return word >>> 12;
      case J:
        return (word >> 31) << 20
            | ((word >>> 12) & 0xFF) << 12
            | ((word >>> 20) & 1) << 11
            | ((word >>> 21) & 0x3FF) << 1;
      default:
        throw new IllegalStateException("BUG: format " + this);
    }
  }

  /** Mask of the bits that hold this format's immediate. */
  public int immMask() {
    switch (this) {
      case R:
        return 0;
      case I:
        return 0xFFF0_0000;
      case S:
      case B:
        return 0xFE00_0F80;
      case U:
      case J:
        return 0xFFFF_F000;
      default:
        throw new IllegalStateException("BUG: format " + this);
    }
  }

  public static int rd(int word) {
    return (word >>> 7) & 0x1F;
  }

  public static int rs1(int word) {
    return (word >>> 15) & 0x1F;
  }

  public static int rs2(int word) {
    return (word >>> 20) & 0x1F;
  }
}
