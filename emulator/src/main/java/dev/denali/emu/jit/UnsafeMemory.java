package dev.denali.emu.jit;

/**
 * Translated code's loads and stores through {@code sun.misc.Unsafe} (when {@link
 * LittleEndian#UNSAFE}; else {@link ViewMemory}, with the same methods). {@code o} is the guest
 * address minus the writable base (an offset into {@code mem}), {@code index} the instruction's,
 * for a fault; the generated code masks what {@code lbu} and {@code lhu} load.
 *
 * <p>Each method is a bounds check and one access, everything else out of line: the program's
 * read-only image (constants, strings, tables; {@code ro} is a constant of the generated class),
 * then the VM's slow path. They are this small on purpose: C1 inlines only methods of at most 35
 * bytes of bytecode (the loads are 35), and C2 stops inlining into a method once it and what it
 * inlined pass 8,000 bytes, so every byte here is paid at every access of a large translated
 * function. Before, with the read-only bounds inline and an accessor layer, an inlined load cost
 * 93 bytes.
 *
 * <p>Public because the generated classes live in their program's own class loader (see {@link
 * ProgramClassLoader}); every access is bounds-checked against {@code mem}, whoever calls it.
 */
public final class UnsafeMemory {
  private UnsafeMemory() {}

  private static final sun.misc.Unsafe U = LittleEndian.U;
  private static final long BASE = LittleEndian.BASE;

  public static int lw(JitContext ctx, byte[] mem, int o, byte[] ro, int index) {
    if (o >= 0 && o < mem.length - 3) {
      return U.getInt(mem, BASE + o);
    }
    return lwOther(ctx, o, ro, index);
  }

  public static int lh(JitContext ctx, byte[] mem, int o, byte[] ro, int index) {
    if (o >= 0 && o < mem.length - 1) {
      return U.getShort(mem, BASE + o);
    }
    return lhOther(ctx, o, ro, index);
  }

  public static int lb(JitContext ctx, byte[] mem, int o, byte[] ro, int index) {
    if (o >= 0 && o < mem.length) {
      return U.getByte(mem, BASE + o);
    }
    return lbOther(ctx, o, ro, index);
  }

  public static void sw(JitContext ctx, byte[] mem, int o, int value, int index) {
    if (o >= 0 && o < mem.length - 3) {
      U.putInt(mem, BASE + o, value);
    } else {
      ctx.store(o, 4, value, index);
    }
  }

  public static void sh(JitContext ctx, byte[] mem, int o, int value, int index) {
    if (o >= 0 && o < mem.length - 1) {
      U.putShort(mem, BASE + o, (short) value);
    } else {
      ctx.store(o, 2, value, index);
    }
  }

  public static void sb(JitContext ctx, byte[] mem, int o, int value, int index) {
    if (o >= 0 && o < mem.length) {
      U.putByte(mem, BASE + o, (byte) value);
    } else {
      ctx.store(o, 1, value, index);
    }
  }

  // Outside writable memory: the read-only image, else the VM. Small too, since a loop over a
  // constant table runs them hot.

  private static int lwOther(JitContext ctx, int o, byte[] ro, int index) {
    int r = o + ctx.readOnlyDelta;
    if (r >= 0 && r < ro.length - 3) {
      return U.getInt(ro, BASE + r);
    }
    return ctx.load(o, 4, true, index);
  }

  private static int lhOther(JitContext ctx, int o, byte[] ro, int index) {
    int r = o + ctx.readOnlyDelta;
    if (r >= 0 && r < ro.length - 1) {
      return U.getShort(ro, BASE + r);
    }
    return ctx.load(o, 2, true, index);
  }

  private static int lbOther(JitContext ctx, int o, byte[] ro, int index) {
    int r = o + ctx.readOnlyDelta;
    if (r >= 0 && r < ro.length) {
      return U.getByte(ro, BASE + r);
    }
    return ctx.load(o, 1, true, index);
  }
}
