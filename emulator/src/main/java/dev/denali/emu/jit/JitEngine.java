package dev.denali.emu.jit;

import dev.denali.emu.Engine;
import dev.denali.emu.StopReason;
import dev.denali.emu.Vm;
import dev.denali.emu.interp.Interpreter;

/**
 * The JIT engine ({@code --engine jit}): a function of the program is translated to JVM bytecode
 * when control first reaches it, before it runs, and HotSpot compiles it to machine code. The
 * {@link Dispatcher} enters translated functions; the interpreter runs only what no function
 * covers and the exact end of a budget.
 */
public final class JitEngine implements Engine {
  private final Interpreter interpreter = new Interpreter();
  private final JitContext ctx = new JitContext();

  /** This engine's statistics so far. */
  public JitContext context() {
    return ctx;
  }

  @Override
  public String name() {
    return "jit";
  }

  @Override
  public StopReason run(Vm vm, long budget) {
    return Dispatcher.run(vm, budget, Translation.of(vm.program()), interpreter, ctx,
        null);
  }
}
