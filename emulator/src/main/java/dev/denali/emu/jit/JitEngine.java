package dev.denali.emu.jit;

import dev.denali.emu.Code;
import dev.denali.emu.Engine;
import dev.denali.emu.FaultCause;
import dev.denali.emu.StopReason;
import dev.denali.emu.Vm;
import dev.denali.emu.interp.Interpreter;

/**
 * The JIT engine: runs guest code translated to JVM bytecode ({@link CompiledCode}), which
 * HotSpot compiles to machine code. Control moves between regions through this dispatcher; the
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
    Code code = vm.program().code();
    CompiledCode compiled = CompiledCode.of(code);
    int[] runLength = code.runLength();
    int n = code.length();
    int base = code.base();
    JitFrame frame = new JitFrame();
    frame.budget = budget;
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
        StopReason s = interpreter.run(vm, step);
        if (s != StopReason.BUDGET) {
          return s;
        }
        frame.budget -= step;
        continue;
      }
      long result = region.run(vm, idx, frame);
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
