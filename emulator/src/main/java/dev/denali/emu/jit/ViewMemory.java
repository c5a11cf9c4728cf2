package dev.denali.emu.jit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Translated code's loads and stores where {@link UnsafeMemory} cannot serve (see {@link
 * LittleEndian}): the same methods through the JDK's byte-array view {@code VarHandle}s, which
 * check the bounds again and cost more until C2 has compiled them. Public for the same reason
 * as UnsafeMemory.
 */
public final class ViewMemory {
  private ViewMemory() {}

  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class,
      ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class,
      ByteOrder.LITTLE_ENDIAN);

  public static int lw(JitContext ctx, byte[] mem, int o, byte[] ro, int index) {
    if (o >= 0 && o < mem.length - 3) {
      return (int) INT.get(mem, o);
    }
    return lwOther(ctx, o, ro, index);
  }

  public static int lh(JitContext ctx, byte[] mem, int o, byte[] ro, int index) {
    if (o >= 0 && o < mem.length - 1) {
      return (short) SHORT.get(mem, o);
    }
    return lhOther(ctx, o, ro, index);
  }

  public static int lb(JitContext ctx, byte[] mem, int o, byte[] ro, int index) {
    if (o >= 0 && o < mem.length) {
      return mem[o];
    }
    return lbOther(ctx, o, ro, index);
  }

  public static void sw(JitContext ctx, byte[] mem, int o, int value, int index) {
    if (o >= 0 && o < mem.length - 3) {
      INT.set(mem, o, value);
    } else {
      ctx.store(o, 4, value, index);
    }
  }

  public static void sh(JitContext ctx, byte[] mem, int o, int value, int index) {
    if (o >= 0 && o < mem.length - 1) {
      SHORT.set(mem, o, (short) value);
    } else {
      ctx.store(o, 2, value, index);
    }
  }

  public static void sb(JitContext ctx, byte[] mem, int o, int value, int index) {
    if (o >= 0 && o < mem.length) {
      mem[o] = (byte) value;
    } else {
      ctx.store(o, 1, value, index);
    }
  }

  // Outside writable memory: the read-only image, else the VM. Small too, since a loop over a
  // constant table runs them hot.

  private static int lwOther(JitContext ctx, int o, byte[] ro, int index) {
    int r = o + ctx.readOnlyDelta;
    if (r >= 0 && r < ro.length - 3) {
      return (int) INT.get(ro, r);
    }
    return ctx.load(o, 4, true, index);
  }

  private static int lhOther(JitContext ctx, int o, byte[] ro, int index) {
    int r = o + ctx.readOnlyDelta;
    if (r >= 0 && r < ro.length - 1) {
      return (short) SHORT.get(ro, r);
    }
    return ctx.load(o, 2, true, index);
  }

  private static int lbOther(JitContext ctx, int o, byte[] ro, int index) {
    int r = o + ctx.readOnlyDelta;
    if (r >= 0 && r < ro.length) {
      return ro[r];
    }
    return ctx.load(o, 1, true, index);
  }
}
