package dev.denali.emu.jit;

import dev.denali.emu.Engine;
import dev.denali.emu.StopReason;
import dev.denali.emu.Vm;
import dev.denali.emu.interp.Interpreter;

/**
 * The JIT engine ({@code --engine jit}): a function of the program is translated to JVM bytecode
 * when control first reaches it, before it runs (a {@link #HUGE} one once it is hot), and
 * HotSpot compiles it to machine code. The
 * {@link Dispatcher} enters translated functions; the interpreter runs only what no function
 * covers and the exact end of a budget.
 */
public final class JitEngine implements Engine {
  /**
   * Functions longer than this many instructions are not translated when control first reaches
   * them, but once they have run {@link TieredEngine#HOT_PER_INSTRUCTION} interpreted
   * instructions per instruction of their size (four times that on a single processor), as
   * {@code auto} does. Translating such a function costs most and pays back last: its methods
   * run in HotSpot's bytecode interpreter, several times slower than ours, until HotSpot has
   * compiled every one of them, which on one processor takes longer than most short runs (the
   * held-out nsichneu, one 4,968-instruction function: 1.9-2.7 s whole process against 1.1-1.4
   * on the interpreter). A C library's {@code vfprintf} (1,014 instructions, run a few times)
   * is no longer translated either.
   */
  public static final int HUGE = 1000;

  private final Interpreter interpreter = new Interpreter();
  private final JitContext ctx = new JitContext();
  private final int huge;
  private final long hugePerInstruction;

  public JitEngine() {
    this(HUGE);
  }

  /**
   * An engine that translates functions of at most {@code huge} instructions at their first
   * entry ({@code Integer.MAX_VALUE}: every function), longer ones once they are hot.
   */
  public JitEngine(int huge) {
    this(huge, TieredEngine.scaled(TieredEngine.HOT_PER_INSTRUCTION));
  }

  /** With {@code perInstruction} interpreted instructions of heat per instruction of a huge one. */
  JitEngine(int huge, long perInstruction) {
    this.huge = huge;
    this.hugePerInstruction = perInstruction;
  }

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
        null, huge, hugePerInstruction);
  }
}
