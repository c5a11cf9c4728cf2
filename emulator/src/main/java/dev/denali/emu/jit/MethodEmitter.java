package dev.denali.emu.jit;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Writes the bytecode of one generated method: its fixed layout of locals, the stack map frames
 * (one and the same frame at every jump target, since every local has one type throughout and
 * the operand stack is empty at every label), and the small patterns every instruction uses.
 *
 * <p>Locals: {@code ctx} (the {@link JitContext}), {@code depth} (the JVM call depth of guest
 * calls), {@code entry} (where the method was asked to start), the VM's register array, memory
 * and the program's functions, the budget left, two temporaries, and one local
 * per guest register x1..x31.
 */
final class MethodEmitter extends MethodVisitor {
  static final int CTX = 0;
  static final int DEPTH = 1;
  /** The entry (body entry or resume point number) the method was called for. */
  static final int ENTRY = 2;
  static final int X = 3;
  static final int MEM = 4;
  static final int BUDGET = 5;
  /** Temporaries: an address, a value. */
  static final int ADDR = 6;
  static final int VALUE = 7;
  /** The program's functions (JitContext.functions), for guest calls. */
  static final int FUNCTIONS = 8;
  private static final int REG0 = 9;
  static final int LOCALS = REG0 + 32;

  static final String CONTEXT = Type.getInternalName(JitContext.class);
  static final String RUNTIME = Type.getInternalName(JitRuntime.class);
  static final String FUNCTION = Type.getInternalName(TranslatedFunction.class);

  private final Object[] frame;
  /** The method's first frame, a full one, is written (see {@link #frame}). */
  private boolean framed;
  /** An instruction was emitted since the last frame. */
  private boolean emitted = true;
  /** The last instruction emitted does not fall through (goto, return, switch, throw). */
  private boolean ended;

  /** @param used the guest registers the method keeps in locals (bit r for xr) */
  MethodEmitter(MethodVisitor out, int used) {
    super(ASM9, out);
    frame = new Object[LOCALS];
    frame[CTX] = CONTEXT;
    frame[DEPTH] = INTEGER;
    frame[ENTRY] = INTEGER;
    frame[X] = "[I";
    frame[MEM] = "[B";
    for (int s = BUDGET; s <= VALUE; s++) {
      frame[s] = INTEGER;
    }
    frame[FUNCTIONS] = "[L" + FUNCTION + ";";
    frame[REG0] = TOP;
    for (int r = 1; r < 32; r++) {
      frame[REG0 + r] = (used & (1 << r)) != 0 ? INTEGER : TOP;
    }
  }

  /** The local of guest register r (1..31). */
  static int slot(int r) {
    return REG0 + r;
  }

  /** Places a jump target: a label and, unless one is already at this offset, the frame. */
  void place(Label l) {
    visitLabel(l);
    if (emitted) {
      frame(null);
      emitted = false;
    }
    ended = false;
  }

  /** Places a jump target where one value of type {@code stackType} is on the stack. */
  void placeWithStack(Label l, Object stackType) {
    visitLabel(l);
    frame(stackType);
    emitted = false;
    ended = false;
  }

  /** Places the handler of a try block: the frame has the exception on the stack. */
  void placeHandler(Label l, String exception) {
    visitLabel(l);
    frame(exception);
    emitted = false;
    ended = false;
  }

  /**
   * Writes the frame at the current offset: the locals (always the same) and either an empty
   * stack ({@code stackType} null) or one value of that type. The first frame of the method is a
   * full one, every later one says "same locals" (the class file's compressed forms, which ASM
   * writes as given): converting the whole frame for each of thousands of jump targets was a
   * tenth of translation time.
   */
  private void frame(Object stackType) {
    Object[] stack = stackType == null ? new Object[0] : new Object[] {stackType};
    if (!framed) {
      super.visitFrame(F_FULL, LOCALS, frame, stack.length, stack);
      framed = true;
    } else if (stackType == null) {
      super.visitFrame(F_SAME, 0, null, 0, null);
    } else {
      super.visitFrame(F_SAME1, 0, null, 1, stack);
    }
  }

  /** Places a label that no jump targets (no frame). */
  void mark(Label l) {
    visitLabel(l);
  }

  private void emit(int opcode) {
    if (ended) {
      throw new IllegalStateException("BUG: code after a jump without a frame");
    }
    emitted = true;
    ended = opcode == GOTO || opcode == ATHROW || opcode >= IRETURN && opcode <= RETURN
        || opcode == TABLESWITCH || opcode == LOOKUPSWITCH;
  }

  @Override
  public void visitInsn(int opcode) {
    emit(opcode);
    super.visitInsn(opcode);
  }

  @Override
  public void visitIntInsn(int opcode, int operand) {
    emit(opcode);
    super.visitIntInsn(opcode, operand);
  }

  @Override
  public void visitVarInsn(int opcode, int var) {
    emit(opcode);
    super.visitVarInsn(opcode, var);
  }

  @Override
  public void visitTypeInsn(int opcode, String type) {
    emit(opcode);
    super.visitTypeInsn(opcode, type);
  }

  @Override
  public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
    emit(opcode);
    super.visitFieldInsn(opcode, owner, name, descriptor);
  }

  @Override
  public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
      boolean isInterface) {
    emit(opcode);
    super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
  }

  @Override
  public void visitInvokeDynamicInsn(String name, String descriptor,
      org.objectweb.asm.Handle bsm, Object... args) {
    emit(INVOKEDYNAMIC);
    super.visitInvokeDynamicInsn(name, descriptor, bsm, args);
  }

  @Override
  public void visitJumpInsn(int opcode, Label label) {
    emit(opcode);
    super.visitJumpInsn(opcode, label);
  }

  @Override
  public void visitLdcInsn(Object value) {
    emit(LDC);
    super.visitLdcInsn(value);
  }

  @Override
  public void visitIincInsn(int var, int increment) {
    emit(IINC);
    super.visitIincInsn(var, increment);
  }

  @Override
  public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
    emit(TABLESWITCH);
    super.visitTableSwitchInsn(min, max, dflt, labels);
  }

  @Override
  public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
    emit(LOOKUPSWITCH);
    super.visitLookupSwitchInsn(dflt, keys, labels);
  }

  // ------------------------------------------------------------------ patterns

  void push(int v) {
    if (v >= -1 && v <= 5) {
      visitInsn(ICONST_0 + v);
    } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
      visitIntInsn(BIPUSH, v);
    } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
      visitIntInsn(SIPUSH, v);
    } else {
      visitLdcInsn(v);
    }
  }

  /** Pushes guest register r (0 for x0). */
  void reg(int r) {
    if (r == 0 || r >= 32) {
      visitInsn(ICONST_0);
    } else {
      visitVarInsn(ILOAD, slot(r));
    }
  }

  /** Pops the int on the stack into guest register r (dropping it for x0 and the sink). */
  void setReg(int r) {
    if (r == 0 || r >= 32) {
      visitInsn(POP);
    } else {
      visitVarInsn(ISTORE, slot(r));
    }
  }

  /** Writes the locals of the registers in {@code mask} back to the VM's array. */
  void flush(int mask) {
    for (int r = 1; r < 32; r++) {
      if ((mask & (1 << r)) != 0) {
        visitVarInsn(ALOAD, X);
        push(r);
        visitVarInsn(ILOAD, slot(r));
        visitInsn(IASTORE);
      }
    }
  }

  /** Loads the locals of the registers in {@code mask} from the VM's array. */
  void reload(int mask) {
    for (int r = 1; r < 32; r++) {
      if ((mask & (1 << r)) != 0) {
        visitVarInsn(ALOAD, X);
        push(r);
        visitInsn(IALOAD);
        visitVarInsn(ISTORE, slot(r));
      }
    }
  }

  /** Sets the locals of the registers in {@code mask} to 0. */
  void zero(int mask) {
    for (int r = 1; r < 32; r++) {
      if ((mask & (1 << r)) != 0) {
        visitInsn(ICONST_0);
        visitVarInsn(ISTORE, slot(r));
      }
    }
  }

  /** Stores the budget local into the context (before a call or a way out). */
  void saveBudget() {
    visitVarInsn(ALOAD, CTX);
    visitVarInsn(ILOAD, BUDGET);
    visitFieldInsn(PUTFIELD, CONTEXT, "budget", "I");
  }

  /** Calls a JitRuntime method. */
  void runtime(String name, String descriptor) {
    visitMethodInsn(INVOKESTATIC, RUNTIME, name, descriptor, false);
  }

  /**
   * Leaves to the dispatcher: writes back {@code dirty}, and returns
   * {@code leave(ctx, budget, pc, stop)}.
   */
  void leave(int dirty, int pc, int stop) {
    flush(dirty);
    visitVarInsn(ALOAD, CTX);
    visitVarInsn(ILOAD, BUDGET);
    push(pc);
    push(stop);
    runtime("leave", "(L" + CONTEXT + ";III)I");
    visitInsn(IRETURN);
  }

}
