package dev.denali.isa;

/**
 * The guest address space (manual, "Memory map"). Every VM has one flat, private address space
 * from 0 to its memory size.
 *
 * <pre>
 *   0x0000_0000  null guard page: any access faults
 *   0x0000_1000  virtual-register page ({@link VirtualRegisters})
 *   0x0000_2000  unmapped up to the text base: any access faults, except that
 *   0x0000_F000  may hold the ELF headers (read-only), which loaders map below the text
 *   0x0001_0000  .text (read, execute), then .rodata (read), then .data and .bss (read, write),
 *                each segment starting on a page boundary
 *   ...          heap: from the end of .bss up to the stack
 *   memory size  top of the stack; sp starts here (16-byte aligned), the stack grows down
 * </pre>
 */
public final class MemoryMap {
  private MemoryMap() {}

  public static final int PAGE_SIZE = 0x1000;
  /** The virtual-register page sits here, one page long. */
  public static final int VREG_PAGE = 0x1000;
  /** Where the assembler places .text, and the lowest address a loadable segment may use. */
  public static final int TEXT_BASE = 0x1_0000;
  /** Default guest memory: 1 MiB. */
  public static final int DEFAULT_MEMORY = 1 << 20;
  /** Smallest guest memory: 128 KiB (the text base plus room for code and stack). */
  public static final int MIN_MEMORY = 128 << 10;
  /** Largest guest memory: 1 GiB. */
  public static final int MAX_MEMORY = 1 << 30;
  /** Default stack reservation at the top of memory: 64 KiB (memory / 8 when that is less). */
  public static final int DEFAULT_STACK = 64 << 10;
}
