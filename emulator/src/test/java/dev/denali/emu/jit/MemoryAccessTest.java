package dev.denali.emu.jit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The two ways translated code reaches guest memory ({@link UnsafeMemory}, used where the JVM
 * allows it, and {@link ViewMemory}, the fallback that the other tests never run on such a JVM)
 * agree with a plain little-endian reading of writable memory and of the read-only image, at
 * every offset that lies wholly inside one of them. (Offsets outside both go to the VM's slow
 * path, which the engine tests cover.) Where this JVM refuses Unsafe, only the view is checked.
 */
class MemoryAccessTest {
  private static final int DELTA = 40; // read-only offset = writable offset + DELTA

  @Property(tries = 2000)
  void unsafeAndViewAccessesAgree(@ForAll @Size(64) byte[] mem, @ForAll @Size(24) byte[] ro,
      @ForAll @IntRange(min = -40, max = 64) int o, @ForAll int value) {
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
      int viaUnsafe = !LittleEndian.UNSAFE ? expected
          : size == 4 ? UnsafeMemory.lw(ctx, mem, o, ro, 0)
          : size == 2 ? UnsafeMemory.lh(ctx, mem, o, ro, 0) : UnsafeMemory.lb(ctx, mem, o, ro, 0);
      int viaView = size == 4 ? ViewMemory.lw(ctx, mem, o, ro, 0)
          : size == 2 ? ViewMemory.lh(ctx, mem, o, ro, 0) : ViewMemory.lb(ctx, mem, o, ro, 0);
      assertThat(viaUnsafe).as("unsafe load of %d at %d", size, o).isEqualTo(expected);
      assertThat(viaView).as("view load of %d at %d", size, o).isEqualTo(expected);
      if (writable) {
        byte[] a = mem.clone();
        byte[] b = mem.clone();
        store(LittleEndian.UNSAFE, ctx, a, o, value, size);
        store(false, ctx, b, o, value, size);
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

  private static void store(boolean unsafe, JitContext ctx, byte[] mem, int o, int v, int size) {
    if (unsafe) {
      switch (size) {
        case 4 -> UnsafeMemory.sw(ctx, mem, o, v, 0);
        case 2 -> UnsafeMemory.sh(ctx, mem, o, v, 0);
        default -> UnsafeMemory.sb(ctx, mem, o, v, 0);
      }
    } else {
      switch (size) {
        case 4 -> ViewMemory.sw(ctx, mem, o, v, 0);
        case 2 -> ViewMemory.sh(ctx, mem, o, v, 0);
        default -> ViewMemory.sb(ctx, mem, o, v, 0);
      }
    }
  }
}
