package dev.denali.emu.jit.diff;

import dev.denali.emu.Fault;
import dev.denali.emu.Runner;
import dev.denali.emu.Vm;
import dev.denali.isa.Registers;
import dev.denali.isa.VirtualRegisters;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Everything observable about a VM after a {@link Runner} run ended: how it ended, what it
 * printed, the 32 registers and pc, the retired-instruction count, the whole writable memory (and
 * its CRC32), the fault, the virtual registers, the interrupt counters and how often the guest's
 * clock was read. Two engines agree on a run when {@link #firstDifference} finds nothing.
 *
 * @param crash an exception that escaped the engine (never legal: the Engine contract says
 *     nothing is thrown across it), or null
 */
record EngineState(String engine, Runner.Outcome outcome, int exitStatus, byte[] stdout,
    byte[] stderr, int[] registers, int pc, long retired, byte[] memory, long memoryCrc,
    Fault fault, int[] virtualRegisters, long wakeups, long interruptsDelivered, long deliveries,
    long clockReads, String crash) {

  /** The virtual registers, by offset, in the order {@link #virtualRegisters} holds them. */
  static final int[] VREG_OFFSETS = {VirtualRegisters.MAGIC, VirtualRegisters.VERSION,
      VirtualRegisters.MEMORY_SIZE, VirtualRegisters.VM_ID, VirtualRegisters.TIME_LO,
      VirtualRegisters.TIME_HI, VirtualRegisters.PENDING, VirtualRegisters.ENABLED,
      VirtualRegisters.HANDLER, VirtualRegisters.SAVED_PC, VirtualRegisters.DELIVERED,
      VirtualRegisters.TIMER_LO, VirtualRegisters.TIMER_HI, VirtualRegisters.DISK_BLOCKS,
      VirtualRegisters.DISK_BLOCK_SIZE, VirtualRegisters.NET_MTU, VirtualRegisters.IN_HANDLER};
  static final String[] VREG_NAMES = {"MAGIC", "VERSION", "MEMORY_SIZE", "VM_ID", "TIME_LO",
      "TIME_HI", "PENDING", "ENABLED", "HANDLER", "SAVED_PC", "DELIVERED", "TIMER_LO",
      "TIMER_HI", "DISK_BLOCKS", "DISK_BLOCK_SIZE", "NET_MTU", "IN_HANDLER"};

  /** The state of {@code vm} after a run that returned {@code result}. */
  static EngineState of(String engine, Vm vm, Runner.Result result, byte[] stdout,
      byte[] stderr, long clockReads) {
    int[] vregs = new int[VREG_OFFSETS.length];
    for (int i = 0; i < vregs.length; i++) {
      vregs[i] = vm.virtualRegister(VREG_OFFSETS[i]);
    }
    byte[] memory = vm.mem.clone();
    CRC32 crc = new CRC32();
    crc.update(memory);
    return new EngineState(engine, result.outcome(), result.exitStatus(), stdout, stderr,
        vm.registers(), vm.pc, vm.retired, memory, crc.getValue(), result.fault(), vregs,
        vm.wakeups(), vm.interruptsDelivered(), vm.deliveries(), clockReads, null);
  }

  /** The state of a run in which the engine threw. */
  static EngineState crashed(String engine, Vm vm, Throwable t, long clockReads) {
    EngineState s = of(engine, vm, new Runner.Result(null, 0, null, vm.retired, 0), new byte[0],
        new byte[0], clockReads);
    java.io.StringWriter sw = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(sw));
    return new EngineState(engine, null, 0, s.stdout, s.stderr, s.registers, s.pc, s.retired,
        s.memory, s.memoryCrc, null, s.virtualRegisters, s.wakeups, s.interruptsDelivered,
        s.deliveries, clockReads, sw.toString());
  }

  /** One line: outcome, retired, pc, fault. */
  String summary() {
    if (crash != null) {
      return engine + ": CRASH " + crash.lines().findFirst().orElse("");
    }
    StringBuilder sb = new StringBuilder(engine).append(": ").append(outcome);
    if (outcome == Runner.Outcome.EXITED) {
      sb.append(" status ").append(exitStatus);
    }
    sb.append(String.format(", retired %d, pc 0x%08x", retired, pc));
    if (fault != null) {
      sb.append(String.format(", fault %s at pc 0x%08x word %08x address 0x%08x", fault.cause(),
          fault.pc(), fault.word(), fault.address()));
    }
    sb.append(String.format(", memory crc %08x", memoryCrc));
    return sb.toString();
  }

  /**
   * The first element in which this state (the reference, usually the interpreter's) and
   * {@code other} differ, described with both values; null when they are the same.
   */
  String firstDifference(EngineState other) {
    String a = engine;
    String b = other.engine;
    if (crash != null || other.crash != null) {
      if (crash != null && other.crash != null) {
        return null;
      }
      return "engine threw: " + (crash != null ? a + ": " + crash : b + ": " + other.crash);
    }
    if (outcome != other.outcome) {
      return String.format("outcome: %s=%s, %s=%s", a, outcome, b, other.outcome);
    }
    if (exitStatus != other.exitStatus) {
      return String.format("exit status: %s=%d, %s=%d", a, exitStatus, b, other.exitStatus);
    }
    if (!java.util.Objects.equals(fault, other.fault)) {
      return String.format("fault: %s=%s, %s=%s", a, describe(fault), b, describe(other.fault));
    }
    if (retired != other.retired) {
      return String.format("retired instructions: %s=%d, %s=%d (difference %d)", a, retired, b,
          other.retired, other.retired - retired);
    }
    if (pc != other.pc) {
      return String.format("pc: %s=0x%08x, %s=0x%08x", a, pc, b, other.pc);
    }
    for (int r = 0; r < 32; r++) {
      if (registers[r] != other.registers[r]) {
        return String.format("register x%d (%s): %s=0x%08x, %s=0x%08x", r, Registers.abiName(r),
            a, registers[r], b, other.registers[r]);
      }
    }
    String out = bytes("stdout", stdout, other.stdout, a, b);
    if (out != null) {
      return out;
    }
    String err = bytes("stderr", stderr, other.stderr, a, b);
    if (err != null) {
      return err;
    }
    if (memory.length != other.memory.length) {
      return String.format("memory size: %s=%d, %s=%d", a, memory.length, b,
          other.memory.length);
    }
    int m = Arrays.mismatch(memory, other.memory);
    if (m >= 0) {
      int count = 0;
      for (int i = m; i < memory.length; i++) {
        count += memory[i] != other.memory[i] ? 1 : 0;
      }
      return String.format("memory (crc %s=%08x, %s=%08x): first difference at writable offset"
          + " 0x%x: %s=0x%02x, %s=0x%02x; %d bytes differ", a, memoryCrc, b, other.memoryCrc,
          m, a, memory[m] & 0xff, b, other.memory[m] & 0xff, count);
    }
    for (int i = 0; i < virtualRegisters.length; i++) {
      if (virtualRegisters[i] != other.virtualRegisters[i]) {
        return String.format("virtual register %s: %s=0x%08x, %s=0x%08x", VREG_NAMES[i], a,
            virtualRegisters[i], b, other.virtualRegisters[i]);
      }
    }
    if (wakeups != other.wakeups || interruptsDelivered != other.interruptsDelivered
        || deliveries != other.deliveries) {
      return String.format("wakeups/interrupts/deliveries: %s=%d/%d/%d, %s=%d/%d/%d", a,
          wakeups, interruptsDelivered, deliveries, b, other.wakeups, other.interruptsDelivered,
          other.deliveries);
    }
    if (clockReads != other.clockReads) {
      return String.format("clock reads: %s=%d, %s=%d", a, clockReads, b, other.clockReads);
    }
    return null;
  }

  private static String bytes(String what, byte[] x, byte[] y, String a, String b) {
    int m = Arrays.mismatch(x, y);
    if (m < 0) {
      return null;
    }
    return String.format("%s: first difference at byte %d (%s has %d bytes, %s has %d): %s=%s,"
        + " %s=%s", what, m, a, x.length, b, y.length, a, m < x.length ? x[m] & 0xff : "end", b,
        m < y.length ? y[m] & 0xff : "end");
  }

  private static String describe(Fault f) {
    return f == null ? "none" : String.format("%s at pc 0x%08x word %08x address 0x%08x",
        f.cause(), f.pc(), f.word(), f.address());
  }
}
