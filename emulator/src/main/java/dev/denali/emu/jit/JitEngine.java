package dev.denali.emu.jit;

import dev.denali.emu.Code;
import dev.denali.emu.Engine;
import dev.denali.emu.FaultCause;
import dev.denali.emu.StopReason;
import dev.denali.emu.Vm;
import dev.denali.emu.interp.Interpreter;

/**
 * The JIT engine ({@code --engine jit}): runs guest code translated to JVM bytecode
 * ({@link CompiledCode}, every region translated when the program first runs), which HotSpot
 * compiles to machine code. Control moves between regions through {@link #dispatch}; the
 * interpreter runs the rare partial blocks (an entry in the middle of a block, or a budget too
 * short for the next block), so the instruction count is exact and equal to the interpreter's.
 */
public final class JitEngine implements Engine {
  private final Interpreter interpreter = new Interpreter();

  @Override
  public String name() {
    return "jit";
  }

  @Override
  public StopReason run(Vm vm, long budget) {
    return dispatch(vm, budget, CompiledCode.complete(vm.program().code()), interpreter, null);
  }

  /**
   * Runs {@code vm} for at most {@code budget} instructions: translated regions where
   * {@code compiled} has them, the interpreter elsewhere. Without a {@code tiering} the
   * interpreter runs one block at a time (in a fully translated program it only ever meets
   * partial blocks). With one, the interpreter runs up to {@link TieredEngine#SLICE}
   * instructions at a time, or single blocks for a while after a region was left (so control
   * gets back into translated code quickly), and every entry into code not yet translated is
   * counted for its region, whose translation {@code tiering} requests once it is hot.
   */
  static StopReason dispatch(Vm vm, long budget, CompiledCode compiled, Interpreter interpreter,
      TieredEngine tiering) {
    Code code = vm.program().code();
    int[] runLength = code.runLength();
    int n = code.length();
    int base = code.base();
    int[] heat = compiled.heat;
    JitFrame frame = new JitFrame();
    frame.budget = budget;
    int blockSteps = 0; // single interpreted blocks left before the interpreter runs slices
    while (true) {
      int off = vm.pc - base;
      if ((off & 3) != 0) {
        vm.recordFault(FaultCause.MISALIGNED_JUMP, vm.pc, 0, vm.pc);
        return StopReason.FAULTED;
      }
      int idx = off >> 2;
      if (Integer.compareUnsigned(idx, n) >= 0) {
        vm.recordFault(FaultCause.JUMP_OUTSIDE_TEXT, vm.pc, 0, vm.pc);
        return StopReason.FAULTED;
      }
      if (frame.budget <= 0) {
        return StopReason.BUDGET;
      }
      Region region = compiled.regionAt(idx);
      if (region == null || frame.budget < runLength[idx]) {
        long step = Math.min(frame.budget, runLength[idx]);
        if (tiering != null) {
          int r = compiled.regionOf(idx);
          if (++heat[r] >= tiering.hot) {
            tiering.request(compiled, r);
          }
          if (blockSteps > 0) {
            blockSteps--;
          } else {
            step = Math.min(frame.budget, TieredEngine.SLICE);
          }
        }
        long before = vm.retired;
        StopReason s = interpreter.run(vm, step);
        if (s != StopReason.BUDGET) {
          return s;
        }
        frame.budget -= vm.retired - before;
        continue;
      }
      long result = region.run(vm, idx, frame);
      blockSteps = TieredEngine.BLOCK_STEPS;
      int next = Region.next(result);
      switch (Region.status(result)) {
        case Region.CONTINUE, Region.SHORT -> vm.pc = base + 4 * next;
        case Region.EXITED -> {
          return StopReason.EXITED;
        }
        case Region.IDLE -> {
          return StopReason.IDLE;
        }
        case Region.FAULTED -> {
          return StopReason.FAULTED;
        }
        default -> throw new IllegalStateException("BUG: region status " + result);
      }
    }
  }
}
