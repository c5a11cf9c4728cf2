package dev.denali.emu.jit;

import dev.denali.emu.Code;
import dev.denali.emu.FaultCause;
import dev.denali.emu.StopReason;
import dev.denali.emu.Vm;
import dev.denali.emu.interp.Interpreter;

/**
 * The one dispatcher of both JIT engines: runs a VM for a budget, entering translated functions
 * where the program's {@link Translation} has them (at a function's entry, or at a resume point
 * in its middle) and the interpreter elsewhere. Translated code comes back here only when it
 * returns to a caller that is not on the JVM stack, or leaves ({@link JitContext#UNWIND}): the
 * VM idled, exited or faulted, the budget is too short for the next run of instructions (the
 * interpreter then finishes it exactly), or the guest went where nothing is translated.
 */
final class Dispatcher {
  private Dispatcher() {}

  /** Interpreted instructions after which the eager JIT translates the huge function at e. */
  private static long hugeThreshold(Translation t, int e, long heat) {
    long span = t.spanLength(e);
    return Math.min(heat * span * span, JitEngine.HUGE_CAP);
  }

  /** The largest budget handed to translated code at once (it counts in an int). */
  static final int MAX_CHUNK = 1 << 30;
  /** Below this many instructions left after a slow exit, the interpreter runs them all. */
  private static final long FINISH = 4 * FunctionGraph.CAP;

  /**
   * Runs {@code vm} for at most {@code budget} instructions. Without {@code tiering} (the eager
   * JIT) a function is translated when control first reaches its entry, and other untranslated
   * code is interpreted a block at a time until control reaches translated code. With it, the
   * interpreter runs slices of {@link TieredEngine#SLICE} instructions (single blocks for a
   * while after translated code was left, so control gets back into it quickly), counts the
   * instructions of each for the function that owns the code, and asks for that function's
   * translation once it is hot.
   */
  static StopReason run(Vm vm, long budget, Translation t, Interpreter interpreter,
      JitContext ctx, TieredEngine tiering) {
    return run(vm, budget, t, interpreter, ctx, tiering, Integer.MAX_VALUE, 0);
  }

  /**
   * Like {@link #run(Vm, long, Translation, Interpreter, JitContext, TieredEngine)}; for the
   * eager JIT, a function longer than {@code huge} instructions is not translated at its first
   * entry but once it has run {@code hugeHeat} times the square of its span in interpreted
   * instructions, interpreted in slices (and counted) until then.
   */
  static StopReason run(Vm vm, long budget, Translation t, Interpreter interpreter,
      JitContext ctx, TieredEngine tiering, int huge, long hugeHeat) {
    Code code = t.code;
    int base = code.base();
    int n = code.length();
    int[] runLength = code.runLength();
    long left = budget;
    int blockSteps = 0;
    boolean searched = false;
    // the heat of starting this run in interpreted code (see TieredEngine#TURN), counted once
    long turnHeat = tiering == null ? 0 : TieredEngine.TURN;
    while (true) {
      // a pc outside the text faults before the budget is looked at, as in the interpreter:
      // control that falls off the end of the text with the quantum's last instruction faults
      // in that quantum, not after the next one began (and could have taken an interrupt)
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
      if (left <= 0) {
        return StopReason.BUDGET;
      }
      TranslatedFunction f = t.functionAt(idx);
      if (f == null && tiering == null && t.startsFunction(idx)
          && (t.spanLength(idx) <= huge
              || t.heat(idx, 0) >= hugeThreshold(t, idx, hugeHeat))) {
        f = t.translate(idx); // the eager JIT translates a function when it is first entered
      }
      Translation.Resume r = f == null ? t.resumeAt(idx) : null;
      if (f != null || r != null) {
        turnHeat = 0; // the run started in translated code
        int chunk = (int) Math.min(left, MAX_CHUNK);
        ctx.bind(vm, chunk, t);
        ctx.entries++;
        int v = f != null ? f.enter(ctx) : r.f().resume(ctx, r.piece(), r.point());
        long used = chunk - ctx.budget;
        vm.retired += used;
        left -= used;
        blockSteps = TieredEngine.BLOCK_STEPS;
        if (v != JitContext.UNWIND) {
          ctx.returns++;
          vm.pc = v;
          if (tiering != null) {
            tiering.leftFor(t, v);
          }
          continue;
        }
        switch (ctx.stop) {
          case JitContext.IDLE -> {
            vm.pc = ctx.pc;
            return StopReason.IDLE;
          }
          case JitContext.EXITED -> {
            vm.pc = ctx.pc;
            return StopReason.EXITED;
          }
          case JitContext.FAULTED -> {
            return StopReason.FAULTED;
          }
          case JitContext.SLOW -> {
            ctx.slowExits++;
            vm.pc = ctx.pc;
            if (left <= FINISH) {
              return interpreter.run(vm, left); // the exact end of the budget
            }
          }
          case JitContext.CONTINUE -> {
            ctx.continues++;
            vm.pc = ctx.pc;
            if (tiering != null) {
              tiering.leftFor(t, ctx.pc);
            }
          }
          default -> throw new IllegalStateException("BUG: stop " + ctx.stop);
        }
        continue;
      }
      long step = Math.min(left, runLength[idx]);
      int owner = -1;
      if (tiering == null && huge < Integer.MAX_VALUE) {
        int o = t.owner(idx);
        if (o >= 0 && t.spanLength(o) > huge && !t.isTranslated(o)) {
          owner = o; // a huge function that waits: slices, counted for it
          step = Math.min(left, TieredEngine.SLICE);
        }
      } else if (tiering != null) {
        owner = t.owner(idx);
        if (blockSteps == 0 && !searched && t.isTranslated(owner)) {
          // the function here is translated by now: look for a resume point block by block
          // (a slice between two searches, should none be found nearby)
          blockSteps = TieredEngine.BLOCK_STEPS;
          searched = true;
        }
        if (blockSteps > 0) {
          blockSteps--;
        } else {
          step = Math.min(left, TieredEngine.SLICE);
          searched = false;
        }
      }
      long before = vm.retired;
      StopReason s = interpreter.run(vm, step);
      long ran = vm.retired - before;
      ctx.interpreted += ran;
      if (tiering != null) {
        tiering.warm(t, owner, ran + turnHeat);
      } else if (owner >= 0
          && t.heat(owner, ran) >= hugeThreshold(t, owner, hugeHeat)) {
        t.translate(owner); // hot now: entered translated from its next call on
      }
      turnHeat = 0;
      if (s != StopReason.BUDGET) {
        return s;
      }
      left -= ran;
    }
  }
}
