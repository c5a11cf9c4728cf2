package dev.denali.emu.jit;

import static dev.denali.emu.jit.MethodEmitter.*;
import static dev.denali.isa.OpcodeIds.*;
import static org.objectweb.asm.Opcodes.*;

import dev.denali.emu.Code;
import org.objectweb.asm.Label;
import org.objectweb.asm.Type;

/**
 * Emits the instructions that do not end a block: arithmetic, loads and stores, counters,
 * {@code ecall} and the Denali instructions, with the semantics of the interpreter (see the ISA
 * manual). Guest registers are JVM locals; writes to x0 are dropped (a load to x0 still
 * accesses memory, so that it faults where the interpreter does).
 *
 * <p>Memory: each access tests its own bounds in the generated code, then reads or writes
 * writable memory through a one-line method that HotSpot inlines (the program class loader's
 * anchor: see {@link ProgramClassLoader}; or {@link ViewMemory}); outside writable memory it
 * calls the out-of-line path of {@link UnsafeMemory} (or ViewMemory): read-only data (text,
 * constants), else the VM's slow path (the virtual-register page, an access that straddles two
 * areas, a fault).
 * The test is in the generated code, not in a shared helper, so that HotSpot profiles each guest
 * load and store on its own: a helper's one branch profile, shared by every access of every
 * program in the JVM, soon says "sometimes read-only", and C2 then compiles the out-of-line call
 * (and keeps its arguments live) at every access; with a profile per site, an access that never
 * left writable memory gets an uncommon trap instead. A fault throws
 * {@link dev.denali.emu.GuestFault}, which the method's handler catches.
 */
final class InstructionEmitter {
  private static final String VM = "dev/denali/emu/Vm";
  private static final String ALU = "dev/denali/emu/Alu";

  private static final String GUEST_FAULT = "dev/denali/emu/GuestFault";
  /** The class whose static methods make the accesses outside writable memory. */
  private static final String MEMORY = Type.getInternalName(LittleEndian.UNSAFE
      ? UnsafeMemory.class : ViewMemory.class);
  /** The class whose one-line static methods make the accesses inside writable memory. */
  private static final String WRITABLE = LittleEndian.UNSAFE ? ProgramClassLoader.ANCHOR_CLASS
      : Type.getInternalName(ViewMemory.class);

  private final MethodEmitter mv;
  private final Code code;
  private final int writableBase;
  private final java.util.function.Supplier<Label> faultHandler;
  /** The generated class: it holds the program's read-only image (a constant to C2). */
  private final String owner;

  /** @param faultHandler the method's handler of a load or store that faults */
  InstructionEmitter(MethodEmitter mv, Code code, int writableBase,
      java.util.function.Supplier<Label> faultHandler, String owner) {
    this.mv = mv;
    this.code = code;
    this.writableBase = writableBase;
    this.faultHandler = faultHandler;
    this.owner = owner;
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
      case LB, LH, LW, LBU, LHU, SB, SH, SW -> {
        Label start = new Label();
        Label end = new Label();
        mv.visitTryCatchBlock(start, end, faultHandler.get(), GUEST_FAULT);
        mv.mark(start);
        switch (op) {
          case LB -> load(k, rd, rs1, imm, 1, true);
          case LH -> load(k, rd, rs1, imm, 2, true);
          case LW -> load(k, rd, rs1, imm, 4, true);
          case LBU -> load(k, rd, rs1, imm, 1, false);
          case LHU -> load(k, rd, rs1, imm, 2, false);
          case SB -> store(k, rs1, rs2, imm, 1);
          case SH -> store(k, rs1, rs2, imm, 2);
          default -> store(k, rs1, rs2, imm, 4);
        }
        mv.mark(end);
      }
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
      case SLTI -> lessThan(rd, rs1, -1, imm, false);
      case SLTIU -> lessThan(rd, rs1, -1, imm, true);
      case ADD -> binary(rd, rs1, rs2, IADD);
      case SUB -> binary(rd, rs1, rs2, ISUB);
      case SLL -> binary(rd, rs1, rs2, ISHL);
      case SRL -> binary(rd, rs1, rs2, IUSHR);
      case SRA -> binary(rd, rs1, rs2, ISHR);
      case XOR -> binary(rd, rs1, rs2, IXOR);
      case OR -> binary(rd, rs1, rs2, IOR);
      case AND -> binary(rd, rs1, rs2, IAND);
      case MUL -> binary(rd, rs1, rs2, IMUL);
      case SLT -> lessThan(rd, rs1, rs2, 0, false);
      case SLTU -> lessThan(rd, rs1, rs2, 0, true);
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

  /**
   * rd = (rs1 < rs2-or-imm) ? 1 : 0: the sign bit of their difference as longs (zero-extended
   * for unsigned), without a branch or a call.
   */
  private void lessThan(int rd, int rs1, int rs2, int imm, boolean unsigned) {
    mv.reg(rs1);
    widen(unsigned);
    if (rs2 < 0) {
      mv.push(imm);
    } else {
      mv.reg(rs2);
    }
    widen(unsigned);
    mv.visitInsn(LSUB);
    mv.push(63);
    mv.visitInsn(LUSHR);
    mv.visitInsn(L2I);
    mv.setReg(rd);
  }

  private void widen(boolean unsigned) {
    mv.visitInsn(I2L);
    if (unsigned) {
      mv.visitLdcInsn(0xFFFF_FFFFL);
      mv.visitInsn(LAND);
    }
  }

  // ------------------------------------------------------------------ memory

  /** Stores the access's offset into writable memory, rs1 + imm - writableBase, in ADDR. */
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

  /** Jumps to {@code other} unless bytes ADDR .. ADDR + size - 1 all lie in writable memory. */
  private void inWritable(int size, Label other) {
    mv.visitVarInsn(ILOAD, ADDR);
    mv.visitJumpInsn(IFLT, other);
    mv.visitVarInsn(ILOAD, ADDR);
    mv.visitVarInsn(ALOAD, MEM);
    mv.visitInsn(ARRAYLENGTH);
    if (size > 1) {
      mv.push(size - 1);
      mv.visitInsn(ISUB);
    }
    mv.visitJumpInsn(IF_ICMPGE, other);
  }

  private static String mnemonic(int size, boolean load) {
    return (load ? "l" : "s") + (size == 4 ? "w" : size == 2 ? "h" : "b");
  }

  /**
   * Begins an access of {@code size} bytes at rs1 + imm: its offset in ADDR, the bounds test
   * (jumping to the returned label when the access is not wholly in writable memory), then
   * {@code mem} and the offset pushed for the unchecked access.
   */
  private Label beginAccess(int rs1, int imm, int size) {
    offset(rs1, imm);
    Label other = new Label();
    inWritable(size, other);
    mv.visitVarInsn(ALOAD, MEM);
    mv.visitVarInsn(ILOAD, ADDR);
    return other;
  }

  private void load(int k, int rd, int rs1, int imm, int size, boolean signed) {
    Label other = beginAccess(rs1, imm, size);
    Label loaded = new Label();
    mv.visitMethodInsn(INVOKESTATIC, WRITABLE, mnemonic(size, true), "([BI)I", false);
    mv.visitJumpInsn(GOTO, loaded);
    mv.place(other);
    mv.visitVarInsn(ALOAD, CTX);
    mv.visitVarInsn(ILOAD, ADDR);
    mv.visitFieldInsn(GETSTATIC, owner, FunctionCompiler.READ_ONLY, "[B");
    mv.push(k);
    mv.visitMethodInsn(INVOKESTATIC, MEMORY, mnemonic(size, true) + "Other",
        "(L" + CONTEXT + ";I[BI)I", false);
    mv.placeWithStack(loaded, INTEGER);
    if (!signed) {
      mv.push(size == 2 ? 0xFFFF : 0xFF);
      mv.visitInsn(IAND);
    }
    mv.setReg(rd); // a faulting load throws before it writes rd
  }

  private void store(int k, int rs1, int rs2, int imm, int size) {
    Label other = beginAccess(rs1, imm, size);
    Label stored = new Label();
    mv.reg(rs2);
    mv.visitMethodInsn(INVOKESTATIC, WRITABLE, mnemonic(size, false), "([BII)V", false);
    mv.visitJumpInsn(GOTO, stored);
    mv.place(other);
    mv.visitVarInsn(ALOAD, CTX);
    mv.visitVarInsn(ILOAD, ADDR);
    mv.push(size);
    mv.reg(rs2);
    mv.push(k);
    mv.visitMethodInsn(INVOKEVIRTUAL, CONTEXT, "store", "(IIII)V", false);
    mv.place(stored);
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
