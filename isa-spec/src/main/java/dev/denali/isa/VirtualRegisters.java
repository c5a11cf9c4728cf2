package dev.denali.isa;

/**
 * Layout of the virtual-register page at {@link MemoryMap#VREG_PAGE} (manual, "Virtual
 * registers"). Each register is a little-endian 32-bit word at the given byte offset. The kernel
 * and the guest share the page without traps: the kernel writes it before each quantum and reads
 * the guest-writable registers after it.
 */
public final class VirtualRegisters {
  private VirtualRegisters() {}

  /** Read-only: {@link #MAGIC_VALUE}, "DNLI" in memory order. */
  public static final int MAGIC = 0x00;
  /** Read-only: layout version, {@link #VERSION_VALUE}. */
  public static final int VERSION = 0x04;
  /** Read-only: size of guest memory in bytes. */
  public static final int MEMORY_SIZE = 0x08;
  /** Read-only: this VM's id in its kernel. */
  public static final int VM_ID = 0x0C;
  /** Read-only: monotonic microseconds at the start of the current quantum, low word. */
  public static final int TIME_LO = 0x10;
  /** Read-only: monotonic microseconds at the start of the current quantum, high word. */
  public static final int TIME_HI = 0x14;
  /** Pending interrupt bits; the kernel sets them, the guest clears a bit by writing 1 to it. */
  public static final int PENDING = 0x18;
  /** Guest-written: the interrupt bits that may invoke the handler. */
  public static final int ENABLED = 0x1C;
  /** Guest-written: the handler's address, 0 for none. */
  public static final int HANDLER = 0x20;
  /** Read-only: the pc the handler was entered from; d.iret returns there. */
  public static final int SAVED_PC = 0x24;
  /** Read-only: the interrupt bits delivered by the last batch. */
  public static final int DELIVERED = 0x28;
  /** Guest-written: timer deadline in monotonic microseconds, low word (0 and 0: no timer). */
  public static final int TIMER_LO = 0x2C;
  /** Guest-written: timer deadline, high word. */
  public static final int TIMER_HI = 0x30;
  /** Read-only: number of blocks of the virtual disk, 0 when the VM has none. */
  public static final int DISK_BLOCKS = 0x34;
  /** Read-only: bytes per disk block, {@link #DISK_BLOCK_SIZE_VALUE}. */
  public static final int DISK_BLOCK_SIZE = 0x38;
  /** Read-only: the largest message the virtual NIC carries, in bytes. */
  public static final int NET_MTU = 0x3C;
  /** Read-only: 1 while the interrupt handler runs (between delivery and d.iret), else 0. */
  public static final int IN_HANDLER = 0x40;

  /** Bytes of the page in use; the rest reads as zero. */
  public static final int USED_BYTES = 0x44;

  public static final int MAGIC_VALUE = 0x494C_4E44;
  public static final int VERSION_VALUE = 1;
  public static final int DISK_BLOCK_SIZE_VALUE = 4096;

  /** Interrupt bit: the timer deadline has passed. */
  public static final int IRQ_TIMER = 1;
  /** Interrupt bit: the virtual NIC holds at least one message. */
  public static final int IRQ_NET = 1 << 1;
}
