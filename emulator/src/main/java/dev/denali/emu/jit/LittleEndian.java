package dev.denali.emu.jit;

import java.lang.reflect.Field;
import java.nio.ByteOrder;

/**
 * How translated code reaches guest memory, chosen once: {@link UnsafeMemory} or {@link
 * ViewMemory} (little-endian 8-, 16- and 32-bit accesses to a {@code byte[]}).
 *
 * <p>Two ways: {@code sun.misc.Unsafe}'s plain accesses, a single intrinsic each in
 * every tier of HotSpot, on a little-endian host whose JVM (17 to 22) allows them without a
 * warning, or when the system property {@code denali.unsafe=true} says so (on 23 and later run
 * with {@code --sun-misc-unsafe-memory-access=allow} too); else the JDK's byte-array view
 * {@code VarHandle}s, which check the bounds again and cost more until C2 has compiled them.
 * (The emulator is compiled with {@code -XDignore.symbol.file}, so that using Unsafe does not
 * warn at every build.)
 */
final class LittleEndian {
  private LittleEndian() {}

  /** The Unsafe instance when its accesses are used, else null. */
  static final sun.misc.Unsafe U = unsafe();
  /** True when the Unsafe accesses are used. */
  static final boolean UNSAFE = U != null;
  static final long BASE = UNSAFE ? sun.misc.Unsafe.ARRAY_BYTE_BASE_OFFSET : 0;

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
}
