package dev.denali.asm.source;

/** An assembly expression, as parsed; evaluated by the linker's evaluator. */
public sealed interface Expr {

  /** An integer literal (or character literal). */
  record Num(long value) implements Expr {}

  /** A symbol reference (may also be a register name; the operand's use decides). */
  record Sym(String name) implements Expr {}

  /** The current location, {@code .} */
  record Dot() implements Expr {}

  /** {@code op e}: op is one of - + ~ ! */
  record Unary(String op, Expr operand) implements Expr {}

  /** {@code a op b} */
  record Binary(String op, Expr left, Expr right) implements Expr {}

  /** {@code %hi(e)}, {@code %lo(e)}, {@code %pcrel_hi(e)}, {@code %pcrel_lo(e)} */
  record Reloc(String function, Expr operand) implements Expr {}

  /** A parenthesized expression, kept so that {@code (a0)} can be read as a memory operand. */
  record Parens(Expr inner) implements Expr {}

  /** The expression without outer parentheses. */
  static Expr strip(Expr e) {
    while (e instanceof Parens p) {
      e = p.inner();
    }
    return e;
  }
}
