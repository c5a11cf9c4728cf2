package dev.denali.emu;

/**
 * The arithmetic of RV32M whose Java form is not a single operator, written once (RISC-V
 * unprivileged spec, chapter 7) and called by the interpreter and by JIT-generated code. Division
 * never traps: x / 0 = -1 (unsigned: 0xffffffff), x % 0 = x, MIN / -1 = MIN, MIN % -1 = 0.
 * Shifts need no helper: Java masks an int shift amount to 5 bits, as RISC-V does.
 */
public final class Alu {
  private Alu() {}

  public static int mulh(int a, int b) {
    return (int) (((long) a * (long) b) >> 32);
  }

  public static int mulhsu(int a, int b) {
    return (int) (((long) a * Integer.toUnsignedLong(b)) >> 32);
  }

  public static int mulhu(int a, int b) {
    return (int) ((Integer.toUnsignedLong(a) * Integer.toUnsignedLong(b)) >>> 32);
  }

  public static int div(int a, int b) {
    if (b == 0) {
      return -1;
    }
    if (a == Integer.MIN_VALUE && b == -1) {
      return a;
    }
    return a / b;
  }

  public static int divu(int a, int b) {
    if (b == 0) {
      return -1;
    }
    // both below 2^31, as they mostly are: a 32-bit division instead of a 64-bit one
    return (a | b) >= 0 ? a / b : Integer.divideUnsigned(a, b);
  }

  public static int rem(int a, int b) {
    if (b == 0) {
      return a;
    }
    if (b == -1) {
      return 0;
    }
    return a % b;
  }

  public static int remu(int a, int b) {
    if (b == 0) {
      return a;
    }
    return (a | b) >= 0 ? a % b : Integer.remainderUnsigned(a, b);
  }
}
