package dev.denali.emu.jit;

import static dev.denali.emu.jit.MethodEmitter.CONTEXT;
import static dev.denali.emu.jit.MethodEmitter.RUNTIME;
import static org.objectweb.asm.Opcodes.*;

import dev.denali.emu.Code;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Translates one guest function ({@link FunctionGraph}) into a class extending
 * {@link TranslatedFunction}: for each of its pieces ({@link Pieces}) a body method and a resume
 * method ({@link PiecePlan}, emitted by {@link PieceMethod}); the top piece's are {@code body}
 * and {@code resumeAt}. {@code body(ctx, depth, 0)} runs the function from its entry: guest
 * calls reach it through {@link TranslatedFunction#call}, a virtual call from the program's
 * function table that HotSpot inlines by type profile.
 *
 * <p>Blocks become labelled runs of bytecode; direct branches are JVM jumps; a block charges its
 * length to the budget when it begins, and checkpoints test the budget (see FunctionGraph).
 */
final class FunctionCompiler {
  static final String SUPER = Type.getInternalName(TranslatedFunction.class);
  /** The static final field that holds the program's read-only image (a constant to C2). */
  static final String READ_ONLY = "RO";
  /** The descriptor of every piece method: {@code (ctx, depth, entry) -> int}. */
  static final String PIECE_DESC = "(L" + CONTEXT + ";II)I";
  /** The body method of a piece other than the entry's is this and its root block's number. */
  static final String PIECE_PREFIX = "p";

  final Translation t;
  final Code code;
  final FunctionGraph g;
  final RegisterFlow flow;
  final Pieces pieces;
  final String name;
  final PiecePlan[] plans;

  FunctionCompiler(Translation t, FunctionGraph g, Pieces pieces, RegisterFlow flow,
      String name) {
    this.t = t;
    this.code = t.code;
    this.g = g;
    this.pieces = pieces;
    this.flow = flow;
    this.name = name;
    this.plans = new PiecePlan[pieces.roots.length];
    for (int i = 0; i < plans.length; i++) {
      plans[i] = new PiecePlan(g, pieces, i);
    }
  }

  int pcOf(int index) {
    return code.base() + 4 * index;
  }

  String methodName(int root, boolean resume) {
    if (root == g.entryBlock) {
      return resume ? "resumeAt" : "body";
    }
    return (resume ? "r" : PIECE_PREFIX) + root;
  }

  /**
   * How the dispatcher resumes at checkpoint block b: {@code {piece, point}}, where point is a
   * resume point number, or {@code ~entry} for an entry of the piece's body method.
   */
  int[] resumeAt(int b) {
    PiecePlan p = plans[indexOf(pieces.pieceOf[b])];
    int entry = p.bodyEntry(b);
    return new int[] {p.index, entry >= 0 ? ~entry : p.resumePoint(b)};
  }

  private int indexOf(int root) {
    for (int i = 0; i < pieces.roots.length; i++) {
      if (pieces.roots[i] == root) {
        return i;
      }
    }
    throw new IllegalStateException("BUG: no piece at block " + root);
  }

  byte[] compile() {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, name, null, SUPER, null);
    MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(ALOAD, 0);
    init.visitMethodInsn(INVOKESPECIAL, SUPER, "<init>", "()V", false);
    init.visitInsn(RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();
    readOnlyImage(cw);
    callBridge(cw);
    resumeBridge(cw);
    for (PiecePlan p : plans) {
      new PieceMethod(this, cw, p, false).emit();
      if (p.resumePoints.length > 0) {
        new PieceMethod(this, cw, p, true).emit();
      }
    }
    cw.visitEnd();
    return cw.toByteArray();
  }

  /**
   * The static final field {@link #READ_ONLY}, set from the class data (the program's read-only
   * image) when the class is initialised.
   */
  private void readOnlyImage(ClassWriter cw) {
    cw.visitField(ACC_STATIC | ACC_FINAL | ACC_PRIVATE, READ_ONLY, "[B", null, null).visitEnd();
    MethodVisitor m = cw.visitMethod(ACC_STATIC, "<clinit>", "()V", null, null);
    m.visitCode();
    // MethodHandles.classData(MethodHandles.lookup(), "_", Object.class), called directly: a
    // dynamic constant (the usual way) costs a bootstrap method call per class to resolve
    String handles = "java/lang/invoke/MethodHandles";
    String lookup = "java/lang/invoke/MethodHandles$Lookup";
    m.visitMethodInsn(INVOKESTATIC, handles, "lookup", "()L" + lookup + ";", false);
    m.visitLdcInsn("_");
    m.visitLdcInsn(Type.getType(Object.class));
    m.visitMethodInsn(INVOKESTATIC, handles, "classData", "(L" + lookup
        + ";Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/Object;", false);
    m.visitTypeInsn(CHECKCAST, "[B");
    m.visitFieldInsn(PUTSTATIC, name, READ_ONLY, "[B");
    m.visitInsn(RETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
  }

  /** {@code call(ctx, depth)}: calls {@code body(ctx, depth, 0)}. */
  private void callBridge(ClassWriter cw) {
    MethodVisitor m = cw.visitMethod(ACC_PUBLIC | ACC_FINAL, "call", "(L" + CONTEXT + ";I)I",
        null, null);
    m.visitCode();
    m.visitVarInsn(ALOAD, 1);
    m.visitVarInsn(ILOAD, 2);
    m.visitInsn(ICONST_0);
    m.visitMethodInsn(INVOKESTATIC, name, "body", PIECE_DESC, false);
    m.visitInsn(IRETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
  }

  /**
   * {@code resume(ctx, piece, point)}: enters piece number {@code piece} at a resume point
   * (point >= 0) or body entry ({@code ~entry}) at JVM call depth 0; a block it leaves to in
   * another piece is left to the dispatcher, which resumes there.
   */
  private void resumeBridge(ClassWriter cw) {
    MethodVisitor m = cw.visitMethod(ACC_PUBLIC | ACC_FINAL, "resume",
        "(L" + CONTEXT + ";II)I", null, null);
    m.visitCode();
    Object[] locals = {name, CONTEXT, INTEGER, INTEGER};
    Label[] cases = new Label[plans.length];
    for (int i = 0; i < cases.length; i++) {
      cases[i] = new Label();
    }
    Label bad = new Label();
    m.visitVarInsn(ILOAD, 2);
    m.visitTableSwitchInsn(0, cases.length - 1, bad, cases);
    for (int i = 0; i < cases.length; i++) {
      m.visitLabel(cases[i]);
      m.visitFrame(F_NEW, 4, locals, 0, new Object[0]);
      Label toBody = new Label();
      m.visitVarInsn(ALOAD, 1);
      m.visitVarInsn(ALOAD, 1);
      m.visitInsn(ICONST_0);
      if (plans[i].resumePoints.length > 0) {
        m.visitVarInsn(ILOAD, 3);
        m.visitJumpInsn(IFLT, toBody);
        m.visitVarInsn(ILOAD, 3);
        m.visitMethodInsn(INVOKESTATIC, name, methodName(plans[i].root, true), PIECE_DESC,
            false);
        m.visitMethodInsn(INVOKESTATIC, RUNTIME, "afterResume", "(L" + CONTEXT + ";I)I",
            false);
        m.visitInsn(IRETURN);
        m.visitLabel(toBody);
        m.visitFrame(F_NEW, 4, locals, 3, new Object[] {CONTEXT, CONTEXT, INTEGER});
      }
      m.visitVarInsn(ILOAD, 3);
      m.visitInsn(ICONST_M1);
      m.visitInsn(IXOR);
      m.visitMethodInsn(INVOKESTATIC, name, methodName(plans[i].root, false), PIECE_DESC,
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
}
