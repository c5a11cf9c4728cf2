package dev.denali.emu;

import static dev.denali.isa.VirtualRegisters.*;

import dev.denali.isa.Csr;
import dev.denali.isa.MemoryMap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * One guest virtual machine: 32 registers and a pc, its private writable memory, its
 * virtual-register page and devices, and its counters. It can only name its own memory and
 * devices. Engines run it ({@link Engine}); the slow paths of memory access, the ecall services
 * and the Denali instructions are written here once, for every engine.
 *
 * <p>Fields engines use directly are public; everything else goes through methods.
 */
public final class Vm {
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class,
      ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class,
      ByteOrder.LITTLE_ENDIAN);
  /** Registers; {@code x[0]} is always 0, writes to x0 land in {@code x[32]} (see Code.SINK). */
  public final int[] x = new int[33];
  /** Address of the next instruction to execute. */
  public int pc;
  /** Writable memory: guest address {@code writableBase + i} is {@code mem[i]}. */
  public final byte[] mem;
  public final int writableBase;
  /** Instructions retired so far (cycle and instret read this). */
  public long retired;

  private final GuestProgram program;
  private final int id;
  private final Console console;
  private final Clock clock;
  private Disk disk;
  private Nic nic;
  final int[] vreg = new int[USED_BYTES / 4];
  private final GuestServices services = new GuestServices(this);

  int exitStatus;
  private Fault fault;
  boolean exited;
  long idleTimeoutMicros;
  int idleRd = -1;
  private FaultCause faultCause;
  private int faultAddress;
  long wakeups;
  long interruptsDelivered;
  long deliveries;

  /** A fresh VM of {@code program}: its data image copied, pc at the entry, sp at the top. */
  public Vm(GuestProgram program, int id, Console console, Clock clock) {
    this(program, id, console, clock, null);
    byte[] data = program.dataImage();
    System.arraycopy(data, 0, mem, 0, data.length);
  }

  /**
   * A VM over {@code image} (its writable memory, already filled), or over fresh zeroed memory
   * when null; {@link VmSnapshot} restores the rest of the state.
   */
  Vm(GuestProgram program, int id, Console console, Clock clock, byte[] image) {
    this.program = program;
    this.id = id;
    this.console = console;
    this.clock = clock;
    int memory = program.config().memory();
    this.writableBase = program.writableBase();
    this.mem = image != null ? image : new byte[memory - writableBase];
    this.pc = program.entry();
    this.x[2] = memory & ~15;
    vreg[MAGIC / 4] = MAGIC_VALUE;
    vreg[VERSION / 4] = VERSION_VALUE;
    vreg[MEMORY_SIZE / 4] = memory;
    vreg[VM_ID / 4] = id;
    vreg[DISK_BLOCK_SIZE / 4] = DISK_BLOCK_SIZE_VALUE;
  }

  Console console() {
    return console;
  }

  Clock clock() {
    return clock;
  }

  Disk disk() {
    return disk;
  }

  void idle(long timeoutMicros, int rd) {
    idleTimeoutMicros = timeoutMicros;
    idleRd = rd;
  }

  Nic nic() {
    return nic;
  }

  /** Attaches a virtual NIC (before the VM first runs, or when it is restored). */
  public void attachNic(Nic n) {
    this.nic = n;
    vreg[NET_MTU / 4] = n == null ? 0 : n.mtu();
  }

  public GuestProgram program() {
    return program;
  }

  public int id() {
    return id;
  }

  /** Attaches a virtual disk (before the VM first runs). */
  public void attachDisk(Disk d) {
    this.disk = d;
    vreg[DISK_BLOCKS / 4] = d == null ? 0 : d.blocks();
  }

  public boolean exited() {
    return exited;
  }

  public int exitStatus() {
    return exitStatus;
  }

  /** The fault that stopped this VM, or null. */
  public Fault fault() {
    return fault;
  }

  /** The timeout of the d.idle that stopped the VM, in microseconds (-1: none). */
  public long idleTimeoutMicros() {
    return idleTimeoutMicros;
  }

  public long wakeups() {
    return wakeups;
  }

  public long interruptsDelivered() {
    return interruptsDelivered;
  }

  /** How many batches of interrupts were delivered (each may carry several). */
  public long deliveries() {
    return deliveries;
  }

  /** Bytes of memory this VM owns. */
  public int memoryBytes() {
    return mem.length;
  }

  // ------------------------------------------------------------------ interrupts (batched)

  /** Raises interrupt bits; they are delivered at the start of the VM's next quantum. */
  public void raise(int bits) {
    vreg[PENDING / 4] |= bits;
  }

  /** Clears pending interrupt bits (a device whose condition has gone, e.g. an empty NIC). */
  void clearPending(int bits) {
    vreg[PENDING / 4] &= ~bits;
  }

  public int pendingInterrupts() {
    return vreg[PENDING / 4];
  }

  /** The timer deadline the guest set (monotonic microseconds), or 0 for none. */
  public long timerDeadline() {
    return (long) vreg[TIMER_HI / 4] << 32 | Integer.toUnsignedLong(vreg[TIMER_LO / 4]);
  }

  /**
   * Starts a quantum: updates the time registers, fires the timer when its deadline has passed
   * (one-shot: the deadline is cleared), and delivers all pending enabled interrupts at once
   * when a handler is set and none is running (ISA manual, "Virtual interrupts").
   */
  public void beginQuantum() {
    pollTimer();
    int deliver = vreg[PENDING / 4] & vreg[ENABLED / 4];
    if (deliver != 0 && vreg[HANDLER / 4] != 0 && vreg[IN_HANDLER / 4] == 0) {
      vreg[DELIVERED / 4] = deliver;
      vreg[PENDING / 4] &= ~deliver;
      vreg[SAVED_PC / 4] = pc;
      vreg[IN_HANDLER / 4] = 1;
      pc = vreg[HANDLER / 4];
      interruptsDelivered += Integer.bitCount(deliver);
      deliveries++;
    }
  }

  /**
   * Updates the time registers and fires the timer when its deadline has passed (one-shot: the
   * deadline is cleared); delivers nothing.
   */
  public void pollTimer() {
    long now = clock.monotonicMicros();
    vreg[TIME_LO / 4] = (int) now;
    vreg[TIME_HI / 4] = (int) (now >>> 32);
    long deadline = timerDeadline();
    if (deadline != 0 && now >= deadline) {
      vreg[PENDING / 4] |= IRQ_TIMER;
      vreg[TIMER_LO / 4] = 0;
      vreg[TIMER_HI / 4] = 0;
    }
  }

  /** Ends a d.idle: the guest's rd receives the pending interrupt bits (0: the timeout passed). */
  public void wake() {
    if (idleRd >= 0) {
      x[idleRd] = vreg[PENDING / 4];
      x[0] = 0;
      idleRd = -1;
      wakeups++;
    }
  }

  // ------------------------------------------------------------------ faults

  /** Records a fault cause and address, and returns the signal to throw. */
  public GuestFault faultSignal(FaultCause cause, int address) {
    faultCause = cause;
    faultAddress = address;
    return GuestFault.INSTANCE;
  }

  /** Completes the pending fault with the faulting instruction; the VM stops for good. */
  public void recordFault(int faultPc, int word) {
    fault = new Fault(faultCause, faultPc, word, faultAddress);
    pc = faultPc;
  }

  /** Records a fault found by an engine itself (jumps, illegal instructions). */
  public void recordFault(FaultCause cause, int faultPc, int word, int address) {
    faultCause = cause;
    faultAddress = address;
    recordFault(faultPc, word);
  }

  // ------------------------------------------------------------------ memory slow paths

  /**
   * Loads {@code size} (1, 2 or 4) bytes at {@code addr} from anywhere in the address space:
   * writable memory, the virtual-register page or the read-only image.
   */
  public int load(int addr, int size, boolean signed) {
    int a = addr - writableBase;
    int r = addr - program.readOnlyBase();
    byte[] ro = program.readOnly();
    int v;
    int g = addr - MemoryMap.VREG_PAGE;
    if (a >= 0 && a <= mem.length - size) {
      v = read(mem, a, size);
    } else if (r >= 0 && r <= ro.length - size) {
      v = read(ro, r, size);
    } else if (size == 4 && (g & 3) == 0 && g >= 0 && g < 4096) {
      // an aligned word of the virtual-register page (guests read VM_ID, PENDING, TIME often)
      v = g >> 2 < vreg.length ? vreg[g >> 2] : 0;
    } else {
      // the virtual-register page, an access straddling two regions, or a fault: byte by byte,
      // as the ISA defines a misaligned access
      v = 0;
      for (int i = size - 1; i >= 0; i--) {
        v = v << 8 | loadByte(addr + i, addr);
      }
      v = extend(v, size, true);
    }
    return signed ? v : extend(v, size, false);
  }

  /** Sign-extended little-endian value of {@code size} bytes at {@code b[i]}. */
  private static int read(byte[] b, int i, int size) {
    return switch (size) {
      case 1 -> b[i];
      case 2 -> (short) SHORT.get(b, i);
      default -> (int) INT.get(b, i);
    };
  }

  /** One byte anywhere in the address space; faults name {@code faultAddress}. */
  private int loadByte(int addr, int faultAddress) {
    int a = addr - writableBase;
    if (a >= 0 && a < mem.length) {
      return mem[a] & 0xFF;
    }
    if (addr >= MemoryMap.VREG_PAGE && addr < MemoryMap.VREG_PAGE + 4096) {
      return vregByte(addr - MemoryMap.VREG_PAGE);
    }
    int r = addr - program.readOnlyBase();
    if (r >= 0 && r < program.readOnly().length) {
      return program.readOnly()[r] & 0xFF;
    }
    throw faultSignal(FaultCause.LOAD_ACCESS, faultAddress);
  }

  private static int extend(int v, int size, boolean signed) {
    return switch (size) {
      case 1 -> signed ? (byte) v : v & 0xFF;
      case 2 -> signed ? (short) v : v & 0xFFFF;
      default -> v;
    };
  }

  private int vregByte(int offset) {
    int word = offset >> 2 < vreg.length ? vreg[offset >> 2] : 0;
    return (word >>> (8 * (offset & 3))) & 0xFF;
  }

  /** Stores the low {@code size} bytes of {@code value} at {@code addr}. */
  public void store(int addr, int size, int value) {
    int a = addr - writableBase;
    if (a >= 0 && a <= mem.length - size) {
      switch (size) {
        case 1 -> mem[a] = (byte) value;
        case 2 -> SHORT.set(mem, a, (short) value);
        default -> INT.set(mem, a, value);
      }
      return;
    }
    if (addr >= MemoryMap.VREG_PAGE && addr <= MemoryMap.VREG_PAGE + 4096 - size) {
      for (int i = 0; i < size; i++) {
        vregStore(addr - MemoryMap.VREG_PAGE + i, (value >>> (8 * i)) & 0xFF);
      }
      return;
    }
    int r = addr - program.readOnlyBase();
    if (r >= 0 && r <= program.readOnly().length - size) {
      throw faultSignal(FaultCause.STORE_READ_ONLY, addr);
    }
    throw faultSignal(FaultCause.STORE_ACCESS, addr);
  }

  /** One byte of a guest store to the virtual-register page; read-only registers ignore it. */
  private void vregStore(int offset, int b) {
    int reg = offset & ~3;
    int shift = 8 * (offset & 3);
    if (reg == PENDING) {
      vreg[PENDING / 4] &= ~(b << shift); // write 1 to clear
    } else if (reg == ENABLED || reg == HANDLER || reg == TIMER_LO || reg == TIMER_HI) {
      int w = vreg[reg / 4];
      vreg[reg / 4] = (w & ~(0xFF << shift)) | b << shift;
    }
  }

  /** The value of virtual register {@code offset} (a {@code VirtualRegisters} constant). */
  public int virtualRegister(int offset) {
    return vreg[offset / 4];
  }

  // ------------------------------------------------------------------ counters

  /** Reads a counter CSR; {@code instret} is the exact count before this instruction. */
  public int csr(int number, long instret) {
    Csr c = Csr.byNumber(number);
    if (c == null) {
      throw new IllegalStateException("BUG: decoder let CSR " + number + " through");
    }
    return switch (c) {
      case CYCLE, INSTRET -> (int) instret;
      case CYCLEH, INSTRETH -> (int) (instret >>> 32);
      case TIME -> (int) clock.monotonicMicros();
      case TIMEH -> (int) (clock.monotonicMicros() >>> 32);
    };
  }

  // ------------------------------------------------------------------ ecall and Denali

  /**
   * Runs the ecall service numbered a7 (ISA manual, "ecall services"). Returns true when the VM
   * must stop (it exited).
   */
  public boolean ecall() {
    return services.ecall();
  }

  /**
   * Executes a Denali virtual instruction (ISA manual, "Denali virtual instructions"). Returns
   * true when the VM must stop: it exited, or it went idle (then {@link #pc} must already point
   * past the d.idle).
   */
  public boolean denali(int op, int rd, int rs1, int rs2) {
    return services.denali(op, rd, rs1, rs2);
  }

  void exit(int status) {
    exitStatus = status;
    exited = true;
  }

  boolean writable(int addr, int length) {
    int a = addr - writableBase;
    return length >= 0 && a >= 0 && a <= mem.length - length;
  }

  /**
   * Bytes {@code [addr, addr+length)} of writable memory and the read-only image (a range may
   * span both), or null when not all of it is there.
   */
  byte[] readRange(int addr, int length) {
    if (length < 0) {
      return null;
    }
    if (writable(addr, length)) {
      byte[] out = new byte[length];
      System.arraycopy(mem, addr - writableBase, out, 0, length);
      return out;
    }
    long roStart = Integer.toUnsignedLong(program.readOnlyBase());
    long start = Integer.toUnsignedLong(addr);
    long end = start + length;
    long rwEnd = Integer.toUnsignedLong(writableBase) + mem.length;
    if (start < roStart || end > rwEnd) {
      return null;
    }
    // [roStart, writableBase) is the read-only image, [writableBase, rwEnd) writable memory
    byte[] ro = program.readOnly();
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      long at = start + i;
      long w = at - Integer.toUnsignedLong(writableBase);
      if (w >= 0) {
        out[i] = mem[(int) w];
      } else {
        long r = at - roStart;
        if (r >= ro.length) {
          return null;
        }
        out[i] = ro[(int) r];
      }
    }
    return out;
  }

  /** d.iret: returns true when it is legal (a handler is running), setting pc. */
  public boolean iret() {
    if (vreg[IN_HANDLER / 4] == 0) {
      return false;
    }
    vreg[IN_HANDLER / 4] = 0;
    pc = vreg[SAVED_PC / 4];
    return true;
  }

  /** A copy of the 32 architectural registers (x0..x31). */
  public int[] registers() {
    int[] r = new int[32];
    System.arraycopy(x, 0, r, 0, 32);
    return r;
  }
}
