package dev.denali.emu.jit;

import static dev.denali.emu.jit.MethodEmitter.*;
import static dev.denali.isa.OpcodeIds.*;
import static org.objectweb.asm.Opcodes.*;

import dev.denali.emu.Code;
import org.objectweb.asm.Label;

/**
 * Emits the instructions that do not end a block: arithmetic, loads and stores, counters,
 * {@code ecall} and the Denali instructions, with the semantics of the interpreter (see the ISA
 * manual). Guest registers are JVM locals; writes to x0 are dropped (a load to x0 still
 * accesses memory, so that it faults where the interpreter does).
 *
 * <p>Memory: writable memory is accessed inline after one unsigned bounds check, read-only data
 * (text, constants) after another; anything else (the virtual-register page, an access that
 * straddles two areas, a fault) calls the VM's slow path through {@link JitRuntime}.
 */
final class InstructionEmitter {
  private static final String VM = "dev/denali/emu/Vm";
  private static final String ALU = "dev/denali/emu/Alu";
  private static final String VH = "java/lang/invoke/VarHandle";
  private static final int MIN = Integer.MIN_VALUE;

  private final MethodEmitter mv;
  private final Code code;
  private final int writableBase;
  private final int readOnlyBase;
  private final int readOnlyLength;
  private final String owner;
  private final FaultExits faults;

  /** Labels of the shared ways out after a slow path recorded a fault, per dirty set. */
  interface FaultExits {
    Label forDirty(int dirty);
  }

  InstructionEmitter(MethodEmitter mv, Code code, int writableBase, int readOnlyBase,
      int readOnlyLength, String owner, FaultExits faults) {
    this.mv = mv;
    this.code = code;
    this.writableBase = writableBase;
    this.readOnlyBase = readOnlyBase;
    this.readOnlyLength = readOnlyLength;
    this.owner = owner;
    this.faults = faults;
  }

  /**
   * Emits instruction k (not a control transfer), with {@code dirty} the registers not yet
   * written back before it and {@code used} those the method keeps in locals.
   */
  void emit(int k, int dirty, int used) {
    long c = code.code()[k];
    int op = Code.op(c);
    int rd = Code.rd(c);
    int rs1 = Code.rs1(c);
    int rs2 = Code.rs2(c);
    int imm = Code.imm(c);
    int pc = code.base() + 4 * k;
    boolean sink = rd == 0 || rd == Code.SINK;
    switch (op) {
      case LUI -> constant(rd, imm << 12);
      case AUIPC -> constant(rd, pc + (imm << 12));
      case LB -> load(k, rd, rs1, imm, 1, true, dirty);
      case LH -> load(k, rd, rs1, imm, 2, true, dirty);
      case LW -> load(k, rd, rs1, imm, 4, true, dirty);
      case LBU -> load(k, rd, rs1, imm, 1, false, dirty);
      case LHU -> load(k, rd, rs1, imm, 2, false, dirty);
      case SB -> store(k, rs1, rs2, imm, 1, dirty);
      case SH -> store(k, rs1, rs2, imm, 2, dirty);
      case SW -> store(k, rs1, rs2, imm, 4, dirty);
      case ECALL -> ecall(k, dirty, used);
      case D_EXIT, D_IDLE, D_CONSOLE_WRITE, D_CLOCK_READ, D_NET_SEND, D_NET_RECV, D_DISK_READ,
          D_DISK_WRITE, D_DISK_FLUSH -> denali(k, op, rd, rs1, rs2, dirty, used);
      case FENCE -> { }
      case CSRRS -> { // even into x0: reading the clock is observable
        mv.visitVarInsn(ALOAD, CTX);
        mv.push(imm);
        mv.visitVarInsn(ILOAD, BUDGET);
        mv.push(k);
        mv.runtime("csr", "(L" + CONTEXT + ";III)I");
        mv.setReg(rd);
      }
      default -> {
        if (!sink) {
          arithmetic(k, op, rd, rs1, rs2, imm);
        }
      }
    }
  }

  private void constant(int rd, int value) {
    if (rd != 0 && rd != Code.SINK) {
      mv.push(value);
      mv.setReg(rd);
    }
  }

  /** Pure register arithmetic into rd (not x0). */
  private void arithmetic(int k, int op, int rd, int rs1, int rs2, int imm) {
    switch (op) {
      case ADDI -> binaryImm(rd, rs1, imm, IADD);
      case XORI -> binaryImm(rd, rs1, imm, IXOR);
      case ORI -> binaryImm(rd, rs1, imm, IOR);
      case ANDI -> binaryImm(rd, rs1, imm, IAND);
      case SLLI -> binaryImm(rd, rs1, imm, ISHL);
      case SRLI -> binaryImm(rd, rs1, imm, IUSHR);
      case SRAI -> binaryImm(rd, rs1, imm, ISHR);
      case SLTI -> lessThan(rd, rs1, -1, imm, "compare");
      case SLTIU -> lessThan(rd, rs1, -1, imm, "compareUnsigned");
      case ADD -> binary(rd, rs1, rs2, IADD);
      case SUB -> binary(rd, rs1, rs2, ISUB);
      case SLL -> binary(rd, rs1, rs2, ISHL);
      case SRL -> binary(rd, rs1, rs2, IUSHR);
      case SRA -> binary(rd, rs1, rs2, ISHR);
      case XOR -> binary(rd, rs1, rs2, IXOR);
      case OR -> binary(rd, rs1, rs2, IOR);
      case AND -> binary(rd, rs1, rs2, IAND);
      case MUL -> binary(rd, rs1, rs2, IMUL);
      case SLT -> lessThan(rd, rs1, rs2, 0, "compare");
      case SLTU -> lessThan(rd, rs1, rs2, 0, "compareUnsigned");
      case MULH -> alu(rd, rs1, rs2, "mulh");
      case MULHSU -> alu(rd, rs1, rs2, "mulhsu");
      case MULHU -> alu(rd, rs1, rs2, "mulhu");
      case DIV -> alu(rd, rs1, rs2, "div");
      case DIVU -> alu(rd, rs1, rs2, "divu");
      case REM -> alu(rd, rs1, rs2, "rem");
      case REMU -> alu(rd, rs1, rs2, "remu");
      default -> throw new IllegalStateException("BUG: not an arithmetic instruction " + op);
    }
  }

  private void binary(int rd, int rs1, int rs2, int insn) {
    mv.reg(rs1);
    mv.reg(rs2);
    mv.visitInsn(insn);
    mv.setReg(rd);
  }

  private void binaryImm(int rd, int rs1, int imm, int insn) {
    mv.reg(rs1);
    mv.push(imm);
    mv.visitInsn(insn);
    mv.setReg(rd);
  }

  private void alu(int rd, int rs1, int rs2, String method) {
    mv.reg(rs1);
    mv.reg(rs2);
    mv.visitMethodInsn(INVOKESTATIC, ALU, method, "(II)I", false);
    mv.setReg(rd);
  }

  /** rd = (rs1 < rs2-or-imm) ? 1 : 0, as the sign bit of Integer.compare[Unsigned]. */
  private void lessThan(int rd, int rs1, int rs2, int imm, String compare) {
    mv.reg(rs1);
    if (rs2 < 0) {
      mv.push(imm);
    } else {
      mv.reg(rs2);
    }
    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", compare, "(II)I", false);
    mv.push(31);
    mv.visitInsn(IUSHR);
    mv.setReg(rd);
  }

  // ------------------------------------------------------------------ memory

  /** ADDR = x[rs1] + imm - writableBase: the offset into writable memory. */
  private void offset(int rs1, int imm) {
    if (rs1 == 0) {
      mv.push(imm - writableBase);
    } else {
      mv.reg(rs1);
      mv.push(imm - writableBase);
      mv.visitInsn(IADD);
    }
    mv.visitVarInsn(ISTORE, ADDR);
  }

  /** Jumps to {@code outside} unless 0 <= ADDR <= mem.length - size. */
  private void inWritable(int size, Label outside) {
    mv.visitVarInsn(ILOAD, ADDR);
    mv.push(MIN);
    mv.visitInsn(IADD);
    mv.visitVarInsn(ILOAD, size == 4 ? LIMIT4 : size == 2 ? LIMIT2 : LIMIT1);
    mv.visitJumpInsn(IF_ICMPGE, outside);
  }

  /** Pushes the value of {@code size} bytes of {@code array} (on the stack) at ADDR. */
  private void read(int size, boolean signed) {
    mv.visitVarInsn(ILOAD, ADDR);
    switch (size) {
      case 1 -> mv.visitInsn(BALOAD);
      case 2 -> mv.visitMethodInsn(INVOKEVIRTUAL, VH, "get", "([BI)S", false);
      default -> mv.visitMethodInsn(INVOKEVIRTUAL, VH, "get", "([BI)I", false);
    }
    if (!signed) {
      mv.push(size == 1 ? 0xFF : 0xFFFF);
      mv.visitInsn(IAND);
    }
  }

  /** Pushes the VarHandle for an access of {@code size} bytes (none for bytes). */
  private void view(int size) {
    if (size != 1) {
      mv.visitFieldInsn(GETSTATIC, RUNTIME, size == 4 ? "INT" : "SHORT",
          "Ljava/lang/invoke/VarHandle;");
    }
  }

  private void load(int k, int rd, int rs1, int imm, int size, boolean signed, int dirty) {
    int target = rd == 0 || rd == Code.SINK ? -1 : rd;
    Label readOnly = new Label();
    Label slow = new Label();
    Label done = new Label();
    offset(rs1, imm);
    inWritable(size, readOnly);
    view(size);
    mv.visitVarInsn(ALOAD, MEM);
    read(size, signed);
    result(target);
    mv.visitJumpInsn(GOTO, done);

    mv.place(readOnly); // ADDR becomes the offset into the read-only image
    mv.visitVarInsn(ILOAD, ADDR);
    mv.push(writableBase - readOnlyBase);
    mv.visitInsn(IADD);
    mv.visitVarInsn(ISTORE, ADDR);
    if (readOnlyLength >= size) {
      mv.visitVarInsn(ILOAD, ADDR);
      mv.push(MIN);
      mv.visitInsn(IADD);
      mv.push(readOnlyLength - (size - 1) + MIN);
      mv.visitJumpInsn(IF_ICMPGE, slow);
      view(size);
      mv.visitFieldInsn(GETSTATIC, owner, "RO", "[B");
      read(size, signed);
      result(target);
      mv.visitJumpInsn(GOTO, done);
    }

    mv.place(slow);
    mv.visitVarInsn(ALOAD, CTX);
    mv.visitVarInsn(ILOAD, ADDR);
    mv.push(readOnlyBase);
    mv.visitInsn(IADD);
    mv.push(size);
    mv.push(signed ? 1 : 0);
    mv.push(k);
    mv.runtime("load", "(L" + CONTEXT + ";IIZI)I");
    mv.visitVarInsn(ISTORE, VALUE);
    checkFault(dirty); // a faulting load does not write rd
    mv.visitVarInsn(ILOAD, VALUE);
    result(target);
    mv.place(done);
  }

  private void result(int target) {
    if (target < 0) {
      mv.visitInsn(POP);
    } else {
      mv.setReg(target);
    }
  }

  /** After a slow path: leaves through the fault exit if it recorded a fault. */
  private void checkFault(int dirty) {
    mv.visitVarInsn(ALOAD, CTX);
    mv.visitFieldInsn(GETFIELD, CONTEXT, "stop", "I");
    mv.visitJumpInsn(IFNE, faults.forDirty(dirty));
  }

  private void store(int k, int rs1, int rs2, int imm, int size, int dirty) {
    Label slow = new Label();
    Label done = new Label();
    offset(rs1, imm);
    inWritable(size, slow);
    view(size);
    mv.visitVarInsn(ALOAD, MEM);
    mv.visitVarInsn(ILOAD, ADDR);
    mv.reg(rs2);
    switch (size) {
      case 1 -> mv.visitInsn(BASTORE);
      case 2 -> {
        mv.visitInsn(I2S);
        mv.visitMethodInsn(INVOKEVIRTUAL, VH, "set", "([BIS)V", false);
      }
      default -> mv.visitMethodInsn(INVOKEVIRTUAL, VH, "set", "([BII)V", false);
    }
    mv.visitJumpInsn(GOTO, done);

    mv.place(slow);
    mv.visitVarInsn(ALOAD, CTX);
    mv.visitVarInsn(ILOAD, ADDR);
    mv.push(writableBase);
    mv.visitInsn(IADD);
    mv.push(size);
    mv.reg(rs2);
    mv.push(k);
    mv.runtime("store", "(L" + CONTEXT + ";IIII)V");
    checkFault(dirty);
    mv.place(done);
  }

  // ------------------------------------------------------------------ system

  private void loadVm() {
    mv.visitVarInsn(ALOAD, CTX);
    mv.visitFieldInsn(GETFIELD, CONTEXT, "vm", "L" + VM + ";");
  }

  /** Leaves after instruction k stopped the VM (it exited or went idle). */
  private void stopAfter(int k) {
    mv.visitVarInsn(ALOAD, CTX);
    mv.visitVarInsn(ILOAD, BUDGET);
    mv.push(k);
    mv.runtime("stopAfter", "(L" + CONTEXT + ";II)I");
    mv.visitInsn(IRETURN);
  }

  private void ecall(int k, int dirty, int used) {
    mv.flush(dirty);
    loadVm();
    mv.visitMethodInsn(INVOKEVIRTUAL, VM, "ecall", "()Z", false);
    Label goOn = new Label();
    mv.visitJumpInsn(IFEQ, goOn);
    stopAfter(k);
    mv.place(goOn);
    mv.reload(used & Effects.bit(10));
  }

  private void denali(int k, int op, int rd, int rs1, int rs2, int dirty, int used) {
    mv.flush(dirty);
    loadVm();
    mv.push(op);
    mv.push(rd);
    mv.push(rs1);
    mv.push(rs2);
    mv.visitMethodInsn(INVOKEVIRTUAL, VM, "denali", "(IIII)Z", false);
    Label goOn = new Label();
    mv.visitJumpInsn(IFEQ, goOn);
    stopAfter(k);
    mv.place(goOn);
    mv.reload(used & Effects.bit(rd));
  }
}
