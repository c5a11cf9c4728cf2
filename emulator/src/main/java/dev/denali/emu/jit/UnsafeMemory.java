package dev.denali.emu.jit;

/**
 * Translated code's out-of-line loads through {@code sun.misc.Unsafe} (when {@link
 * LittleEndian#UNSAFE}; else {@link ViewMemory}, with the same methods): those the generated
 * code makes when its own bounds test (see {@link InstructionEmitter}) found a load outside
 * writable memory. {@code o} is the guest address minus the writable base (an offset into the
 * VM's memory), {@code index} the instruction's, for a fault. They try the program's read-only
 * image ({@code ro}, a constant of the generated class), then the VM's slow path, where stores
 * outside writable memory go directly ({@link JitContext#store}). The unchecked accesses inside
 * writable memory are not here but in each program class loader's anchor, where only generated
 * code reaches them ({@link ProgramClassLoader}).
 *
 * <p>Public because the generated classes live in their program's own class loader; every
 * access here is bounds-checked, whoever calls it.
 */
public final class UnsafeMemory {
  private UnsafeMemory() {}

  private static final sun.misc.Unsafe U = LittleEndian.U;
  private static final long BASE = LittleEndian.BASE;

  // Outside writable memory: the read-only image, else the VM. Small too, since a loop over a
  // constant table runs them hot.

  public static int lwOther(JitContext ctx, int o, byte[] ro, int index) {
    int r = o + ctx.readOnlyDelta;
    if (r >= 0 && r < ro.length - 3) {
      return U.getInt(ro, BASE + r);
    }
    return ctx.load(o, 4, true, index);
  }

  public static int lhOther(JitContext ctx, int o, byte[] ro, int index) {
    int r = o + ctx.readOnlyDelta;
    if (r >= 0 && r < ro.length - 1) {
      return U.getShort(ro, BASE + r);
    }
    return ctx.load(o, 2, true, index);
  }

  public static int lbOther(JitContext ctx, int o, byte[] ro, int index) {
    int r = o + ctx.readOnlyDelta;
    if (r >= 0 && r < ro.length) {
      return U.getByte(ro, BASE + r);
    }
    return ctx.load(o, 1, true, index);
  }
}
