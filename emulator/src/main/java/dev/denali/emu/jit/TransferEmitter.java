package dev.denali.emu.jit;

import static dev.denali.emu.jit.MethodEmitter.*;
import static dev.denali.isa.OpcodeIds.*;
import static org.objectweb.asm.Opcodes.*;

import dev.denali.emu.Code;
import dev.denali.emu.FaultCause;
import java.util.Arrays;
import org.objectweb.asm.Label;

/**
 * Emits how each block of a {@link PieceMethod} ends: a fall or jump into the next block, a
 * conditional branch, a guest call (a virtual call of the callee's {@link TranslatedFunction},
 * whose result is the address the callee returned to: the return site, or anything else, which
 * is passed up), a call through a register (the same, to the function the target address
 * starts), a tail call, a {@code jalr} that returns or jumps through a jump table, and the
 * instructions that stop.
 */
final class TransferEmitter {
  private static final int MIN = Integer.MIN_VALUE;

  private final PieceMethod m;
  private final MethodEmitter mv;
  private final FunctionGraph g;
  private final Code code;

  TransferEmitter(PieceMethod m) {
    this.m = m;
    this.mv = m.mv;
    this.g = m.g;
    this.code = m.fc.code;
  }

  /** Emits the end of block b: its last instruction k, with {@code dirty} before it. */
  void terminator(int b, int k, int dirty) {
    switch (g.kind[b]) {
      case FunctionGraph.FALL -> {
        m.ie.emit(k, dirty, m.flow.used);
        goTo(b, g.succ[b][0], m.flow.dirtyAfter(b, k, dirty), k + 1);
      }
      case FunctionGraph.BRANCH -> branch(b, k, dirty);
      case FunctionGraph.JUMP -> goTo(b, g.succ[b][0], dirty, -1);
      case FunctionGraph.TAIL -> {
        mv.flush(dirty);
        mv.saveBudget();
        callFunction(g.callee[b]);
        mv.visitInsn(IRETURN);
      }
      case FunctionGraph.CALL -> call(b, k, dirty);
      case FunctionGraph.ICALL -> indirectCall(b, k, dirty);
      case FunctionGraph.IJUMP -> indirectJump(b, k, dirty);
      case FunctionGraph.STOP -> stop(k, dirty);
      default -> throw new IllegalStateException("BUG: block kind " + g.kind[b]);
    }
  }

  private int pcOf(int index) {
    return m.fc.pcOf(index);
  }

  /**
   * Control goes from block b on to block {@code s} (-1: instruction index {@code outside}, past
   * the end of text, where the dispatcher faults); falls into the next block when it is s.
   */
  private void goTo(int b, int s, int dirty, int outside) {
    if (s >= 0) {
      if (s != m.next) {
        mv.visitJumpInsn(GOTO, m.target(s));
      }
    } else {
      mv.leave(dirty, pcOf(outside), JitContext.CONTINUE);
    }
  }

  private void branch(int b, int k, int dirty) {
    long c = code.code()[k];
    int op = Code.op(c);
    boolean unsigned = op == BLTU || op == BGEU;
    int cmp = switch (op) {
      case BEQ -> IF_ICMPEQ;
      case BNE -> IF_ICMPNE;
      case BLT, BLTU -> IF_ICMPLT;
      case BGE, BGEU -> IF_ICMPGE;
      default -> throw new IllegalStateException("BUG: branch " + op);
    };
    mv.reg(Code.rs1(c));
    if (unsigned) {
      mv.push(MIN);
      mv.visitInsn(IADD);
    }
    mv.reg(Code.rs2(c));
    if (unsigned) {
      mv.push(MIN);
      mv.visitInsn(IADD);
    }
    int taken = g.succ[b][0];
    Label target;
    if (taken >= 0) {
      target = m.target(taken);
    } else {
      target = new Label();
      FaultCause cause = Code.imm(c) == Code.TARGET_MISALIGNED ? FaultCause.MISALIGNED_JUMP
          : FaultCause.JUMP_OUTSIDE_TEXT;
      int address = code.directTarget(k);
      m.stub(() -> {
        mv.place(target);
        m.raise(k, cause, () -> mv.push(address));
      });
    }
    mv.visitJumpInsn(cmp, target);
    goTo(b, g.succ[b][1], dirty, k + 1);
  }

  /** The link register of the call or jump at k gets its return address (unless x0). */
  private void link(int k) {
    int rd = Code.rd(code.code()[k]);
    if (rd != 0 && rd != Code.SINK) {
      mv.push(pcOf(k + 1));
      mv.setReg(rd);
    }
  }

  private void call(int b, int k, int dirty) {
    link(k);
    mv.flush(dirty | Effects.defs(code.code()[k]));
    mv.saveBudget();
    callFunction(g.callee[b]);
    afterCall(b, k);
  }

  /**
   * Pushes {@code functions[callee].call(ctx, depth + 1)}: a virtual call whose receiver is the
   * same at every run, so HotSpot inlines the callee (guarding its class) once it is
   * translated; until then the receiver is an {@link Untranslated} stand-in.
   */
  private void callFunction(int callee) {
    mv.visitVarInsn(ALOAD, FUNCTIONS);
    mv.push(callee);
    mv.visitInsn(AALOAD);
    mv.visitVarInsn(ALOAD, CTX);
    m.depthPlusOne();
    mv.visitMethodInsn(INVOKEVIRTUAL, FUNCTION, "call", "(L" + CONTEXT + ";I)I", false);
  }

  /**
   * After the call at k returned its value: goes on at the return site when the callee returned
   * there, else passes the value up.
   */
  private void afterCall(int b, int k) {
    mv.visitVarInsn(ISTORE, VALUE);
    mv.visitVarInsn(ILOAD, VALUE);
    mv.push(pcOf(k + 1));
    mv.visitJumpInsn(IF_ICMPNE, m.propagate);
    mv.visitVarInsn(ALOAD, CTX);
    mv.visitFieldInsn(GETFIELD, CONTEXT, "budget", "I");
    mv.visitVarInsn(ISTORE, BUDGET);
    mv.reload(m.flow.reloadAfterCall(b));
    goTo(b, g.succ[b][0], 0, k + 1);
  }

  /** ADDR = (rs1 + imm) & ~1, checked to be an instruction of the text (else a fault at k). */
  private void jumpTarget(int k, int dirty) {
    long c = code.code()[k];
    mv.reg(Code.rs1(c));
    mv.push(Code.imm(c));
    mv.visitInsn(IADD);
    mv.push(~1);
    mv.visitInsn(IAND);
    mv.visitVarInsn(ISTORE, ADDR);
    Label misaligned = new Label();
    Label outside = new Label();
    mv.visitVarInsn(ILOAD, ADDR);
    mv.push(code.base());
    mv.visitInsn(ISUB);
    mv.visitInsn(ICONST_3);
    mv.visitInsn(IAND);
    mv.visitJumpInsn(IFNE, misaligned);
    mv.visitVarInsn(ILOAD, ADDR);
    mv.push(code.base() + MIN);
    mv.visitInsn(ISUB);
    mv.push(4 * code.length() + MIN);
    mv.visitJumpInsn(IF_ICMPGE, outside);
    m.stub(() -> {
      mv.place(misaligned);
      m.raise(k, FaultCause.MISALIGNED_JUMP, () -> mv.visitVarInsn(ILOAD, ADDR));
      mv.place(outside);
      m.raise(k, FaultCause.JUMP_OUTSIDE_TEXT, () -> mv.visitVarInsn(ILOAD, ADDR));
    });
  }

  private void indirectCall(int b, int k, int dirty) {
    jumpTarget(k, dirty);
    link(k);
    mv.flush(dirty | Effects.defs(code.code()[k]));
    mv.saveBudget();
    // the function at the target, or null: a call to where no function starts
    Label none = new Label();
    Label called = new Label();
    mv.visitVarInsn(ALOAD, FUNCTIONS);
    mv.visitVarInsn(ILOAD, ADDR);
    mv.push(code.base());
    mv.visitInsn(ISUB);
    mv.push(2);
    mv.visitInsn(ISHR);
    mv.visitInsn(AALOAD);
    mv.visitInsn(DUP);
    mv.visitJumpInsn(IFNULL, none);
    mv.visitVarInsn(ALOAD, CTX);
    m.depthPlusOne();
    mv.visitMethodInsn(INVOKEVIRTUAL, FUNCTION, "call", "(L" + CONTEXT + ";I)I", false);
    mv.visitJumpInsn(GOTO, called);
    mv.placeWithStack(none, FUNCTION);
    mv.visitInsn(POP);
    mv.visitVarInsn(ALOAD, CTX);
    mv.visitVarInsn(ILOAD, ADDR);
    mv.runtime("callMissed", "(L" + CONTEXT + ";I)I");
    mv.placeWithStack(called, INTEGER);
    afterCall(b, k);
  }

  private void indirectJump(int b, int k, int dirty) {
    jumpTarget(k, dirty);
    int[] succ = g.succ[b];
    if (succ.length > 0) {
      // a jump table: switch on the target's instruction index, dense where the cases are
      int lo = Integer.MAX_VALUE;
      int hi = Integer.MIN_VALUE;
      for (int s : succ) {
        lo = Math.min(lo, g.start[s]);
        hi = Math.max(hi, g.start[s]);
      }
      Label out = new Label();
      mv.visitVarInsn(ILOAD, ADDR);
      mv.push(code.base());
      mv.visitInsn(ISUB);
      mv.push(2);
      mv.visitInsn(ISHR);
      if (hi - lo < 4 * succ.length + 16) {
        Label[] labels = new Label[hi - lo + 1];
        java.util.Arrays.fill(labels, out);
        for (int s : succ) {
          labels[g.start[s] - lo] = m.target(s);
        }
        mv.visitTableSwitchInsn(lo, hi, out, labels);
      } else {
        int[] keys = Arrays.stream(succ).map(s -> g.start[s]).sorted().toArray();
        Label[] labels = new Label[keys.length];
        for (int s : succ) {
          labels[Arrays.binarySearch(keys, g.start[s])] = m.target(s);
        }
        mv.visitLookupSwitchInsn(out, keys, labels);
      }
      mv.place(out);
    }
    mv.flush(dirty);
    mv.saveBudget();
    mv.visitVarInsn(ILOAD, ADDR);
    mv.visitInsn(IRETURN);
  }

  private void stop(int k, int dirty) {
    long c = code.code()[k];
    int pc = pcOf(k);
    switch (Code.op(c)) {
      case D_IRET -> {
        mv.flush(dirty);
        mv.visitVarInsn(ALOAD, CTX);
        mv.visitVarInsn(ILOAD, BUDGET);
        mv.push(k);
        mv.runtime("iret", "(L" + CONTEXT + ";II)I");
        mv.visitInsn(IRETURN);
      }
      case EBREAK -> m.raise(k, FaultCause.BREAKPOINT, () -> mv.push(pc));
      case JAL -> m.raise(k, Code.imm(c) == Code.TARGET_MISALIGNED
          ? FaultCause.MISALIGNED_JUMP : FaultCause.JUMP_OUTSIDE_TEXT,
          () -> mv.push(code.directTarget(k)));
      default -> m.raise(k, FaultCause.ILLEGAL_INSTRUCTION, () -> mv.push(pc));
    }
  }
}
