package dev.denali.emu.jit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.ByteOrder;

/**
 * Little-endian 8-, 16- and 32-bit accesses to a {@code byte[]} at an offset the caller has
 * already checked, for the JIT's loads and stores, which HotSpot inlines into translated code.
 *
 * <p>Two ways, chosen once: {@code sun.misc.Unsafe}'s plain accesses, a single intrinsic each in
 * every tier of HotSpot, on a little-endian host whose JVM (17 to 22) allows them without a
 * warning, or when the system property {@code denali.unsafe=true} says so (on 23 and later run
 * with {@code --sun-misc-unsafe-memory-access=allow} too); else the JDK's byte-array view
 * {@code VarHandle}s, which check the bounds again and cost more until C2 has compiled them.
 * (The emulator is compiled with {@code -XDignore.symbol.file}, so that using Unsafe does not
 * warn at every build.)
 */
final class LittleEndian {
  private LittleEndian() {}

  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class,
      ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class,
      ByteOrder.LITTLE_ENDIAN);

  /** The Unsafe instance when its accesses are used, else null. */
  private static final sun.misc.Unsafe U = unsafe();
  /** True when the Unsafe accesses are used. */
  static final boolean UNSAFE = U != null;
  private static final long BASE = UNSAFE ? sun.misc.Unsafe.ARRAY_BYTE_BASE_OFFSET : 0;

  private static sun.misc.Unsafe unsafe() {
    String choice = System.getProperty("denali.unsafe");
    boolean allowed = Runtime.version().feature() <= 22 ? !"false".equals(choice)
        : "true".equals(choice);
    if (!allowed || ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      return null;
    }
    try {
      Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      return (sun.misc.Unsafe) f.get(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // no Unsafe here: the VarHandles serve
    }
  }

  static int getInt(byte[] b, int at) {
    return UNSAFE ? U.getInt(b, BASE + at) : (int) INT.get(b, at);
  }

  static byte getByte(byte[] b, int at) {
    return UNSAFE ? U.getByte(b, BASE + at) : b[at];
  }

  static void putByte(byte[] b, int at, byte value) {
    if (UNSAFE) {
      U.putByte(b, BASE + at, value);
    } else {
      b[at] = value;
    }
  }

  static short getShort(byte[] b, int at) {
    return UNSAFE ? U.getShort(b, BASE + at) : (short) SHORT.get(b, at);
  }

  static void putInt(byte[] b, int at, int value) {
    if (UNSAFE) {
      U.putInt(b, BASE + at, value);
    } else {
      INT.set(b, at, value);
    }
  }

  static void putShort(byte[] b, int at, short value) {
    if (UNSAFE) {
      U.putShort(b, BASE + at, value);
    } else {
      SHORT.set(b, at, value);
    }
  }
}
