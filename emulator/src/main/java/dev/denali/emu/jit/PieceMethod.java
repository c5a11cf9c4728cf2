package dev.denali.emu.jit;

import static dev.denali.emu.jit.MethodEmitter.*;
import static org.objectweb.asm.Opcodes.*;

import dev.denali.emu.Code;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;

/**
 * Emits one method of a piece (see {@link PiecePlan}): its body method, or its resume method.
 * Both have the signature {@code (JitContext ctx, int depth, int entry) -> int}, where entry is
 * the body entry or resume point number, and return what a piece returns: a guest address, or
 * {@link JitContext#UNWIND}, or {@code ~index} for a block of the function outside the piece
 * that control goes to next (the calling method goes on there).
 *
 * <p>The method's blocks follow {@link FunctionGraph}'s order; control transfers inside the
 * method are jumps, a transfer to the root of a child piece calls its body method, a transfer
 * elsewhere returns {@code ~index}, and in a resume method a transfer to a block the body method
 * can be entered at calls the body method there. The block terminators themselves are emitted
 * by {@link TransferEmitter}.
 */
final class PieceMethod {
  private static final String GUEST_FAULT = "dev/denali/emu/GuestFault";
  private static final String BUDGET_SHORT = "dev/denali/emu/jit/JitRuntime$BudgetShort";

  final FunctionCompiler fc;
  final FunctionGraph g;
  final PiecePlan plan;
  final boolean resume;
  final MethodEmitter mv;
  final InstructionEmitter ie;
  final TransferEmitter te;
  /** The blocks of this method, in emission order, and their labels. */
  private final int[] order;
  private final BitSet here = new BitSet();
  private final Label[] blockLabel;
  private final List<Runnable> stubs = new ArrayList<>();
  private final Map<Integer, Label> pieceCalls = new HashMap<>();
  private final Map<Integer, Label> pieceExits = new HashMap<>();
  private final Map<Integer, Label> hops = new HashMap<>();
  /** Returns the value in VALUE (a callee's or a piece's result passed up). */
  final Label propagate = new Label();
  private final Label unknownExit = new Label();
  private Label coldExit;
  private Label faultHandler;
  private Label pieceResult;
  /** The method's entry blocks, and where it loads, writes back and reloads registers. */
  private final int[] entries;
  final MethodFlow flow;
  /** The block emitted after the current one, or -1. */
  int next;

  PieceMethod(FunctionCompiler fc, ClassWriter cw, PiecePlan plan, boolean resume) {
    this.fc = fc;
    this.g = fc.g;
    this.plan = plan;
    this.resume = resume;
    this.order = resume ? plan.resumeBlocks : plan.blocks;
    this.entries = resume ? plan.resumePoints : plan.bodyEntries;
    for (int b : order) {
      here.set(b);
    }
    this.flow = new MethodFlow(g, fc.flow, here, entries);
    this.mv = new MethodEmitter(cw.visitMethod(ACC_PUBLIC | ACC_STATIC,
        fc.methodName(plan.root, resume), FunctionCompiler.PIECE_DESC, null, null), flow.used);
    this.ie = new InstructionEmitter(mv, fc.code, fc.t.writableBase, this::faultHandler,
        fc.name);
    this.te = new TransferEmitter(this);
    this.blockLabel = new Label[g.blocks()];
    for (int b : order) {
      blockLabel[b] = new Label();
    }
  }

  void emit() {
    mv.visitCode();
    prologue();
    if (resume) {
      entrySwitch(plan.resumePoints, null);
    } else {
      Label root = new Label();
      entrySwitch(plan.bodyEntries, root);
      mv.place(root);
      Label deep = new Label();
      mv.visitVarInsn(ILOAD, DEPTH);
      mv.push(Translation.MAX_DEPTH);
      mv.visitJumpInsn(IF_ICMPGE, deep);
      mv.visitJumpInsn(GOTO, blockLabel[plan.root]);
      stubs.add(() -> {
        mv.place(deep);
        mv.leave(0, fc.pcOf(g.start[plan.root]), JitContext.CONTINUE);
      });
    }
    for (int i = 0; i < order.length; i++) {
      next = i + 1 < order.length ? order[i + 1] : -1;
      block(order[i]);
    }
    mv.place(propagate);
    mv.visitVarInsn(ILOAD, VALUE);
    mv.visitInsn(IRETURN);
    for (int i = 0; i < stubs.size(); i++) { // stubs may add stubs
      stubs.get(i).run();
    }
    mv.place(unknownExit); // a block of another piece: further up
    mv.visitVarInsn(ILOAD, VALUE);
    mv.visitInsn(IRETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  /**
   * The handler for a load or store that faults: marks VALUE (-1) and goes to the cold way out
   * ({@link #coldExit}), which leaves through {@link JitRuntime#faulted}.
   */
  Label faultHandler() {
    if (faultHandler == null) {
      Label l = new Label();
      faultHandler = l;
      Label exit = coldExit();
      stubs.add(() -> {
        mv.placeHandler(l, GUEST_FAULT);
        mv.visitInsn(POP);
        mv.push(-1);
        mv.visitVarInsn(ISTORE, VALUE);
        mv.visitJumpInsn(GOTO, exit);
      });
    }
    return faultHandler;
  }

  /**
   * The one cold way out of the method: writes back every register it writes (see
   * {@link MethodFlow}) and leaves, after a fault (VALUE -1) or at a checkpoint the budget does
   * not cover (VALUE its pc).
   */
  private Label coldExit() {
    if (coldExit == null) {
      Label l = new Label();
      coldExit = l;
      stubs.add(() -> {
        mv.place(l);
        mv.flush(flow.writes);
        mv.visitVarInsn(ALOAD, CTX);
        mv.visitVarInsn(ILOAD, BUDGET);
        mv.visitVarInsn(ILOAD, VALUE);
        mv.runtime("coldExit", "(L" + CONTEXT + ";II)I");
        mv.visitInsn(IRETURN);
      });
    }
    return coldExit;
  }

  /**
   * A fault of instruction k found by the generated code itself (a jump out of text, ebreak, an
   * illegal word): records it ({@link JitRuntime#raise}) and throws to the method's handler,
   * which writes back and leaves as for a fault of a load or store.
   */
  void raise(int k, dev.denali.emu.FaultCause cause, Runnable pushAddress) {
    Label start = new Label();
    Label end = new Label();
    mv.visitTryCatchBlock(start, end, faultHandler(), GUEST_FAULT);
    mv.mark(start);
    mv.visitVarInsn(ALOAD, CTX);
    mv.push(k);
    mv.push(cause.ordinal());
    pushAddress.run();
    mv.runtime("raise", "(L" + CONTEXT + ";III)L" + GUEST_FAULT + ";");
    mv.visitInsn(ATHROW);
    mv.mark(end);
  }

  /** Code emitted after the method's blocks (cold paths). */
  void stub(Runnable r) {
    stubs.add(r);
  }

  private void prologue() {
    mv.visitVarInsn(ALOAD, CTX);
    mv.visitFieldInsn(GETFIELD, CONTEXT, "x", "[I");
    mv.visitVarInsn(ASTORE, X);
    mv.visitVarInsn(ALOAD, CTX);
    mv.visitFieldInsn(GETFIELD, CONTEXT, "mem", "[B");
    mv.visitVarInsn(ASTORE, MEM);
    mv.visitVarInsn(ALOAD, CTX);
    mv.visitFieldInsn(GETFIELD, CONTEXT, "budget", "I");
    mv.visitVarInsn(ISTORE, BUDGET);
    mv.visitVarInsn(ALOAD, CTX);
    mv.visitFieldInsn(GETFIELD, CONTEXT, "functions", "[L" + FUNCTION + ";");
    mv.visitVarInsn(ASTORE, FUNCTIONS);
    mv.push(0);
    mv.visitVarInsn(ISTORE, ADDR);
    mv.push(0);
    mv.visitVarInsn(ISTORE, VALUE);
    mv.reload(flow.loaded);
    mv.zero(flow.used & ~flow.loaded); // defined for the verifier; nothing reads them unloaded
  }

  /**
   * Jumps to the block of entry number ENTRY among {@code blocks} (the first to {@code first}
   * when given, else to its block); with a single entry there is nothing to choose.
   */
  private void entrySwitch(int[] blocks, Label first) {
    Label[] targets = new Label[blocks.length];
    for (int i = 0; i < blocks.length; i++) {
      targets[i] = i == 0 && first != null ? first : blockLabel[blocks[i]];
    }
    if (blocks.length == 1) {
      mv.visitJumpInsn(GOTO, targets[0]);
      return;
    }
    Label bad = new Label();
    mv.visitVarInsn(ILOAD, ENTRY);
    mv.visitTableSwitchInsn(0, blocks.length - 1, bad, targets);
    stubs.add(() -> {
      mv.place(bad);
      mv.visitVarInsn(ILOAD, ENTRY);
      mv.runtime("badPoint", "(I)I");
      mv.visitInsn(IRETURN);
    });
  }

  private void block(int b) {
    mv.place(blockLabel[b]);
    int dirty = flow.dirtyIn[b];
    if (g.checkpoint[b]) { // JitRuntime.enough throws when the budget is short
      Label start = new Label();
      Label end = new Label();
      Label slow = new Label();
      mv.visitTryCatchBlock(start, end, slow, BUDGET_SHORT);
      mv.mark(start);
      mv.visitVarInsn(ILOAD, BUDGET);
      mv.push(g.maxRun[b]);
      mv.runtime("enough", "(II)V");
      mv.mark(end);
      int pc = fc.pcOf(g.start[b]);
      Label exit = coldExit();
      stubs.add(() -> {
        mv.placeHandler(slow, BUDGET_SHORT);
        mv.visitInsn(POP);
        mv.push(pc);
        mv.visitVarInsn(ISTORE, VALUE);
        mv.visitJumpInsn(GOTO, exit);
      });
    }
    mv.visitIincInsn(BUDGET, -g.length[b]);
    int last = g.start[b] + g.length[b] - 1;
    for (int k = g.start[b]; k < last; k++) {
      ie.emit(k, dirty, flow.used);
      dirty = flow.dirtyAfter(b, k, dirty);
    }
    te.terminator(b, last, dirty);
  }

  /**
   * Where control goes for a transfer to block s from this method: the block's label when it
   * is here; in a resume method, a call of the body method when s is one of its entries; a call
   * of s's piece when s roots a child piece; else a way out that tells the calling method to go
   * on at s.
   */
  Label target(int s) {
    if (here.get(s)) {
      return blockLabel[s];
    }
    if (resume && plan.inPiece.get(s)) {
      return hops.computeIfAbsent(s, x -> {
        Label l = new Label();
        int entry = plan.bodyEntry(x);
        if (entry < 0) {
          throw new IllegalStateException("BUG: block " + x + " is no entry of its body");
        }
        stubs.add(() -> {
          mv.place(l);
          mv.flush(flow.dirtyIn[x]);
          mv.saveBudget();
          mv.visitVarInsn(ALOAD, CTX);
          depthPlusOne();
          mv.push(entry);
          mv.visitMethodInsn(INVOKESTATIC, fc.name, fc.methodName(plan.root, false),
              FunctionCompiler.PIECE_DESC, false);
          mv.visitInsn(IRETURN);
        });
        return l;
      });
    }
    if (fc.pieces.isChildPiece(plan.root, s)) {
      return pieceCalls.computeIfAbsent(s, q -> {
        Label l = new Label();
        stubs.add(() -> {
          mv.place(l);
          mv.flush(flow.dirtyIn[q]);
          mv.saveBudget();
          mv.visitVarInsn(ALOAD, CTX);
          depthPlusOne();
          mv.push(0);
          mv.visitMethodInsn(INVOKESTATIC, fc.name, fc.methodName(q, false),
              FunctionCompiler.PIECE_DESC, false);
          mv.visitVarInsn(ISTORE, VALUE);
          mv.visitJumpInsn(GOTO, pieceResult());
        });
        return l;
      });
    }
    return pieceExits.computeIfAbsent(s, x -> {
      Label l = new Label();
      stubs.add(() -> {
        mv.place(l);
        mv.flush(flow.dirtyIn[x]);
        mv.saveBudget();
        mv.push(~g.start[x]);
        mv.visitInsn(IRETURN);
      });
      return l;
    });
  }

  void depthPlusOne() {
    mv.visitVarInsn(ILOAD, DEPTH);
    mv.visitInsn(ICONST_1);
    mv.visitInsn(IADD);
  }

  /**
   * The shared code that handles what a child piece returned (in VALUE): a guest-level result
   * is passed up; {@code ~index} means go on at the block starting at instruction index, here
   * if this method can, else further up.
   */
  private Label pieceResult() {
    if (pieceResult == null) {
      Label l = new Label();
      pieceResult = l;
      stubs.add(() -> {
        mv.place(l);
        mv.visitVarInsn(ILOAD, VALUE);
        mv.visitJumpInsn(IFGE, propagate);
        mv.visitVarInsn(ALOAD, CTX);
        mv.visitFieldInsn(GETFIELD, CONTEXT, "budget", "I");
        mv.visitVarInsn(ISTORE, BUDGET);
        mv.reload(flow.used);
        TreeMap<Integer, Label> cases = new TreeMap<>();
        for (int b = 0; b < g.blocks(); b++) {
          for (int s : g.succ[b]) {
            if (s >= 0 && fc.pieces.pieceOf[b] != fc.pieces.pieceOf[s]
                && (plan.inPiece.get(s) || fc.pieces.isChildPiece(plan.root, s))) {
              cases.put(~g.start[s], target(s));
            }
          }
        }
        mv.visitVarInsn(ILOAD, VALUE);
        mv.visitLookupSwitchInsn(unknownExit, cases.keySet().stream().mapToInt(i -> i)
            .toArray(), cases.values().toArray(new Label[0]));
      });
    }
    return pieceResult;
  }
}
