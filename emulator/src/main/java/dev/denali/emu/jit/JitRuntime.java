package dev.denali.emu.jit;

import dev.denali.emu.Code;
import dev.denali.emu.FaultCause;
import dev.denali.emu.GuestFault;
import dev.denali.emu.Vm;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * What translated code calls: little-endian memory views, the slow paths of loads and stores,
 * and the ways out to the dispatcher. Every way out leaves the VM complete (the registers were
 * written back by the caller) and returns {@link JitContext#UNWIND} for the generated code to
 * return in turn. Nothing here throws.
 */
public final class JitRuntime {
  private JitRuntime() {}

  public static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class,
      ByteOrder.LITTLE_ENDIAN);
  public static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class,
      ByteOrder.LITTLE_ENDIAN);

  private static final FaultCause[] CAUSES = FaultCause.values();

  /**
   * A load the inline paths did not handle (the virtual-register page, an access straddling two
   * areas, a fault): the VM's slow path. On a fault it records it as instruction {@code index}'s,
   * sets {@code ctx.stop} to FAULTED and returns 0; the caller then leaves through
   * {@link #faulted}.
   */
  public static int load(JitContext ctx, int addr, int size, boolean signed, int index) {
    try {
      return ctx.vm.load(addr, size, signed);
    } catch (GuestFault f) {
      recordFault(ctx, index);
      return 0;
    }
  }

  /** A store the inline path did not handle; faults as {@link #load} does. */
  public static void store(JitContext ctx, int addr, int size, int value, int index) {
    try {
      ctx.vm.store(addr, size, value);
    } catch (GuestFault f) {
      recordFault(ctx, index);
    }
  }

  private static void recordFault(JitContext ctx, int index) {
    Code code = ctx.vm.program().code();
    ctx.vm.recordFault(code.base() + 4 * index, code.word(index));
    ctx.faultIndex = index;
    ctx.stop = JitContext.FAULTED;
  }

  /**
   * Leaves after {@link #load} or {@link #store} recorded a fault: the faulting instruction and
   * the rest of its block, charged when the block began, are given back to the budget.
   */
  public static int faulted(JitContext ctx, int budget) {
    ctx.budget = budget + ctx.vm.program().code().runLength()[ctx.faultIndex];
    return JitContext.UNWIND;
  }

  /** Leaves with a fault of instruction {@code index} (cause: a FaultCause ordinal). */
  public static int fault(JitContext ctx, int budget, int index, int cause, int address) {
    Code code = ctx.vm.program().code();
    ctx.vm.recordFault(CAUSES[cause], code.base() + 4 * index, code.word(index), address);
    ctx.budget = budget + code.runLength()[index];
    ctx.stop = JitContext.FAULTED;
    return JitContext.UNWIND;
  }

  /** Leaves to the dispatcher, which goes on at guest address {@code pc} ({@code stop} says why). */
  public static int leave(JitContext ctx, int budget, int pc, int stop) {
    ctx.budget = budget;
    ctx.pc = pc;
    ctx.stop = stop;
    return JitContext.UNWIND;
  }

  /** Leaves to the dispatcher, which goes on at instruction {@code index}. */
  public static int leaveToIndex(JitContext ctx, int budget, int index) {
    return leave(ctx, budget, ctx.vm.program().code().base() + 4 * index, JitContext.CONTINUE);
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

  /** A resume method was entered at a point it does not have: never, unless the JIT is wrong. */
  public static int badPoint(int point) {
    throw new IllegalStateException("BUG: no resume point " + point);
  }

  /** The exact retired-instruction count before instruction {@code index}. */
  public static int csr(JitContext ctx, int number, int budget, int index) {
    long before = ctx.retiredBase - budget - ctx.vm.program().code().runLength()[index];
    return ctx.vm.csr(number, before);
  }

  /**
   * A call through a register to {@code target} (checked: an instruction of the text): the
   * translated function there, or else a way out to the dispatcher, which runs it.
   */
  public static int callIndirect(JitContext ctx, int target, int depth) {
    Translation t = (Translation) ctx.vm.program().code().translation();
    int index = (target - t.code.base()) >> 2;
    TranslatedFunction f = t.functionAt(index);
    if (f == null || depth >= Translation.MAX_DEPTH) {
      t.missedCall(index);
      return leave(ctx, ctx.budget, target, JitContext.CONTINUE);
    }
    return f.call(ctx, depth);
  }
}
