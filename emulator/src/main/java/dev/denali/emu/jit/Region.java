package dev.denali.emu.jit;

import dev.denali.emu.Vm;

/**
 * A translated region of guest code: generated subclasses run guest instructions as JVM
 * bytecode from one of the region's block leaders until control leaves the region, the budget
 * runs short at a block boundary, or the guest exits, idles or faults.
 */
public abstract class Region {
  /** Status: continue at the returned instruction index (outside this region, or a jalr). */
  public static final int CONTINUE = 0;
  /** Status: the guest exited; vm.pc is past the exiting instruction. */
  public static final int EXITED = 1;
  /** Status: the guest executed d.idle; vm.pc is past it. */
  public static final int IDLE = 2;
  /** Status: the guest faulted; the fault is recorded in the VM. */
  public static final int FAULTED = 3;
  /** Status: less budget is left than the block at the returned index needs. */
  public static final int SHORT = 4;

  /**
   * Runs from instruction index {@code entry} (a leader of this region) with the budget in
   * {@code frame}; updates the budget, vm.retired and the registers.
   *
   * @return {@code status << 32 | nextIndex}
   */
  public abstract long run(Vm vm, int entry, JitFrame frame);

  public static int status(long result) {
    return (int) (result >>> 32);
  }

  public static int next(long result) {
    return (int) result;
  }
}
