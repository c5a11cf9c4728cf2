package dev.denali.asm.source;

import dev.denali.asm.SourceLocation;

/** One operand of a statement, with where it stands in the source (for error carets). */
public sealed interface Operand {
  SourceLocation at();

  /** An expression, a register, a symbol or a label. */
  record ExprOperand(Expr expr, String text, SourceLocation at) implements Operand {}

  /** {@code offset(base)}; {@code offset} may be null for {@code (base)}. */
  record MemoryOperand(Expr offset, Expr base, SourceLocation at) implements Operand {}

  /** A string literal, already unescaped to bytes (as ISO-8859-1 chars). */
  record StringOperand(String value, SourceLocation at) implements Operand {}

  /** An empty place between commas, as the omitted fill in {@code .p2align 3,,4}. */
  record Missing(SourceLocation at) implements Operand {}

  /** {@code name=expr}, as in macro parameters with defaults. */
  record NamedOperand(String name, Expr expr, SourceLocation at) implements Operand {}
}
