package dev.denali.asm.link;

import dev.denali.asm.SourceLocation;
import dev.denali.asm.source.Expr;

/** What encoding one statement needs from the assembly pass that runs it. */
interface Context {
  /** Address where the statement's output starts. */
  long pc();

  /** Evaluates {@code e}; {@code at} locates errors. */
  Value eval(Expr e, SourceLocation at);

  /** True in the final pass, where range errors count; false while sizes are still settling. */
  boolean finalPass();

  /** True in the first layout pass, where forward references still read 0. */
  boolean firstPass();

  /** True once this statement's branch was relaxed; it then stays relaxed (sizes only grow). */
  boolean relaxed();

  /** Marks this statement's branch as relaxed. */
  void markRelaxed();

  /** Remembers the target of the {@code %pcrel_hi} at {@code address}. */
  void pcrelHi(long address, long target);

  /** The target of the {@code %pcrel_hi} at {@code address}, or null. */
  Long pcrelHiTarget(long address);
}
