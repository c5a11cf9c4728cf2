package dev.denali.emu.jit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Translated code's loads and stores where {@link UnsafeMemory} cannot serve (see {@link
 * LittleEndian}): the same methods through the JDK's byte-array view {@code VarHandle}s, which
 * check the bounds again (the generated code has tested them already) and cost more until C2
 * has compiled them. Public for the same reason
 * as UnsafeMemory.
 */
public final class ViewMemory {
  private ViewMemory() {}

  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class,
      ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class,
      ByteOrder.LITTLE_ENDIAN);

  public static int lw(byte[] mem, int o) {
    return (int) INT.get(mem, o);
  }

  public static int lh(byte[] mem, int o) {
    return (short) SHORT.get(mem, o);
  }

  public static int lb(byte[] mem, int o) {
    return mem[o];
  }

  public static void sw(byte[] mem, int o, int value) {
    INT.set(mem, o, value);
  }

  public static void sh(byte[] mem, int o, int value) {
    SHORT.set(mem, o, (short) value);
  }

  public static void sb(byte[] mem, int o, int value) {
    mem[o] = (byte) value;
  }

  // Outside writable memory: the read-only image, else the VM. Small too, since a loop over a
  // constant table runs them hot.

  public static int lwOther(JitContext ctx, int o, byte[] ro, int index) {
    int r = o + ctx.readOnlyDelta;
    if (r >= 0 && r < ro.length - 3) {
      return (int) INT.get(ro, r);
    }
    return ctx.load(o, 4, true, index);
  }

  public static int lhOther(JitContext ctx, int o, byte[] ro, int index) {
    int r = o + ctx.readOnlyDelta;
    if (r >= 0 && r < ro.length - 1) {
      return (short) SHORT.get(ro, r);
    }
    return ctx.load(o, 2, true, index);
  }

  public static int lbOther(JitContext ctx, int o, byte[] ro, int index) {
    int r = o + ctx.readOnlyDelta;
    if (r >= 0 && r < ro.length) {
      return ro[r];
    }
    return ctx.load(o, 1, true, index);
  }
}
