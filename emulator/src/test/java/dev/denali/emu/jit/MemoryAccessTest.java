package dev.denali.emu.jit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The two ways translated code reaches guest memory (a program class loader's anchor and
 * {@link UnsafeMemory}, used where the JVM allows Unsafe, and {@link ViewMemory}, the fallback
 * that the other tests never run on such a JVM)
 * agree with a plain little-endian reading of writable memory (their unchecked accesses, which
 * the generated code calls after its own bounds test) and of the read-only image (their
 * out-of-line path), at every offset that lies wholly inside one of them. (Offsets outside both go to the VM's slow
 * path, which the engine tests cover.) Where this JVM refuses Unsafe, only the view is checked.
 */
class MemoryAccessTest {
  private static final int DELTA = 40; // read-only offset = writable offset + DELTA

  /** The unchecked accesses of a program class loader's anchor, by size (with Unsafe). */
  private static final MethodHandle[] ANCHOR_LOADS = new MethodHandle[5];
  private static final MethodHandle[] ANCHOR_STORES = new MethodHandle[5];

  static {
    if (LittleEndian.UNSAFE) {
      MethodHandles.Lookup anchor = ProgramClassLoader.newLookup();
      String[] names = {null, "b", "h", null, "w"};
      for (int size : new int[] {1, 2, 4}) {
        try {
          ANCHOR_LOADS[size] = anchor.findStatic(anchor.lookupClass(), "l" + names[size],
              MethodType.methodType(int.class, byte[].class, int.class));
          ANCHOR_STORES[size] = anchor.findStatic(anchor.lookupClass(), "s" + names[size],
              MethodType.methodType(void.class, byte[].class, int.class, int.class));
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }
    }
  }

  /**
   * The unchecked accesses are reachable only from the program's own runtime package (its
   * generated classes): not public, so a public lookup, or code in the emulator's own package
   * (another loader), cannot find them.
   */
  @org.junit.jupiter.api.Test
  void uncheckedAccessesAreNotPublic() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(LittleEndian.UNSAFE, "Unsafe refused here");
    Class<?> anchor = ProgramClassLoader.newLookup().lookupClass();
    for (String name : new String[] {"lw", "lh", "lb"}) {
      java.lang.reflect.Method m = anchor.getDeclaredMethod(name, byte[].class, int.class);
      assertThat(java.lang.reflect.Modifier.isPublic(m.getModifiers())).as(name).isFalse();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> MethodHandles.lookup()
          .findStatic(anchor, name, MethodType.methodType(int.class, byte[].class, int.class)))
          .isInstanceOf(IllegalAccessException.class);
    }
    for (String name : new String[] {"sw", "sh", "sb"}) {
      java.lang.reflect.Method m = anchor.getDeclaredMethod(name, byte[].class, int.class,
          int.class);
      assertThat(java.lang.reflect.Modifier.isPublic(m.getModifiers())).as(name).isFalse();
    }
  }

  @Property(tries = 2000)
  void unsafeAndViewAccessesAgree(@ForAll @Size(64) byte[] mem, @ForAll @Size(24) byte[] ro,
      @ForAll @IntRange(min = -40, max = 64) int o, @ForAll int value) throws Throwable {
    JitContext ctx = new JitContext();
    ctx.readOnlyDelta = DELTA;
    for (int size : new int[] {1, 2, 4}) {
      boolean writable = o >= 0 && o + size <= mem.length;
      boolean readOnly = o + DELTA >= 0 && o + DELTA + size <= ro.length;
      if (!writable && !readOnly) {
        continue;
      }
      byte[] area = writable ? mem : ro;
      int at = writable ? o : o + DELTA;
      ByteBuffer le = ByteBuffer.wrap(area).order(ByteOrder.LITTLE_ENDIAN);
      int expected = size == 4 ? le.getInt(at) : size == 2 ? le.getShort(at) : area[at];
      // as the generated code does: inside writable memory the unchecked access, else the
      // out-of-line path
      int viaUnsafe = !LittleEndian.UNSAFE ? expected
          : writable ? (int) ANCHOR_LOADS[size].invokeExact(mem, o)
          : size == 4 ? UnsafeMemory.lwOther(ctx, o, ro, 0)
          : size == 2 ? UnsafeMemory.lhOther(ctx, o, ro, 0) : UnsafeMemory.lbOther(ctx, o, ro, 0);
      int viaView = writable ? (size == 4 ? ViewMemory.lw(mem, o)
              : size == 2 ? ViewMemory.lh(mem, o) : ViewMemory.lb(mem, o))
          : size == 4 ? ViewMemory.lwOther(ctx, o, ro, 0)
          : size == 2 ? ViewMemory.lhOther(ctx, o, ro, 0) : ViewMemory.lbOther(ctx, o, ro, 0);
      assertThat(viaUnsafe).as("unsafe load of %d at %d", size, o).isEqualTo(expected);
      assertThat(viaView).as("view load of %d at %d", size, o).isEqualTo(expected);
      if (writable) {
        byte[] a = mem.clone();
        byte[] b = mem.clone();
        store(LittleEndian.UNSAFE, a, o, value, size);
        store(false, b, o, value, size);
        ByteBuffer expect = ByteBuffer.wrap(mem.clone()).order(ByteOrder.LITTLE_ENDIAN);
        if (size == 4) {
          expect.putInt(o, value);
        } else if (size == 2) {
          expect.putShort(o, (short) value);
        } else {
          expect.put(o, (byte) value);
        }
        assertThat(a).as("unsafe store of %d at %d", size, o).isEqualTo(expect.array());
        assertThat(b).as("view store of %d at %d", size, o).isEqualTo(expect.array());
      }
    }
  }

  private static void store(boolean unsafe, byte[] mem, int o, int v, int size)
      throws Throwable {
    if (unsafe) {
      ANCHOR_STORES[size].invokeExact(mem, o, v);
    } else {
      switch (size) {
        case 4 -> ViewMemory.sw(mem, o, v);
        case 2 -> ViewMemory.sh(mem, o, v);
        default -> ViewMemory.sb(mem, o, v);
      }
    }
  }
}
