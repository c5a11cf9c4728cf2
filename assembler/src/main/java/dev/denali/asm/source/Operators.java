package dev.denali.asm.source;

/** The expression operators' arithmetic, on 64-bit values, as GNU as computes them. */
public final class Operators {
  private Operators() {}

  public static long unary(String op, long v) {
    return switch (op) {
      case "-" -> -v;
      case "+" -> v;
      case "~" -> ~v;
      case "!" -> v == 0 ? 1 : 0;
      default -> throw new IllegalStateException("BUG: unary " + op);
    };
  }

  /** True for the comparison and logical operators, whose results are plain numbers. */
  public static boolean isComparison(String op) {
    return switch (op) {
      case "==", "!=", "<>", "<", ">", "<=", ">=", "&&", "||" -> true;
      default -> false;
    };
  }

  /**
   * Applies a binary operator.
   *
   * @throws ArithmeticException on division by zero, and on a shift by a negative count or by 64
   *     or more (GNU as warns "shift count out of range" and makes it 0; a value shifted out of
   *     all 64 bits is a mistake, so it is refused, as values too big for their field are)
   */
  public static long binary(String op, long a, long b) {
    return switch (op) {
      case "+" -> a + b;
      case "-" -> a - b;
      case "*" -> a * b;
      case "/" -> a / divisor(op, b);
      case "%" -> a % divisor(op, b);
      case "<<" -> a << shiftCount(op, b);
      case ">>" -> a >>> shiftCount(op, b); // GNU as shifts the unsigned 64-bit value
      case "&" -> a & b;
      case "|" -> a | b;
      case "^" -> a ^ b;
      case "!" -> a | ~b;
      case "==" -> a == b ? -1 : 0;
      case "!=", "<>" -> a != b ? -1 : 0;
      case "<" -> a < b ? -1 : 0;
      case ">" -> a > b ? -1 : 0;
      case "<=" -> a <= b ? -1 : 0;
      case ">=" -> a >= b ? -1 : 0;
      case "&&" -> a != 0 && b != 0 ? 1 : 0;
      case "||" -> a != 0 || b != 0 ? 1 : 0;
      default -> throw new IllegalStateException("BUG: binary " + op);
    };
  }

  private static long divisor(String op, long b) {
    if (b == 0) {
      throw new ArithmeticException("division by zero in '" + op + "'");
    }
    return b;
  }

  private static long shiftCount(String op, long b) {
    if (b < 0 || b > 63) {
      throw new ArithmeticException("shift count " + b + " out of range for '" + op
          + "' (0..63)");
    }
    return b;
  }
}
