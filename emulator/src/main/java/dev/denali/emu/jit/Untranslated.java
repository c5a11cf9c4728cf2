package dev.denali.emu.jit;

/**
 * What a call of a function not translated yet calls: it leaves to the dispatcher, which runs
 * the function (and the tiered engine counts it towards translating it). The program's
 * {@link Translation} holds one per known function entry until the function is translated.
 */
final class Untranslated extends TranslatedFunction {
  private final int pc;

  Untranslated(int pc) {
    this.pc = pc;
  }

  @Override
  public int call(JitContext ctx, int depth) {
    return JitRuntime.leave(ctx, ctx.budget, pc, JitContext.CONTINUE);
  }

  @Override
  public int resume(JitContext ctx, int piece, int point) {
    throw new IllegalStateException("BUG: the dispatcher resumed an untranslated function");
  }
}
