package dev.denali.emu.jit;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.ByteOrder;

/**
 * Little-endian 16- and 32-bit accesses to a {@code byte[]} at an offset the caller has already
 * checked, for the JIT's loads and stores, which HotSpot inlines into translated code.
 *
 * <p>Two ways, chosen once: {@code sun.misc.Unsafe}'s plain accesses, a single intrinsic each,
 * on a little-endian host whose JVM (17 to 22) allows them without a warning, or when the
 * system property {@code denali.unsafe=true} says so (on 23 and later run with
 * {@code --sun-misc-unsafe-memory-access=allow} too); else the JDK's byte-array view
 * {@code VarHandle}s, which check the bounds again and take more of C2's inlining budget per
 * access. Unsafe is reached through method handles, so nothing refers to it by name.
 */
final class LittleEndian {
  private LittleEndian() {}

  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class,
      ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class,
      ByteOrder.LITTLE_ENDIAN);

  /** True when the Unsafe accesses are used. */
  static final boolean UNSAFE;
  private static final long BASE;
  private static final MethodHandle GET_INT;
  private static final MethodHandle GET_SHORT;
  private static final MethodHandle PUT_INT;
  private static final MethodHandle PUT_SHORT;

  static {
    MethodHandle gi = null;
    MethodHandle gs = null;
    MethodHandle pi = null;
    MethodHandle ps = null;
    long base = 0;
    boolean allowed = Runtime.version().feature() <= 22 || Boolean.getBoolean("denali.unsafe");
    if (allowed && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
        && !"false".equals(System.getProperty("denali.unsafe"))) {
      try {
        Class<?> c = Class.forName("sun.misc.Unsafe");
        Field f = c.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        Object u = f.get(null);
        MethodHandles.Lookup l = MethodHandles.lookup();
        base = (int) l.findVirtual(c, "arrayBaseOffset", MethodType.methodType(int.class,
            Class.class)).invoke(u, byte[].class);
        gi = l.findVirtual(c, "getInt", MethodType.methodType(int.class, Object.class,
            long.class)).bindTo(u);
        gs = l.findVirtual(c, "getShort", MethodType.methodType(short.class, Object.class,
            long.class)).bindTo(u);
        pi = l.findVirtual(c, "putInt", MethodType.methodType(void.class, Object.class,
            long.class, int.class)).bindTo(u);
        ps = l.findVirtual(c, "putShort", MethodType.methodType(void.class, Object.class,
            long.class, short.class)).bindTo(u);
      } catch (Throwable e) { // no Unsafe here: the VarHandles serve
        gi = null;
      }
    }
    UNSAFE = gi != null;
    BASE = base;
    GET_INT = gi;
    GET_SHORT = gs;
    PUT_INT = pi;
    PUT_SHORT = ps;
  }

  static int getInt(byte[] b, int at) {
    if (UNSAFE) {
      try {
        return (int) GET_INT.invokeExact((Object) b, BASE + at);
      } catch (Throwable e) {
        throw new IllegalStateException("BUG: Unsafe.getInt", e);
      }
    }
    return (int) INT.get(b, at);
  }

  static short getShort(byte[] b, int at) {
    if (UNSAFE) {
      try {
        return (short) GET_SHORT.invokeExact((Object) b, BASE + at);
      } catch (Throwable e) {
        throw new IllegalStateException("BUG: Unsafe.getShort", e);
      }
    }
    return (short) SHORT.get(b, at);
  }

  static void putInt(byte[] b, int at, int value) {
    if (UNSAFE) {
      try {
        PUT_INT.invokeExact((Object) b, BASE + at, value);
        return;
      } catch (Throwable e) {
        throw new IllegalStateException("BUG: Unsafe.putInt", e);
      }
    }
    INT.set(b, at, value);
  }

  static void putShort(byte[] b, int at, short value) {
    if (UNSAFE) {
      try {
        PUT_SHORT.invokeExact((Object) b, BASE + at, value);
        return;
      } catch (Throwable e) {
        throw new IllegalStateException("BUG: Unsafe.putShort", e);
      }
    }
    SHORT.set(b, at, value);
  }
}
