package dev.denali.asm.source;

import dev.denali.asm.SourceLocation;
import java.util.List;

/** One statement of a source after expansion: a label, an assignment, or an operation. */
public sealed interface Statement {
  SourceLocation at();

  /** {@code name:} */
  record Label(String name, SourceLocation at) implements Statement {}

  /** {@code name = expr} */
  record Assignment(String name, Expr expr, SourceLocation at) implements Statement {}

  /**
   * A directive ({@code name} starts with a dot), an instruction or a pseudo-instruction, with
   * its operands; {@code at} spans the name.
   */
  record Operation(String name, List<Operand> operands, SourceLocation at)
      implements Statement {}
}
