package dev.denali.emu.jit;

import dev.denali.emu.Code;
import dev.denali.emu.FaultCause;
import dev.denali.emu.GuestFault;
import dev.denali.emu.Vm;

/**
 * What translated code calls, besides its loads and stores ({@link UnsafeMemory}): the ways
 * out to the dispatcher. Every way out leaves the VM complete (the registers were
 * written back by the caller) and returns {@link JitContext#UNWIND} for the generated code to
 * return in turn. Nothing here throws.
 */
public final class JitRuntime {
  private JitRuntime() {}

  private static final FaultCause[] CAUSES = FaultCause.values();

  /**
   * Leaves after a load or store faulted (its {@link GuestFault} was caught): the faulting
   * instruction and the rest of its block, charged when the block began, are given back to the
   * budget.
   */
  public static int faulted(JitContext ctx, int budget) {
    ctx.budget = budget + ctx.vm.program().code().runLength()[ctx.faultIndex];
    ctx.stop = JitContext.FAULTED;
    return JitContext.UNWIND;
  }

  /**
   * Records a fault of instruction {@code index} that generated code found itself (cause: a
   * FaultCause ordinal) and returns the signal it throws to its handler.
   */
  public static GuestFault raise(JitContext ctx, int index, int cause, int address) {
    Code code = ctx.vm.program().code();
    ctx.vm.recordFault(CAUSES[cause], code.base() + 4 * index, code.word(index), address);
    ctx.faultIndex = index;
    return GuestFault.INSTANCE;
  }

  /** Leaves with a fault of instruction {@code index} (cause: a FaultCause ordinal). */
  private static int fault(JitContext ctx, int budget, int index, int cause, int address) {
    Code code = ctx.vm.program().code();
    ctx.vm.recordFault(CAUSES[cause], code.base() + 4 * index, code.word(index), address);
    ctx.budget = budget + code.runLength()[index];
    ctx.stop = JitContext.FAULTED;
    return JitContext.UNWIND;
  }

  /**
   * A checkpoint's budget test: throws {@link BudgetShort} when {@code budget} does not cover
   * the {@code need} instructions of the longest run to the next checkpoint; the generated
   * method's handler for it leaves. A test in a method of its own, not a branch in each
   * generated method: HotSpot profiles a branch by its own bytecode, and a checkpoint whose
   * exit it had never seen taken was compiled into a trap, which the first quantum to end there
   * sprang, throwing the compiled method away (statemate in a fresh JVM: five of them, each
   * sending a hot method back to HotSpot's interpreter for about a second). Here the branch is
   * this method's, shared by every checkpoint of every program, and seen taken early.
   */
  public static void enough(int budget, int need) {
    if (budget < need) {
      throw BudgetShort.INSTANCE;
    }
  }

  /** See {@link #enough}; one preallocated instance, without a stack trace. */
  public static final class BudgetShort extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final BudgetShort INSTANCE = new BudgetShort();

    private BudgetShort() {
      super("the budget does not cover the next run", null, false, false);
    }
  }

  /**
   * The cold way out of generated code: after a fault ({@code pc} -1, see {@link #faulted}),
   * or at a checkpoint at {@code pc} that the budget does not cover.
   */
  public static int coldExit(JitContext ctx, int budget, int pc) {
    return pc < 0 ? faulted(ctx, budget) : leave(ctx, budget, pc, JitContext.SLOW);
  }

  /** Leaves to the dispatcher, which goes on at guest address {@code pc} ({@code stop} says why). */
  public static int leave(JitContext ctx, int budget, int pc, int stop) {
    ctx.budget = budget;
    ctx.pc = pc;
    ctx.stop = stop;
    return JitContext.UNWIND;
  }

  /**
   * What a resumed piece returned, for the dispatcher: a guest-level result as it is, and a
   * block of the function in another piece ({@code ~index}) as a way out to there.
   */
  public static int afterResume(JitContext ctx, int result) {
    if (result >= 0) {
      return result;
    }
    return leave(ctx, ctx.budget, ctx.vm.program().code().base() + 4 * ~result,
        JitContext.CONTINUE);
  }

  /**
   * Leaves after instruction {@code index} (an ecall or a Denali instruction) stopped the VM:
   * the rest of its block is given back to the budget; the VM exited or went idle.
   */
  public static int stopAfter(JitContext ctx, int budget, int index) {
    Code code = ctx.vm.program().code();
    ctx.budget = budget + code.runLength()[index] - 1;
    ctx.pc = code.base() + 4 * (index + 1);
    ctx.stop = ctx.vm.exited() ? JitContext.EXITED : JitContext.IDLE;
    return JitContext.UNWIND;
  }

  /**
   * d.iret at instruction {@code index}: outside a handler it is illegal; a misaligned saved pc
   * faults here; otherwise the dispatcher goes on at the saved pc (and faults there if it is
   * outside text), as the interpreter does.
   */
  public static int iret(JitContext ctx, int budget, int index) {
    Vm vm = ctx.vm;
    Code code = vm.program().code();
    int pc = code.base() + 4 * index;
    if (!vm.iret()) {
      return fault(ctx, budget, index, FaultCause.ILLEGAL_INSTRUCTION.ordinal(), pc);
    }
    if (((vm.pc - code.base()) & 3) != 0) {
      return fault(ctx, budget, index, FaultCause.MISALIGNED_JUMP.ordinal(), vm.pc);
    }
    return leave(ctx, budget, vm.pc, JitContext.CONTINUE);
  }

  /**
   * A call through a register to {@code target} (an instruction of the text) where no function
   * starts: from now on one does, and the dispatcher goes on there.
   */
  public static int callMissed(JitContext ctx, int target) {
    Translation t = (Translation) ctx.vm.program().code().translation();
    t.missedCall((target - t.code.base()) >> 2);
    return leave(ctx, ctx.budget, target, JitContext.CONTINUE);
  }

  /** A resume method was entered at a point it does not have: never, unless the JIT is wrong. */
  public static int badPoint(int point) {
    throw new IllegalStateException("BUG: no resume point " + point);
  }

  /** The exact retired-instruction count before instruction {@code index}. */
  public static int csr(JitContext ctx, int number, int budget, int index) {
    long before = ctx.retiredBase - budget - ctx.vm.program().code().runLength()[index];
    return ctx.vm.csr(number, before);
  }

}
