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
   * @throws ArithmeticException on division by zero
   */
  public static long binary(String op, long a, long b) {
    return switch (op) {
      case "+" -> a + b;
      case "-" -> a - b;
      case "*" -> a * b;
      case "/" -> {
        if (b == 0) {
          throw new ArithmeticException("division by zero");
        }
        yield a / b;
      }
      case "%" -> {
        if (b == 0) {
          throw new ArithmeticException("division by zero");
        }
        yield a % b;
      }
      case "<<" -> b >= 64 || b < 0 ? 0 : a << b;
      case ">>" -> b >= 64 || b < 0 ? (a < 0 ? -1 : 0) : a >> b;
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
}
