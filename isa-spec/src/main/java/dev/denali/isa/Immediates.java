package dev.denali.isa;

/** Range rules for the immediate operands of each operand kind. */
public final class Immediates {
  private Immediates() {}

  /**
   * Checks {@code value} for an operand of kind {@code kind}; returns null when it fits, otherwise
   * a message saying what was expected (e.g. "expected -2048..2047").
   */
  public static String check(Operand kind, long value) {
    switch (kind) {
      case SIMM12:
      case MEM:
        return range(value, -2048, 2047, 1);
      case SHAMT:
        return range(value, 0, 31, 1);
      case BRANCH_TARGET:
        return range(value, -4096, 4094, 2);
      case JUMP_TARGET:
        return range(value, -(1 << 20), (1 << 20) - 2, 2);
      case UIMM20:
        return range(value, 0, 0xFFFFF, 1);
      case CSR:
        return Csr.byNumber((int) value) != null && value >= 0 && value < 4096
            ? null
            : "expected a counter CSR (cycle, time, instret, cycleh, timeh, instreth)";
      case FENCE_SETS:
        return range(value, 0, 0xFF, 1);
      default:
        return null;
    }
  }

  private static String range(long value, long min, long max, int align) {
    if (value < min || value > max) {
      return "expected " + min + ".." + max + (align > 1 ? ", a multiple of " + align : "");
    }
    if (value % align != 0) {
      return "expected a multiple of " + align;
    }
    return null;
  }
}
