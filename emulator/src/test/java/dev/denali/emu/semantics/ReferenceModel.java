package dev.denali.emu.semantics;

import java.math.BigInteger;

/**
 * An executable reading of the RISC-V unprivileged spec (20191213, chapters 2 and 7) for the
 * computational instructions, written independently of {@code dev.denali.emu.Alu} and of the
 * engines: unsigned values as {@code long}, products and quotients with {@link BigInteger}, no
 * reliance on Java's int-shift masking or overflow behaviour.
 */
final class ReferenceModel {
  private ReferenceModel() {}

  private static final long MASK = 0xFFFF_FFFFL;
  private static final BigInteger TWO_32 = BigInteger.ONE.shiftLeft(32);

  private static long u(int v) {
    return v & MASK;
  }

  /** Truncates to 32 bits, as every RV32 result is. */
  private static int wrap(long v) {
    return (int) (v & MASK);
  }

  private static int wrap(BigInteger v) {
    return wrap(v.mod(TWO_32).longValue());
  }

  /** The result of R-type {@code op} on register values {@code a} (rs1) and {@code b} (rs2). */
  static int r(String op, int a, int b) {
    int shamt = (int) (u(b) % 32);
    return switch (op) {
      case "add" -> wrap((long) a + (long) b);
      case "sub" -> wrap((long) a - (long) b);
      case "sll" -> wrap(u(a) * (1L << shamt));
      case "srl" -> wrap(u(a) / (1L << shamt));
      case "sra" -> wrap(Math.floorDiv((long) a, 1L << shamt));
      case "slt" -> (long) a < (long) b ? 1 : 0;
      case "sltu" -> u(a) < u(b) ? 1 : 0;
      case "xor" -> wrap(u(a) ^ u(b));
      case "or" -> wrap(u(a) | u(b));
      case "and" -> wrap(u(a) & u(b));
      case "mul" -> wrap(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)));
      case "mulh" -> high(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)));
      case "mulhsu" -> high(BigInteger.valueOf(a).multiply(BigInteger.valueOf(u(b))));
      case "mulhu" -> high(BigInteger.valueOf(u(a)).multiply(BigInteger.valueOf(u(b))));
      case "div" -> b == 0 ? -1
          : wrap(BigInteger.valueOf(a).divide(BigInteger.valueOf(b))); // truncates toward 0
      case "divu" -> b == 0 ? -1 : wrap(u(a) / u(b));
      case "rem" -> b == 0 ? a
          : wrap(BigInteger.valueOf(a).remainder(BigInteger.valueOf(b)));
      case "remu" -> b == 0 ? a : wrap(u(a) % u(b));
      default -> throw new IllegalArgumentException("not an R-type op: " + op);
    };
  }

  /** The result of I-type {@code op} on {@code a} (rs1) and the immediate as written. */
  static int i(String op, int a, int imm) {
    return switch (op) {
      case "addi" -> r("add", a, imm);
      case "slti" -> r("slt", a, imm);
      case "sltiu" -> r("sltu", a, imm); // the immediate is sign-extended, then compared unsigned
      case "xori" -> r("xor", a, imm);
      case "ori" -> r("or", a, imm);
      case "andi" -> r("and", a, imm);
      case "slli" -> r("sll", a, imm);
      case "srli" -> r("srl", a, imm);
      case "srai" -> r("sra", a, imm);
      default -> throw new IllegalArgumentException("not an I-type op: " + op);
    };
  }

  /** Whether branch {@code op} is taken for {@code a} (rs1) and {@code b} (rs2). */
  static boolean taken(String op, int a, int b) {
    return switch (op) {
      case "beq" -> a == b;
      case "bne" -> a != b;
      case "blt" -> (long) a < (long) b;
      case "bge" -> (long) a >= (long) b;
      case "bltu" -> u(a) < u(b);
      case "bgeu" -> u(a) >= u(b);
      default -> throw new IllegalArgumentException("not a branch: " + op);
    };
  }

  private static int high(BigInteger product) {
    return wrap(product.shiftRight(32));
  }
}
