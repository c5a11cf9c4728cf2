package dev.denali.emu.interp;

import static dev.denali.emu.Code.imm;
import static dev.denali.emu.Code.rd;
import static dev.denali.emu.Code.rs1;
import static dev.denali.emu.Code.rs2;
import static dev.denali.isa.OpcodeIds.*;

import dev.denali.emu.Alu;
import dev.denali.emu.Code;
import dev.denali.emu.Engine;
import dev.denali.emu.FaultCause;
import dev.denali.emu.GuestFault;
import dev.denali.emu.StopReason;
import dev.denali.emu.Vm;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The interpreter: one {@code switch} over the pre-decoded program ({@link Code}), inside a loop
 * over basic blocks. The budget is charged a block at a time (a block shortened when less budget
 * is left), so the retired-instruction count is exact and no per-instruction counter is needed.
 * Loads and stores inside the VM's writable memory take a fast path of one unsigned compare and
 * a little-endian array access; everything else goes to the VM's slow paths. Faults leave the
 * loop through {@link GuestFault}, which never escapes {@link #run}.
 */
public final class Interpreter implements Engine {
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class,
      ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class,
      ByteOrder.LITTLE_ENDIAN);

  @Override
  public String name() {
    return "interp";
  }

  @Override
  public StopReason run(Vm vm, long budget) {
    Code program = vm.program().code();
    final long[] code = program.code();
    final int[] runLength = program.runLength();
    final int base = program.base();
    final int n = code.length;
    final int[] x = vm.x;
    final byte[] mem = vm.mem;
    final int wb = vm.writableBase;
    final int limit4 = mem.length - 3;
    final int limit2 = mem.length - 1;
    final int limit1 = mem.length;
    final long retiredBefore = vm.retired;

    long charged = 0; // instructions charged to this run (whole blocks)
    int k = 0; // the instruction being executed
    int end = 0; // one past the last instruction of the current run of the block
    int off = vm.pc - base;
    if ((off & 3) != 0) {
      vm.recordFault(FaultCause.MISALIGNED_JUMP, vm.pc, 0, vm.pc);
      return StopReason.FAULTED;
    }
    int idx = off >> 2;
    try {
      while (true) {
        if (Integer.compareUnsigned(idx, n) >= 0) {
          int at = base + 4 * idx;
          vm.retired = retiredBefore + charged;
          vm.recordFault(FaultCause.JUMP_OUTSIDE_TEXT, at, 0, at);
          return StopReason.FAULTED;
        }
        if (charged >= budget) {
          vm.pc = base + 4 * idx;
          vm.retired = retiredBefore + charged;
          return StopReason.BUDGET;
        }
        int len = runLength[idx];
        if (len > budget - charged) {
          len = (int) (budget - charged);
        }
        charged += len;
        k = idx;
        end = idx + len;
        block:
        while (true) {
          final long w = code[k];
          switch ((int) w & 0xFF) {
            case LUI -> x[rd(w)] = imm(w) << 12;
            case AUIPC -> x[rd(w)] = base + 4 * k + (imm(w) << 12);
            case JAL -> {
              int t = imm(w);
              if (t < 0) {
                throw jumpFault(vm, program, k, t);
              }
              x[rd(w)] = base + 4 * k + 4;
              idx = t;
              break block;
            }
            case JALR -> {
              int target = (x[rs1(w)] + imm(w)) & ~1;
              int t = target - base;
              if ((t & 3) != 0) {
                throw vm.faultSignal(FaultCause.MISALIGNED_JUMP, target);
              }
              if (Integer.compareUnsigned(t, 4 * n) >= 0) {
                throw vm.faultSignal(FaultCause.JUMP_OUTSIDE_TEXT, target);
              }
              x[rd(w)] = base + 4 * k + 4;
              idx = t >> 2;
              break block;
            }
            case BEQ -> {
              idx = x[rs1(w)] == x[rs2(w)] ? branch(vm, program, k, w) : k + 1;
              break block;
            }
            case BNE -> {
              idx = x[rs1(w)] != x[rs2(w)] ? branch(vm, program, k, w) : k + 1;
              break block;
            }
            case BLT -> {
              idx = x[rs1(w)] < x[rs2(w)] ? branch(vm, program, k, w) : k + 1;
              break block;
            }
            case BGE -> {
              idx = x[rs1(w)] >= x[rs2(w)] ? branch(vm, program, k, w) : k + 1;
              break block;
            }
            case BLTU -> {
              idx = Integer.compareUnsigned(x[rs1(w)], x[rs2(w)]) < 0
                  ? branch(vm, program, k, w) : k + 1;
              break block;
            }
            case BGEU -> {
              idx = Integer.compareUnsigned(x[rs1(w)], x[rs2(w)]) >= 0
                  ? branch(vm, program, k, w) : k + 1;
              break block;
            }
            case LB -> {
              int a = x[rs1(w)] + imm(w) - wb;
              x[rd(w)] = Integer.compareUnsigned(a, limit1) < 0 ? mem[a]
                  : vm.load(a + wb, 1, true);
            }
            case LH -> {
              int a = x[rs1(w)] + imm(w) - wb;
              x[rd(w)] = Integer.compareUnsigned(a, limit2) < 0 ? (short) SHORT.get(mem, a)
                  : vm.load(a + wb, 2, true);
            }
            case LW -> {
              int a = x[rs1(w)] + imm(w) - wb;
              x[rd(w)] = Integer.compareUnsigned(a, limit4) < 0 ? (int) INT.get(mem, a)
                  : vm.load(a + wb, 4, true);
            }
            case LBU -> {
              int a = x[rs1(w)] + imm(w) - wb;
              x[rd(w)] = Integer.compareUnsigned(a, limit1) < 0 ? mem[a] & 0xFF
                  : vm.load(a + wb, 1, false);
            }
            case LHU -> {
              int a = x[rs1(w)] + imm(w) - wb;
              x[rd(w)] = Integer.compareUnsigned(a, limit2) < 0
                  ? (short) SHORT.get(mem, a) & 0xFFFF : vm.load(a + wb, 2, false);
            }
            case SB -> {
              int a = x[rs1(w)] + imm(w) - wb;
              if (Integer.compareUnsigned(a, limit1) < 0) {
                mem[a] = (byte) x[rs2(w)];
              } else {
                vm.store(a + wb, 1, x[rs2(w)]);
              }
            }
            case SH -> {
              int a = x[rs1(w)] + imm(w) - wb;
              if (Integer.compareUnsigned(a, limit2) < 0) {
                SHORT.set(mem, a, (short) x[rs2(w)]);
              } else {
                vm.store(a + wb, 2, x[rs2(w)]);
              }
            }
            case SW -> {
              int a = x[rs1(w)] + imm(w) - wb;
              if (Integer.compareUnsigned(a, limit4) < 0) {
                INT.set(mem, a, x[rs2(w)]);
              } else {
                vm.store(a + wb, 4, x[rs2(w)]);
              }
            }
            case ADDI -> x[rd(w)] = x[rs1(w)] + imm(w);
            case SLTI -> x[rd(w)] = x[rs1(w)] < imm(w) ? 1 : 0;
            case SLTIU -> x[rd(w)] = Integer.compareUnsigned(x[rs1(w)], imm(w)) < 0 ? 1 : 0;
            case XORI -> x[rd(w)] = x[rs1(w)] ^ imm(w);
            case ORI -> x[rd(w)] = x[rs1(w)] | imm(w);
            case ANDI -> x[rd(w)] = x[rs1(w)] & imm(w);
            case SLLI -> x[rd(w)] = x[rs1(w)] << imm(w);
            case SRLI -> x[rd(w)] = x[rs1(w)] >>> imm(w);
            case SRAI -> x[rd(w)] = x[rs1(w)] >> imm(w);
            case ADD -> x[rd(w)] = x[rs1(w)] + x[rs2(w)];
            case SUB -> x[rd(w)] = x[rs1(w)] - x[rs2(w)];
            case SLL -> x[rd(w)] = x[rs1(w)] << x[rs2(w)];
            case SLT -> x[rd(w)] = x[rs1(w)] < x[rs2(w)] ? 1 : 0;
            case SLTU -> x[rd(w)] = Integer.compareUnsigned(x[rs1(w)], x[rs2(w)]) < 0 ? 1 : 0;
            case XOR -> x[rd(w)] = x[rs1(w)] ^ x[rs2(w)];
            case SRL -> x[rd(w)] = x[rs1(w)] >>> x[rs2(w)];
            case SRA -> x[rd(w)] = x[rs1(w)] >> x[rs2(w)];
            case OR -> x[rd(w)] = x[rs1(w)] | x[rs2(w)];
            case AND -> x[rd(w)] = x[rs1(w)] & x[rs2(w)];
            case FENCE -> { }
            case ECALL -> {
              if (vm.ecall()) {
                return stopAfter(vm, retiredBefore, charged, end, k, base, StopReason.EXITED);
              }
            }
            case EBREAK -> throw vm.faultSignal(FaultCause.BREAKPOINT, base + 4 * k);
            case MUL -> x[rd(w)] = x[rs1(w)] * x[rs2(w)];
            case MULH -> x[rd(w)] = Alu.mulh(x[rs1(w)], x[rs2(w)]);
            case MULHSU -> x[rd(w)] = Alu.mulhsu(x[rs1(w)], x[rs2(w)]);
            case MULHU -> x[rd(w)] = Alu.mulhu(x[rs1(w)], x[rs2(w)]);
            case DIV -> x[rd(w)] = Alu.div(x[rs1(w)], x[rs2(w)]);
            case DIVU -> x[rd(w)] = Alu.divu(x[rs1(w)], x[rs2(w)]);
            case REM -> x[rd(w)] = Alu.rem(x[rs1(w)], x[rs2(w)]);
            case REMU -> x[rd(w)] = Alu.remu(x[rs1(w)], x[rs2(w)]);
            case CSRRS -> x[rd(w)] = vm.csr(imm(w), retiredBefore + charged - (end - k));
            case D_IRET -> {
              if (!vm.iret()) {
                throw vm.faultSignal(FaultCause.ILLEGAL_INSTRUCTION, base + 4 * k);
              }
              int t = vm.pc - base;
              if ((t & 3) != 0) {
                throw vm.faultSignal(FaultCause.MISALIGNED_JUMP, vm.pc);
              }
              idx = t >> 2; // checked against the text at the top of the loop
              break block;
            }
            case D_EXIT, D_IDLE, D_CONSOLE_WRITE, D_CLOCK_READ, D_NET_SEND, D_NET_RECV,
                D_DISK_READ, D_DISK_WRITE, D_DISK_FLUSH -> {
              if (vm.denali((int) w & 0xFF, rd(w), rs1(w), rs2(w))) {
                return stopAfter(vm, retiredBefore, charged, end, k, base,
                    vm.exited() ? StopReason.EXITED : StopReason.IDLE);
              }
            }
            default -> throw vm.faultSignal(FaultCause.ILLEGAL_INSTRUCTION, base + 4 * k);
          }
          if (++k == end) {
            idx = k;
            break;
          }
        }
      }
    } catch (GuestFault f) {
      vm.retired = retiredBefore + charged - (end - k);
      vm.recordFault(base + 4 * k, program.word(k));
      return StopReason.FAULTED;
    }
  }

  /** Stops after instruction k retired: the rest of the block was charged but not run. */
  private static StopReason stopAfter(Vm vm, long before, long charged, int end, int k, int base,
      StopReason reason) {
    vm.retired = before + charged - (end - k - 1);
    vm.pc = base + 4 * (k + 1);
    return reason;
  }

  /** The target index of the taken branch at k, or a fault when it leaves the text. */
  private static int branch(Vm vm, Code program, int k, long w) {
    int t = imm(w);
    if (t < 0) {
      throw jumpFault(vm, program, k, t);
    }
    return t;
  }

  private static GuestFault jumpFault(Vm vm, Code program, int k, int sentinel) {
    return vm.faultSignal(sentinel == Code.TARGET_MISALIGNED ? FaultCause.MISALIGNED_JUMP
        : FaultCause.JUMP_OUTSIDE_TEXT, program.directTarget(k));
  }
}
