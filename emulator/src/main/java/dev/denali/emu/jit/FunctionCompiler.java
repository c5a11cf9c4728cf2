package dev.denali.emu.jit;

import static dev.denali.emu.jit.MethodEmitter.*;
import static dev.denali.isa.OpcodeIds.*;
import static org.objectweb.asm.Opcodes.*;

import dev.denali.emu.Code;
import dev.denali.emu.FaultCause;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Translates one guest function ({@link FunctionGraph}) into a class extending
 * {@link TranslatedFunction} with two static methods: {@code body(ctx, depth)}, entered only at
 * the function's entry, so that its loops stay reducible and C2 optimizes them, and
 * {@code resumeAt(ctx, point)}, which the dispatcher enters at a checkpoint when it resumes a
 * run that left the JVM stack (a quantum ended, the guest idled, a call went too deep).
 *
 * <p>Blocks become labelled runs of bytecode; direct branches are JVM jumps; a direct guest call
 * is an {@code invokedynamic} of the callee's {@code body} (linked by {@link JitLinker} to a
 * {@code MutableCallSite}, so C2 can inline it), and returns here only when the callee returned
 * to the expected return address; anything else the callee returns is passed up. A block charges
 * its length to the budget when it begins; checkpoints test the budget (see FunctionGraph).
 */
final class FunctionCompiler {
  static final String SUPER = Type.getInternalName(TranslatedFunction.class);
  private static final String CALL_DESC = "(L" + CONTEXT + ";I)I";
  private static final Handle BOOTSTRAP = new Handle(H_INVOKESTATIC,
      Type.getInternalName(JitLinker.class), "call",
      "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
          + "Ljava/lang/invoke/MethodType;I)Ljava/lang/invoke/CallSite;", false);
  private static final Handle INDIRECT = new Handle(H_INVOKESTATIC,
      Type.getInternalName(JitLinker.class), "indirect",
      "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
          + "Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;", false);
  private static final int MIN = Integer.MIN_VALUE;
  private static final String GUEST_FAULT = "dev/denali/emu/GuestFault";

  private final Translation t;
  private final Code code;
  private final FunctionGraph g;
  private final RegisterFlow flow;
  private final Pieces pieces;
  private final String name;
  /** The root block of the piece being emitted. */
  private int piece;
  /** The blocks of the piece being emitted, in emission order. */
  private int[] order;
  private Label[] blockLabel;
  private Map<Integer, Label> pieceCalls;
  private Map<Integer, Label> pieceExits;
  private Label unknownExit;
  private Label pieceResult;
  private MethodEmitter mv;
  private InstructionEmitter ie;
  /** The shared way out at a checkpoint the budget does not cover (its pc in VALUE). */
  private Label slowExit;
  private List<Runnable> stubs;
  private Label propagate;
  /** The block emitted after the current one in this method, or -1. */
  private int next;

  FunctionCompiler(Translation t, FunctionGraph g, Pieces pieces, RegisterFlow flow,
      String name) {
    this.t = t;
    this.code = t.code;
    this.g = g;
    this.pieces = pieces;
    this.flow = flow;
    this.name = name;
  }

  byte[] compile() {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, name, null, SUPER, null);
    cw.visitField(ACC_STATIC | ACC_FINAL, "RO", "[B", null, null).visitEnd();
    MethodVisitor clinit = cw.visitMethod(ACC_STATIC, "<clinit>", "()V", null, null);
    clinit.visitCode();
    clinit.visitMethodInsn(INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup",
        "()Ljava/lang/invoke/MethodHandles$Lookup;", false);
    clinit.visitMethodInsn(INVOKESTATIC, Type.getInternalName(JitLinker.class), "readOnly",
        "(Ljava/lang/invoke/MethodHandles$Lookup;)[B", false);
    clinit.visitFieldInsn(PUTSTATIC, name, "RO", "[B");
    clinit.visitInsn(RETURN);
    clinit.visitMaxs(0, 0);
    clinit.visitEnd();
    MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(ALOAD, 0);
    init.visitMethodInsn(INVOKESPECIAL, SUPER, "<init>", "()V", false);
    init.visitInsn(RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();
    bridge(cw, "enter", "(L" + CONTEXT + ";)I", "body", false);
    bridge(cw, "call", CALL_DESC, "body", true);
    resumeBridge(cw);
    for (int root : pieces.roots) {
      method(cw, root, false);
      method(cw, root, true);
    }
    cw.visitEnd();
    return cw.toByteArray();
  }

  /** An instance method that calls static {@code target(ctx, depth-or-point or 0)}. */
  private void bridge(ClassWriter cw, String method, String desc, String target, boolean arg) {
    MethodVisitor m = cw.visitMethod(ACC_PUBLIC | ACC_FINAL, method, desc, null, null);
    m.visitCode();
    m.visitVarInsn(ALOAD, 1);
    if (arg) {
      m.visitVarInsn(ILOAD, 2);
    } else {
      m.visitInsn(ICONST_0);
    }
    m.visitMethodInsn(INVOKESTATIC, name, target, CALL_DESC, false);
    m.visitInsn(IRETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
  }

  private boolean top() {
    return piece == g.entryBlock;
  }

  private String methodName(int root, boolean resume) {
    if (root == g.entryBlock) {
      return resume ? "resumeAt" : "body";
    }
    return (resume ? "r" : "p") + root;
  }

  /**
   * Emits the method of the piece rooted at {@code root}: from its root ({@code body},
   * {@code pN}) or from a resume point in it ({@code resumeAt}, {@code rN}).
   */
  /**
   * {@code resume(ctx, piece, point)}: calls the resume method of piece number {@code piece}
   * (an index into the piece roots); a block it leaves to in another piece is left to the
   * dispatcher, which resumes there.
   */
  private void resumeBridge(ClassWriter cw) {
    MethodVisitor m = cw.visitMethod(ACC_PUBLIC | ACC_FINAL, "resume",
        "(L" + CONTEXT + ";II)I", null, null);
    m.visitCode();
    Object[] locals = {name, CONTEXT, INTEGER, INTEGER};
    Label[] cases = new Label[pieces.roots.length];
    for (int i = 0; i < cases.length; i++) {
      cases[i] = new Label();
    }
    Label bad = new Label();
    m.visitVarInsn(ILOAD, 2);
    m.visitTableSwitchInsn(0, cases.length - 1, bad, cases);
    for (int i = 0; i < cases.length; i++) {
      m.visitLabel(cases[i]);
      m.visitFrame(F_NEW, 4, locals, 0, new Object[0]);
      m.visitVarInsn(ALOAD, 1);
      m.visitVarInsn(ALOAD, 1);
      m.visitVarInsn(ILOAD, 3);
      m.visitMethodInsn(INVOKESTATIC, name, methodName(pieces.roots[i], true), CALL_DESC,
          false);
      m.visitMethodInsn(INVOKESTATIC, RUNTIME, "afterResume", "(L" + CONTEXT + ";I)I", false);
      m.visitInsn(IRETURN);
    }
    m.visitLabel(bad);
    m.visitFrame(F_NEW, 4, locals, 0, new Object[0]);
    m.visitVarInsn(ILOAD, 2);
    m.visitMethodInsn(INVOKESTATIC, RUNTIME, "badPoint", "(I)I", false);
    m.visitInsn(IRETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
  }

  private void method(ClassWriter cw, int root, boolean resume) {
    piece = root;
    order = pieces.blocksOf(root);
    mv = new MethodEmitter(cw.visitMethod(ACC_PUBLIC | ACC_STATIC, methodName(root, resume),
        CALL_DESC, null, null), g.used);
    ie = new InstructionEmitter(mv, code, t.writableBase);
    pieceCalls = new HashMap<>();
    pieceExits = new HashMap<>();
    stubs = new ArrayList<>();
    propagate = new Label();
    unknownExit = new Label();
    pieceResult = null;
    blockLabel = new Label[g.blocks()];
    for (int b : order) {
      blockLabel[b] = new Label();
    }
    slowExit = new Label();
    Label tryStart = new Label();
    Label tryEnd = new Label();
    Label handler = new Label();
    mv.visitTryCatchBlock(tryStart, tryEnd, handler, GUEST_FAULT);
    mv.visitCode();
    prologue();
    mv.mark(tryStart);
    if (resume) {
      resumeSwitch();
    } else {
      Label deep = new Label();
      mv.visitVarInsn(ILOAD, DEPTH);
      mv.push(Translation.MAX_DEPTH);
      mv.visitJumpInsn(IF_ICMPGE, deep);
      mv.visitJumpInsn(GOTO, blockLabel[root]);
      stubs.add(() -> {
        mv.place(deep);
        mv.leave(0, pcOf(g.start[root]), JitContext.CONTINUE);
      });
    }
    for (int i = 0; i < order.length; i++) {
      block(order[i], i + 1 < order.length ? order[i + 1] : -1);
    }
    mv.mark(tryEnd);
    // cold ways out write back every register the function writes: all locals are current
    mv.placeHandler(handler, GUEST_FAULT); // a load or store faulted
    mv.visitInsn(POP);
    mv.flush(g.writes);
    mv.visitVarInsn(ALOAD, CTX);
    mv.visitVarInsn(ILOAD, BUDGET);
    mv.runtime("faulted", "(L" + CONTEXT + ";I)I");
    mv.visitInsn(IRETURN);
    mv.place(slowExit);
    mv.flush(g.writes);
    mv.visitVarInsn(ALOAD, CTX);
    mv.visitVarInsn(ILOAD, BUDGET);
    mv.visitVarInsn(ILOAD, VALUE);
    mv.push(JitContext.SLOW);
    mv.runtime("leave", "(L" + CONTEXT + ";III)I");
    mv.visitInsn(IRETURN);
    mv.place(propagate);
    mv.visitVarInsn(ILOAD, VALUE);
    mv.visitInsn(IRETURN);
    for (int i = 0; i < stubs.size(); i++) { // stubs may add stubs
      stubs.get(i).run();
    }
    mv.place(unknownExit);
    mv.visitVarInsn(ILOAD, VALUE); // further up (the resume bridge leaves it to the dispatcher)
    mv.visitInsn(IRETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  /**
   * The entry of a resume method: the point number selects the block (after which the local
   * that held it is the call depth, 0).
   */
  private void resumeSwitch() {
    int[] pts = pointsOf(piece);
    Label[] targets = new Label[pts.length];
    for (int p = 0; p < pts.length; p++) {
      targets[p] = blockLabel[pts[p]];
    }
    Label bad = new Label();
    mv.visitVarInsn(ILOAD, DEPTH);
    mv.push(0);
    mv.visitVarInsn(ISTORE, DEPTH);
    mv.visitTableSwitchInsn(0, pts.length - 1, bad, targets);
    stubs.add(() -> {
      mv.place(bad);
      mv.visitVarInsn(ILOAD, DEPTH);
      mv.runtime("badPoint", "(I)I");
      mv.visitInsn(IRETURN);
    });
  }

  /** The resume points (checkpoint blocks) of the piece rooted at {@code root}, ascending. */
  int[] pointsOf(int root) {
    return java.util.stream.IntStream.range(0, g.blocks())
        .filter(b -> g.checkpoint[b] && pieces.pieceOf[b] == root).toArray();
  }

  /**
   * Where control goes for a transfer to block s from the piece being emitted: the block's
   * label when it is in this piece, a call of its piece when it roots a child piece, else a way
   * out that tells the calling method to go on at s.
   */
  private Label target(int s) {
    if (pieces.pieceOf[s] == piece) {
      return blockLabel[s];
    }
    if (pieces.isChildPiece(piece, s)) {
      return pieceCalls.computeIfAbsent(s, q -> {
        Label l = new Label();
        stubs.add(() -> {
          mv.place(l);
          mv.flush(flow.dirtyIn[q]);
          mv.saveBudget();
          mv.visitVarInsn(ALOAD, CTX);
          depthPlusOne();
          mv.visitMethodInsn(INVOKESTATIC, name, methodName(q, false), CALL_DESC, false);
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

  /**
   * The shared code that handles what a piece returned (in VALUE): a guest-level result (an
   * address or UNWIND) is passed up; {@code ~index} means go on at the block starting at
   * instruction index, here if this piece holds it or calls its piece, else further up.
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
        mv.reload(g.used);
        java.util.TreeMap<Integer, Label> cases = new java.util.TreeMap<>();
        for (int b = 0; b < g.blocks(); b++) {
          for (int s : g.succ[b]) {
            if (s >= 0 && pieces.pieceOf[b] != pieces.pieceOf[s]
                && (pieces.pieceOf[s] == piece || pieces.isChildPiece(piece, s))) {
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

  private int pcOf(int index) {
    return code.base() + 4 * index;
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
    mv.push(0);
    mv.visitVarInsn(ISTORE, ADDR);
    mv.push(0);
    mv.visitVarInsn(ISTORE, VALUE);
    mv.reload(g.used);
  }

  private void block(int b, int next) {
    this.next = next;
    mv.place(blockLabel[b]);
    int dirty = flow.dirtyIn[b];
    if (g.checkpoint[b]) {
      Label slow = new Label();
      mv.visitVarInsn(ILOAD, BUDGET);
      mv.push(g.maxRun[b]);
      mv.visitJumpInsn(IF_ICMPLT, slow);
      int pc = pcOf(g.start[b]);
      stubs.add(() -> {
        mv.place(slow);
        mv.push(pc);
        mv.visitVarInsn(ISTORE, VALUE);
        mv.visitJumpInsn(GOTO, slowExit);
      });
    }
    mv.visitIincInsn(BUDGET, -g.length[b]);
    int last = g.start[b] + g.length[b] - 1;
    for (int k = g.start[b]; k < last; k++) {
      ie.emit(k, dirty, g.used);
      dirty = flow.dirtyAfter(b, k, dirty);
    }
    switch (g.kind[b]) {
      case FunctionGraph.FALL -> {
        ie.emit(last, dirty, g.used);
        goTo(b, g.succ[b][0], flow.dirtyAfter(b, last, dirty), last + 1);
      }
      case FunctionGraph.BRANCH -> branch(b, last, dirty);
      case FunctionGraph.JUMP -> goTo(b, g.succ[b][0], dirty, -1);
      case FunctionGraph.TAIL -> {
        mv.flush(dirty);
        mv.saveBudget();
        mv.visitVarInsn(ALOAD, CTX);
        depthPlusOne();
        mv.visitInvokeDynamicInsn("call", CALL_DESC, BOOTSTRAP, g.callee[b]);
        mv.visitInsn(IRETURN);
      }
      case FunctionGraph.CALL -> call(b, last, dirty);
      case FunctionGraph.ICALL -> indirectCall(b, last, dirty);
      case FunctionGraph.IJUMP -> indirectJump(b, last, dirty);
      case FunctionGraph.STOP -> stop(last, dirty);
      default -> throw new IllegalStateException("BUG: block kind " + g.kind[b]);
    }
  }

  private void depthPlusOne() {
    mv.visitVarInsn(ILOAD, DEPTH);
    mv.visitInsn(ICONST_1);
    mv.visitInsn(IADD);
  }

  /**
   * Control goes on at block {@code s} (-1: instruction index {@code outside}, past the end of
   * text, where the dispatcher faults); omits the jump into the next block.
   */
  private void goTo(int b, int s, int dirty, int outside) {
    if (s >= 0) {
      if (s != next) {
        mv.visitJumpInsn(GOTO, target(s));
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
      target = target(taken);
    } else {
      target = new Label();
      FaultCause cause = Code.imm(c) == Code.TARGET_MISALIGNED ? FaultCause.MISALIGNED_JUMP
          : FaultCause.JUMP_OUTSIDE_TEXT;
      int address = code.directTarget(k);
      stubs.add(() -> {
        mv.place(target);
        mv.fault(dirty, k, cause, address);
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
    mv.visitVarInsn(ALOAD, CTX);
    depthPlusOne();
    mv.visitInvokeDynamicInsn("call", CALL_DESC, BOOTSTRAP, g.callee[b]);
    afterCall(b, k);
  }

  /**
   * After the call at k returned its value: goes on at the return site when the callee returned
   * there, else returns the value to this function's caller.
   */
  private void afterCall(int b, int k) {
    mv.visitVarInsn(ISTORE, VALUE);
    mv.visitVarInsn(ILOAD, VALUE);
    mv.push(pcOf(k + 1));
    mv.visitJumpInsn(IF_ICMPNE, propagate);
    mv.visitVarInsn(ALOAD, CTX);
    mv.visitFieldInsn(GETFIELD, CONTEXT, "budget", "I");
    mv.visitVarInsn(ISTORE, BUDGET);
    mv.reload(flow.changedByCall(b) & g.used);
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
    stubs.add(() -> {
      mv.place(misaligned);
      mv.faultAtAddr(dirty, k, FaultCause.MISALIGNED_JUMP);
      mv.place(outside);
      mv.faultAtAddr(dirty, k, FaultCause.JUMP_OUTSIDE_TEXT);
    });
  }

  private void indirectCall(int b, int k, int dirty) {
    jumpTarget(k, dirty);
    link(k);
    mv.flush(dirty | Effects.defs(code.code()[k]));
    mv.saveBudget();
    mv.visitVarInsn(ALOAD, CTX);
    mv.visitVarInsn(ILOAD, ADDR);
    depthPlusOne();
    mv.visitInvokeDynamicInsn("icall", "(L" + CONTEXT + ";II)I", INDIRECT);
    afterCall(b, k);
  }

  private void indirectJump(int b, int k, int dirty) {
    jumpTarget(k, dirty);
    int[] succ = g.succ[b];
    Label out = new Label();
    if (succ.length > 0) {
      int[] keys = new int[succ.length];
      for (int i = 0; i < succ.length; i++) {
        keys[i] = pcOf(g.start[succ[i]]);
      }
      Integer[] byKey = new Integer[succ.length];
      for (int i = 0; i < byKey.length; i++) {
        byKey[i] = i;
      }
      java.util.Arrays.sort(byKey, (x, y) -> Integer.compare(keys[x], keys[y]));
      int[] sortedKeys = new int[succ.length];
      Label[] labels = new Label[succ.length];
      for (int i = 0; i < byKey.length; i++) {
        sortedKeys[i] = keys[byKey[i]];
        labels[i] = target(succ[byKey[i]]);
      }
      mv.visitVarInsn(ILOAD, ADDR);
      mv.visitLookupSwitchInsn(out, sortedKeys, labels);
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
      case EBREAK -> mv.fault(dirty, k, FaultCause.BREAKPOINT, pc);
      case JAL -> mv.fault(dirty, k, Code.imm(c) == Code.TARGET_MISALIGNED
          ? FaultCause.MISALIGNED_JUMP : FaultCause.JUMP_OUTSIDE_TEXT, code.directTarget(k));
      default -> mv.fault(dirty, k, FaultCause.ILLEGAL_INSTRUCTION, pc);
    }
  }
}
