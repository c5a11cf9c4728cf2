package dev.denali.emu.jit;

import static dev.denali.isa.OpcodeIds.*;
import static org.objectweb.asm.Opcodes.*;

import dev.denali.emu.Code;
import dev.denali.emu.FaultCause;
import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Translates one region (a run of whole basic blocks, {@code [start, end)} instruction indexes)
 * into a class extending {@link Region}. Guest registers live in JVM locals inside the region
 * and are written back at its exits; direct branches inside it are JVM jumps; each block charges
 * its length to the budget when entered (a back edge re-enters a block, so loops are preempted);
 * loads and stores inside the VM's writable memory are inline array accesses, everything else a
 * call to the VM's slow path. Semantics follow the interpreter exactly (see the ISA manual).
 *
 * <p>This file is longer than 500 lines would allow only because it has one emitter case per
 * instruction, as the interpreter's switch does.
 */
final class RegionCompiler {
  private static final String VM = "dev/denali/emu/Vm";
  private static final String REGION = Type.getInternalName(Region.class);
  private static final String FRAME = Type.getInternalName(JitFrame.class);
  private static final String SUPPORT = Type.getInternalName(JitSupport.class);
  private static final String ALU = "dev/denali/emu/Alu";
  private static final String CAUSE = Type.getInternalName(FaultCause.class);
  private static final String FAULT = "dev/denali/emu/GuestFault";
  private static final String VH = "java/lang/invoke/VarHandle";
  private static final int MIN = Integer.MIN_VALUE;

  // local variable slots
  private static final int VM_SLOT = 1;
  private static final int ENTRY = 2;
  private static final int FRAME_SLOT = 3;
  private static final int X = 4;
  private static final int MEM = 5;
  private static final int WB = 6;
  private static final int LIM4 = 7;
  private static final int LIM2 = 8;
  private static final int LIM1 = 9;
  private static final int BUDGET = 10; // long
  private static final int ENTRY_BUDGET = 12; // long
  private static final int NEXT = 14;
  private static final int CUR = 15;
  private static final int STATUS = 16;
  private static final int TMP = 17;
  private static final int TMP2 = 18;
  private static final int REG0 = 18; // register r lives in slot REG0 + r, r = 1..31

  private final Code code;
  private final long[] ops;
  private final int[] runLength;
  private final int start;
  private final int end;
  private final String className;
  private final boolean[] used = new boolean[33];
  private final Map<Integer, Label> blockLabels = new HashMap<>();
  private MethodVisitor mv;
  private Label exit;
  private Label dispatch;

  RegionCompiler(Code code, int start, int end, String className) {
    this.code = code;
    this.ops = code.code();
    this.runLength = code.runLength();
    this.start = start;
    this.end = end;
    this.className = className;
  }

  /** The class file of the region. */
  byte[] compile() {
    for (int k = start; k < end; k++) {
      long c = ops[k];
      used[Code.rs1(c)] = true;
      used[Code.rs2(c)] = true;
      used[Code.rd(c)] = true;
      if (code.isLeader(k)) {
        blockLabels.put(k, new Label());
      }
    }
    used[0] = false;
    used[Code.SINK] = false;
    used[10] = true; // ecall results land in a0
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
      @Override
      protected String getCommonSuperClass(String a, String b) {
        return "java/lang/Object";
      }
    };
    cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, className, null, REGION, null);
    MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(ALOAD, 0);
    init.visitMethodInsn(INVOKESPECIAL, REGION, "<init>", "()V", false);
    init.visitInsn(RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();
    mv = cw.visitMethod(ACC_PUBLIC, "run", "(L" + VM + ";IL" + FRAME + ";)J", null, null);
    mv.visitCode();
    emitBody();
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }

  private void emitBody() {
    exit = new Label();
    dispatch = new Label();
    Label tryStart = new Label();
    Label tryEnd = new Label();
    Label handler = new Label();
    mv.visitTryCatchBlock(tryStart, tryEnd, handler, FAULT);
    prologue();
    mv.visitLabel(tryStart);
    mv.visitLabel(dispatch);
    emitDispatchSwitch();
    for (int k = start; k < end; ) {
      int len = runLength[k];
      emitBlock(k, len);
      k += len;
    }
    mv.visitLabel(tryEnd);
    // fault handler: the throwing site stored its index in CUR
    mv.visitLabel(handler);
    mv.visitInsn(POP);
    mv.visitVarInsn(LLOAD, BUDGET);
    mv.visitVarInsn(ALOAD, VM_SLOT);
    mv.visitVarInsn(ILOAD, CUR);
    mv.visitMethodInsn(INVOKESTATIC, SUPPORT, "fault", "(L" + VM + ";I)J", false);
    mv.visitInsn(LADD);
    mv.visitVarInsn(LSTORE, BUDGET);
    setExit(Region.FAULTED);
    mv.visitVarInsn(ILOAD, CUR);
    mv.visitVarInsn(ISTORE, NEXT);
    mv.visitJumpInsn(GOTO, exit);
    emitExit();
  }

  private void prologue() {
    mv.visitVarInsn(ALOAD, VM_SLOT);
    mv.visitFieldInsn(GETFIELD, VM, "x", "[I");
    mv.visitVarInsn(ASTORE, X);
    mv.visitVarInsn(ALOAD, VM_SLOT);
    mv.visitFieldInsn(GETFIELD, VM, "mem", "[B");
    mv.visitVarInsn(ASTORE, MEM);
    mv.visitVarInsn(ALOAD, VM_SLOT);
    mv.visitFieldInsn(GETFIELD, VM, "writableBase", "I");
    mv.visitVarInsn(ISTORE, WB);
    int[][] limits = {{LIM4, 3}, {LIM2, 1}, {LIM1, 0}};
    for (int[] l : limits) { // biased for unsigned compare: (length - (size-1)) + MIN
      mv.visitVarInsn(ALOAD, MEM);
      mv.visitInsn(ARRAYLENGTH);
      push(MIN - l[1]);
      mv.visitInsn(IADD);
      mv.visitVarInsn(ISTORE, l[0]);
    }
    mv.visitVarInsn(ALOAD, FRAME_SLOT);
    mv.visitFieldInsn(GETFIELD, FRAME, "budget", "J");
    mv.visitInsn(DUP2);
    mv.visitVarInsn(LSTORE, BUDGET);
    mv.visitVarInsn(LSTORE, ENTRY_BUDGET);
    for (int slot : new int[] {NEXT, CUR, STATUS, TMP}) {
      mv.visitInsn(ICONST_0);
      mv.visitVarInsn(ISTORE, slot);
    }
    for (int r = 1; r < 32; r++) {
      if (used[r]) {
        mv.visitVarInsn(ALOAD, X);
        push(r);
        mv.visitInsn(IALOAD);
        mv.visitVarInsn(ISTORE, REG0 + r);
      }
    }
  }

  /** Jumps to the block labelled by local ENTRY, or leaves the region when it has none. */
  private void emitDispatchSwitch() {
    Label leave = new Label();
    int n = blockLabels.size();
    int[] keys = new int[n];
    Label[] labels = new Label[n];
    int i = 0;
    for (int k = start; k < end; k++) {
      Label l = blockLabels.get(k);
      if (l != null) {
        keys[i] = k;
        labels[i++] = l;
      }
    }
    mv.visitVarInsn(ILOAD, ENTRY);
    mv.visitLookupSwitchInsn(leave, keys, labels);
    mv.visitLabel(leave);
    mv.visitVarInsn(ILOAD, ENTRY);
    mv.visitVarInsn(ISTORE, NEXT);
    setExit(Region.CONTINUE);
    mv.visitJumpInsn(GOTO, exit);
  }

  private void emitBlock(int first, int len) {
    mv.visitLabel(blockLabels.get(first));
    Label enough = new Label();
    mv.visitVarInsn(LLOAD, BUDGET);
    mv.visitLdcInsn((long) len);
    mv.visitInsn(LCMP);
    mv.visitJumpInsn(IFGE, enough);
    push(first);
    mv.visitVarInsn(ISTORE, NEXT);
    setExit(Region.SHORT);
    mv.visitJumpInsn(GOTO, exit);
    mv.visitLabel(enough);
    mv.visitVarInsn(LLOAD, BUDGET);
    mv.visitLdcInsn((long) len);
    mv.visitInsn(LSUB);
    mv.visitVarInsn(LSTORE, BUDGET);
    boolean fallsThrough = true;
    for (int k = first; k < first + len; k++) {
      fallsThrough = emitInstruction(k);
    }
    if (fallsThrough) {
      int next = first + len;
      if (next < end) {
        mv.visitJumpInsn(GOTO, blockLabels.get(next));
      } else {
        leaveTo(next);
      }
    }
  }

  /** Emits instruction k; returns false when control never falls through to k + 1. */
  private boolean emitInstruction(int k) {
    long c = ops[k];
    int op = Code.op(c);
    int rd = Code.rd(c);
    int rs1 = Code.rs1(c);
    int rs2 = Code.rs2(c);
    int imm = Code.imm(c);
    int pc = code.base() + 4 * k;
    switch (op) {
      case LUI -> constant(rd, imm << 12);
      case AUIPC -> constant(rd, pc + (imm << 12));
      case JAL -> {
        if (imm >= 0) { // a jal that faults does not write rd
          constant(rd, pc + 4);
        }
        jumpTo(k, imm);
        return false;
      }
      case JALR -> {
        int known = code.isLeader(k) ? Code.NO_TARGET : code.pairTarget(k);
        int t = known == Code.NO_TARGET ? Code.TARGET_OUTSIDE : code.targetIndex(known);
        if (t >= 0) { // call or tail to a known place: a direct jump, no dispatch
          constant(rd, pc + 4);
          jumpTo(k, t);
        } else {
          jalr(k, rd, rs1, imm, pc);
        }
        return false;
      }
      case BEQ -> branch(k, rs1, rs2, imm, IF_ICMPEQ, false);
      case BNE -> branch(k, rs1, rs2, imm, IF_ICMPNE, false);
      case BLT -> branch(k, rs1, rs2, imm, IF_ICMPLT, false);
      case BGE -> branch(k, rs1, rs2, imm, IF_ICMPGE, false);
      case BLTU -> branch(k, rs1, rs2, imm, IF_ICMPLT, true);
      case BGEU -> branch(k, rs1, rs2, imm, IF_ICMPGE, true);
      case LB -> load(k, rd, rs1, imm, 1, true);
      case LH -> load(k, rd, rs1, imm, 2, true);
      case LW -> load(k, rd, rs1, imm, 4, true);
      case LBU -> load(k, rd, rs1, imm, 1, false);
      case LHU -> load(k, rd, rs1, imm, 2, false);
      case SB -> store(k, rs1, rs2, imm, 1);
      case SH -> store(k, rs1, rs2, imm, 2);
      case SW -> store(k, rs1, rs2, imm, 4);
      case ADDI -> binaryImm(rd, rs1, imm, IADD);
      case XORI -> binaryImm(rd, rs1, imm, IXOR);
      case ORI -> binaryImm(rd, rs1, imm, IOR);
      case ANDI -> binaryImm(rd, rs1, imm, IAND);
      case SLLI -> binaryImm(rd, rs1, imm, ISHL);
      case SRLI -> binaryImm(rd, rs1, imm, IUSHR);
      case SRAI -> binaryImm(rd, rs1, imm, ISHR);
      case SLTI -> {
        reg(rs1);
        push(imm);
        compareBit("compare");
        store(rd);
      }
      case SLTIU -> {
        reg(rs1);
        push(imm);
        compareBit("compareUnsigned");
        store(rd);
      }
      case ADD -> binary(rd, rs1, rs2, IADD);
      case SUB -> binary(rd, rs1, rs2, ISUB);
      case SLL -> binary(rd, rs1, rs2, ISHL);
      case SRL -> binary(rd, rs1, rs2, IUSHR);
      case SRA -> binary(rd, rs1, rs2, ISHR);
      case XOR -> binary(rd, rs1, rs2, IXOR);
      case OR -> binary(rd, rs1, rs2, IOR);
      case AND -> binary(rd, rs1, rs2, IAND);
      case MUL -> binary(rd, rs1, rs2, IMUL);
      case SLT -> {
        reg(rs1);
        reg(rs2);
        compareBit("compare");
        store(rd);
      }
      case SLTU -> {
        reg(rs1);
        reg(rs2);
        compareBit("compareUnsigned");
        store(rd);
      }
      case MULH -> alu(rd, rs1, rs2, "mulh");
      case MULHSU -> alu(rd, rs1, rs2, "mulhsu");
      case MULHU -> alu(rd, rs1, rs2, "mulhu");
      case DIV -> alu(rd, rs1, rs2, "div");
      case DIVU -> alu(rd, rs1, rs2, "divu");
      case REM -> alu(rd, rs1, rs2, "rem");
      case REMU -> alu(rd, rs1, rs2, "remu");
      case FENCE -> { }
      case CSRRS -> csr(k, rd, imm);
      case ECALL -> ecall(k, pc);
      case EBREAK -> {
        fault(k, FaultCause.BREAKPOINT, () -> push(pc));
        return false;
      }
      case D_IRET -> {
        iret(k, pc);
        return false;
      }
      case D_EXIT, D_IDLE, D_CONSOLE_WRITE, D_CLOCK_READ, D_NET_SEND, D_NET_RECV, D_DISK_READ,
          D_DISK_WRITE, D_DISK_FLUSH -> denali(k, op, rd, rs1, rs2, pc);
      default -> {
        fault(k, FaultCause.ILLEGAL_INSTRUCTION, () -> push(pc));
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ registers and values

  private void reg(int r) {
    if (r == 0) {
      mv.visitInsn(ICONST_0);
    } else {
      mv.visitVarInsn(ILOAD, REG0 + r);
    }
  }

  /** Stores the int on the stack into register rd (dropping it for x0). */
  private void store(int rd) {
    if (rd == 0 || rd == Code.SINK) {
      mv.visitInsn(POP);
    } else {
      mv.visitVarInsn(ISTORE, REG0 + rd);
    }
  }

  private void constant(int rd, int value) {
    if (rd != 0 && rd != Code.SINK) {
      push(value);
      mv.visitVarInsn(ISTORE, REG0 + rd);
    }
  }

  private void push(int v) {
    if (v >= -1 && v <= 5) {
      mv.visitInsn(ICONST_0 + v);
    } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
      mv.visitIntInsn(BIPUSH, v);
    } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
      mv.visitIntInsn(SIPUSH, v);
    } else {
      mv.visitLdcInsn(v);
    }
  }

  private void binary(int rd, int rs1, int rs2, int insn) {
    reg(rs1);
    reg(rs2);
    mv.visitInsn(insn);
    store(rd);
  }

  private void binaryImm(int rd, int rs1, int imm, int insn) {
    reg(rs1);
    push(imm);
    mv.visitInsn(insn);
    store(rd);
  }

  private void alu(int rd, int rs1, int rs2, String method) {
    reg(rs1);
    reg(rs2);
    mv.visitMethodInsn(INVOKESTATIC, ALU, method, "(II)I", false);
    store(rd);
  }

  /** (a < b) ? 1 : 0 from Integer.compare or compareUnsigned, which return -1, 0 or 1. */
  private void compareBit(String method) {
    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", method, "(II)I", false);
    mv.visitInsn(ICONST_M1);
    Label no = new Label();
    Label done = new Label();
    mv.visitJumpInsn(IF_ICMPNE, no);
    mv.visitInsn(ICONST_1);
    mv.visitJumpInsn(GOTO, done);
    mv.visitLabel(no);
    mv.visitInsn(ICONST_0);
    mv.visitLabel(done);
  }

  private void storeAll() {
    for (int r = 1; r < 32; r++) {
      if (used[r]) {
        mv.visitVarInsn(ALOAD, X);
        push(r);
        mv.visitVarInsn(ILOAD, REG0 + r);
        mv.visitInsn(IASTORE);
      }
    }
  }

  private void reload(int r) {
    if (r > 0 && r < 32 && used[r]) {
      mv.visitVarInsn(ALOAD, X);
      push(r);
      mv.visitInsn(IALOAD);
      mv.visitVarInsn(ISTORE, REG0 + r);
    }
  }

  // ------------------------------------------------------------------ control

  private void setExit(int status) {
    push(status);
    mv.visitVarInsn(ISTORE, STATUS);
  }

  /** Leaves the region to continue at instruction index {@code next}. */
  private void leaveTo(int next) {
    push(next);
    mv.visitVarInsn(ISTORE, NEXT);
    setExit(Region.CONTINUE);
    mv.visitJumpInsn(GOTO, exit);
  }

  /** Control goes to target index t (a pre-decoded target: an index or a TARGET_ sentinel). */
  private void jumpTo(int k, int t) {
    if (t < 0) {
      int target = code.directTarget(k);
      fault(k, t == Code.TARGET_MISALIGNED ? FaultCause.MISALIGNED_JUMP
          : FaultCause.JUMP_OUTSIDE_TEXT, () -> push(target));
    } else if (blockLabels.containsKey(t)) {
      mv.visitJumpInsn(GOTO, blockLabels.get(t));
    } else {
      leaveTo(t);
    }
  }

  private void branch(int k, int rs1, int rs2, int t, int cmp, boolean unsigned) {
    reg(rs1);
    if (unsigned) {
      push(MIN);
      mv.visitInsn(IADD);
    }
    reg(rs2);
    if (unsigned) {
      push(MIN);
      mv.visitInsn(IADD);
    }
    Label notTaken = new Label();
    mv.visitJumpInsn(invert(cmp), notTaken);
    jumpTo(k, t);
    mv.visitLabel(notTaken);
  }

  private static int invert(int cmp) {
    return switch (cmp) {
      case IF_ICMPEQ -> IF_ICMPNE;
      case IF_ICMPNE -> IF_ICMPEQ;
      case IF_ICMPLT -> IF_ICMPGE;
      case IF_ICMPGE -> IF_ICMPLT;
      default -> throw new IllegalStateException("BUG: compare " + cmp);
    };
  }

  private void jalr(int k, int rd, int rs1, int imm, int pc) {
    reg(rs1);
    push(imm);
    mv.visitInsn(IADD);
    push(~1);
    mv.visitInsn(IAND);
    mv.visitVarInsn(ISTORE, TMP);
    continueAtAddressIn(k, () -> constant(rd, pc + 4)); // rd is written only if no fault
  }

  /**
   * Goes to the guest address in TMP through the dispatch switch, checking it first;
   * {@code thenBefore} runs once the target is known to be good.
   */
  private void continueAtAddressIn(int k, Runnable thenBefore) {
    mv.visitVarInsn(ILOAD, TMP);
    push(code.base());
    mv.visitInsn(ISUB);
    mv.visitVarInsn(ISTORE, TMP2);
    Label misaligned = new Label();
    Label outside = new Label();
    mv.visitVarInsn(ILOAD, TMP2);
    mv.visitInsn(ICONST_3);
    mv.visitInsn(IAND);
    mv.visitJumpInsn(IFNE, misaligned);
    mv.visitVarInsn(ILOAD, TMP2);
    push(MIN);
    mv.visitInsn(IADD);
    push(4 * code.length() + MIN);
    mv.visitJumpInsn(IF_ICMPGE, outside);
    thenBefore.run();
    mv.visitVarInsn(ILOAD, TMP2);
    mv.visitInsn(ICONST_2);
    mv.visitInsn(ISHR);
    mv.visitVarInsn(ISTORE, ENTRY);
    mv.visitJumpInsn(GOTO, dispatch);
    mv.visitLabel(misaligned);
    fault(k, FaultCause.MISALIGNED_JUMP, () -> mv.visitVarInsn(ILOAD, TMP));
    mv.visitLabel(outside);
    fault(k, FaultCause.JUMP_OUTSIDE_TEXT, () -> mv.visitVarInsn(ILOAD, TMP));
  }

  /** Throws the VM's fault signal for instruction k; pushAddress pushes the fault address. */
  private void fault(int k, FaultCause cause, Runnable pushAddress) {
    push(k);
    mv.visitVarInsn(ISTORE, CUR);
    mv.visitVarInsn(ALOAD, VM_SLOT);
    mv.visitFieldInsn(GETSTATIC, CAUSE, cause.name(), "L" + CAUSE + ";");
    pushAddress.run();
    mv.visitMethodInsn(INVOKEVIRTUAL, VM, "faultSignal", "(L" + CAUSE + ";I)L" + FAULT + ";",
        false);
    mv.visitInsn(ATHROW);
  }

  // ------------------------------------------------------------------ memory

  private static final String[] LOAD_DESC = {null, "([BI)B", "([BI)S", null, "([BI)I"};

  private void address(int rs1, int imm) {
    reg(rs1);
    push(imm);
    mv.visitInsn(IADD);
    mv.visitVarInsn(ILOAD, WB);
    mv.visitInsn(ISUB);
    mv.visitVarInsn(ISTORE, TMP);
  }

  /** Jumps to slow unless 0 <= TMP <= mem.length - size (one biased signed compare). */
  private void boundsCheck(int size, Label slow) {
    mv.visitVarInsn(ILOAD, TMP);
    push(MIN);
    mv.visitInsn(IADD);
    mv.visitVarInsn(ILOAD, size == 4 ? LIM4 : size == 2 ? LIM2 : LIM1);
    mv.visitJumpInsn(IF_ICMPGE, slow);
  }

  /**
   * Starts a call to the VM's load or store slow path for instruction k: records k for the
   * fault handler, pushes the VM, the guest address (TMP + writable base) and the size.
   */
  private void slowPathCall(int k, int size) {
    push(k);
    mv.visitVarInsn(ISTORE, CUR);
    mv.visitVarInsn(ALOAD, VM_SLOT);
    mv.visitVarInsn(ILOAD, TMP);
    mv.visitVarInsn(ILOAD, WB);
    mv.visitInsn(IADD);
    push(size);
  }

  private void load(int k, int rd, int rs1, int imm, int size, boolean signed) {
    address(rs1, imm);
    Label slow = new Label();
    Label done = new Label();
    boundsCheck(size, slow);
    if (size == 1) {
      mv.visitVarInsn(ALOAD, MEM);
      mv.visitVarInsn(ILOAD, TMP);
      mv.visitInsn(BALOAD);
    } else {
      mv.visitFieldInsn(GETSTATIC, SUPPORT, size == 4 ? "INT" : "SHORT",
          "Ljava/lang/invoke/VarHandle;");
      mv.visitVarInsn(ALOAD, MEM);
      mv.visitVarInsn(ILOAD, TMP);
      mv.visitMethodInsn(INVOKEVIRTUAL, VH, "get", size == 4 ? "([BI)I" : "([BI)S", false);
    }
    if (!signed) {
      push(size == 1 ? 0xFF : 0xFFFF);
      mv.visitInsn(IAND);
    }
    mv.visitJumpInsn(GOTO, done);
    mv.visitLabel(slow);
    slowPathCall(k, size);
    mv.visitInsn(signed ? ICONST_1 : ICONST_0);
    mv.visitMethodInsn(INVOKEVIRTUAL, VM, "load", "(IIZ)I", false);
    mv.visitLabel(done);
    store(rd);
  }

  private void store(int k, int rs1, int rs2, int imm, int size) {
    address(rs1, imm);
    Label slow = new Label();
    Label done = new Label();
    boundsCheck(size, slow);
    if (size == 1) {
      mv.visitVarInsn(ALOAD, MEM);
      mv.visitVarInsn(ILOAD, TMP);
      reg(rs2);
      mv.visitInsn(BASTORE);
    } else {
      mv.visitFieldInsn(GETSTATIC, SUPPORT, size == 4 ? "INT" : "SHORT",
          "Ljava/lang/invoke/VarHandle;");
      mv.visitVarInsn(ALOAD, MEM);
      mv.visitVarInsn(ILOAD, TMP);
      reg(rs2);
      if (size == 2) {
        mv.visitInsn(I2S);
      }
      mv.visitMethodInsn(INVOKEVIRTUAL, VH, "set", size == 4 ? "([BII)V" : "([BIS)V", false);
    }
    mv.visitJumpInsn(GOTO, done);
    mv.visitLabel(slow);
    slowPathCall(k, size);
    reg(rs2);
    mv.visitMethodInsn(INVOKEVIRTUAL, VM, "store", "(III)V", false);
    mv.visitLabel(done);
  }

  // ------------------------------------------------------------------ system

  /** The exact retired count before instruction k: vm.retired + charged - (rest of block). */
  private void instretBefore(int k) {
    mv.visitVarInsn(ALOAD, VM_SLOT);
    mv.visitFieldInsn(GETFIELD, VM, "retired", "J");
    mv.visitVarInsn(LLOAD, ENTRY_BUDGET);
    mv.visitInsn(LADD);
    mv.visitVarInsn(LLOAD, BUDGET);
    mv.visitInsn(LSUB);
    mv.visitLdcInsn((long) runLength[k]);
    mv.visitInsn(LSUB);
  }

  private void csr(int k, int rd, int number) {
    mv.visitVarInsn(ALOAD, VM_SLOT);
    push(number);
    instretBefore(k);
    mv.visitMethodInsn(INVOKEVIRTUAL, VM, "csr", "(IJ)I", false);
    store(rd);
  }

  /** Stops after instruction k retired: un-charges the rest of the block, pc = next. */
  private void stopAfter(int k, int pc) {
    mv.visitVarInsn(LLOAD, BUDGET);
    mv.visitLdcInsn((long) (runLength[k] - 1));
    mv.visitInsn(LADD);
    mv.visitVarInsn(LSTORE, BUDGET);
    mv.visitVarInsn(ALOAD, VM_SLOT);
    push(pc + 4);
    mv.visitFieldInsn(PUTFIELD, VM, "pc", "I");
    push(k + 1);
    mv.visitVarInsn(ISTORE, NEXT);
  }

  private void ecall(int k, int pc) {
    storeAll();
    mv.visitVarInsn(ALOAD, VM_SLOT);
    mv.visitMethodInsn(INVOKEVIRTUAL, VM, "ecall", "()Z", false);
    Label goOn = new Label();
    mv.visitJumpInsn(IFEQ, goOn);
    stopAfter(k, pc);
    setExit(Region.EXITED);
    mv.visitJumpInsn(GOTO, exit);
    mv.visitLabel(goOn);
    reload(10);
  }

  private void denali(int k, int op, int rd, int rs1, int rs2, int pc) {
    storeAll();
    mv.visitVarInsn(ALOAD, VM_SLOT);
    push(op);
    push(rd);
    push(rs1);
    push(rs2);
    mv.visitMethodInsn(INVOKEVIRTUAL, VM, "denali", "(IIII)Z", false);
    Label goOn = new Label();
    mv.visitJumpInsn(IFEQ, goOn);
    stopAfter(k, pc);
    Label idle = new Label();
    Label set = new Label();
    mv.visitVarInsn(ALOAD, VM_SLOT);
    mv.visitMethodInsn(INVOKEVIRTUAL, VM, "exited", "()Z", false);
    mv.visitJumpInsn(IFEQ, idle);
    push(Region.EXITED);
    mv.visitJumpInsn(GOTO, set);
    mv.visitLabel(idle);
    push(Region.IDLE);
    mv.visitLabel(set);
    mv.visitVarInsn(ISTORE, STATUS);
    mv.visitJumpInsn(GOTO, exit);
    mv.visitLabel(goOn);
    reload(rd);
  }

  private void iret(int k, int pc) {
    storeAll();
    mv.visitVarInsn(ALOAD, VM_SLOT);
    mv.visitMethodInsn(INVOKEVIRTUAL, VM, "iret", "()Z", false);
    Label ok = new Label();
    mv.visitJumpInsn(IFNE, ok);
    fault(k, FaultCause.ILLEGAL_INSTRUCTION, () -> push(pc));
    mv.visitLabel(ok);
    // d.iret completes; like the interpreter, only a misaligned saved pc faults here, and a pc
    // outside text faults at that pc, when the dispatcher fetches from it
    mv.visitVarInsn(ALOAD, VM_SLOT);
    mv.visitFieldInsn(GETFIELD, VM, "pc", "I");
    push(code.base());
    mv.visitInsn(ISUB);
    mv.visitVarInsn(ISTORE, TMP2);
    Label misaligned = new Label();
    mv.visitVarInsn(ILOAD, TMP2);
    mv.visitInsn(ICONST_3);
    mv.visitInsn(IAND);
    mv.visitJumpInsn(IFNE, misaligned);
    mv.visitVarInsn(ILOAD, TMP2);
    mv.visitInsn(ICONST_2);
    mv.visitInsn(ISHR);
    mv.visitVarInsn(ISTORE, ENTRY);
    mv.visitJumpInsn(GOTO, dispatch);
    mv.visitLabel(misaligned);
    fault(k, FaultCause.MISALIGNED_JUMP, () -> {
      mv.visitVarInsn(ALOAD, VM_SLOT);
      mv.visitFieldInsn(GETFIELD, VM, "pc", "I");
    });
  }

  /** Writes the registers and budget back and returns status << 32 | next. */
  private void emitExit() {
    mv.visitLabel(exit);
    storeAll();
    mv.visitVarInsn(ALOAD, FRAME_SLOT);
    mv.visitVarInsn(LLOAD, BUDGET);
    mv.visitFieldInsn(PUTFIELD, FRAME, "budget", "J");
    mv.visitVarInsn(ALOAD, VM_SLOT);
    mv.visitInsn(DUP);
    mv.visitFieldInsn(GETFIELD, VM, "retired", "J");
    mv.visitVarInsn(LLOAD, ENTRY_BUDGET);
    mv.visitVarInsn(LLOAD, BUDGET);
    mv.visitInsn(LSUB);
    mv.visitInsn(LADD);
    mv.visitFieldInsn(PUTFIELD, VM, "retired", "J");
    mv.visitVarInsn(ILOAD, STATUS);
    mv.visitInsn(I2L);
    mv.visitIntInsn(BIPUSH, 32);
    mv.visitInsn(LSHL);
    mv.visitVarInsn(ILOAD, NEXT);
    mv.visitInsn(I2L);
    mv.visitLdcInsn(0xFFFF_FFFFL);
    mv.visitInsn(LAND);
    mv.visitInsn(LOR);
    mv.visitInsn(LRETURN);
  }
}
