package dev.denali.emu;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The complete state of a stopped (not running) VM as bytes, and back: registers, pc, counters,
 * the virtual-register page, the idle state and the writable memory, compressed. The kernel
 * hibernates an idle VM by writing this to disk and dropping the {@link Vm}; restoring gives a VM
 * that continues exactly where it was, under any engine (engines keep no state of their own in a
 * VM between quanta).
 *
 * <p>Memory is stored as a bitmap of the 4 KiB pages that are not all zero, followed by those
 * pages deflated at the fastest level: an idle service's memory is mostly zero pages, which then
 * cost one bit each.
 */
public final class VmSnapshot {
  private static final int MAGIC = 0x444E_534E; // "DNSN"
  private static final int FORMAT = 1;
  private static final int PAGE = 4096;

  private VmSnapshot() {}

  /** The state of {@code vm}, which must not be running, exited or faulted. */
  public static byte[] capture(Vm vm) {
    if (vm.exited() || vm.fault() != null) {
      throw new IllegalStateException("VM " + vm.id() + " has ended; there is nothing to resume");
    }
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      out.writeInt(vm.writableBase);
      out.writeInt(vm.mem.length);
      for (int r = 0; r < 32; r++) {
        out.writeInt(vm.x[r]);
      }
      out.writeInt(vm.pc);
      out.writeLong(vm.retired);
      out.writeInt(vm.vreg.length);
      for (int w : vm.vreg) {
        out.writeInt(w);
      }
      out.writeLong(vm.idleTimeoutMicros);
      out.writeInt(vm.idleRd);
      out.writeLong(vm.wakeups);
      out.writeLong(vm.interruptsDelivered);
      out.writeLong(vm.deliveries);
      writeMemory(out, vm.mem);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("BUG: in-memory stream failed", e);
    }
  }

  /**
   * A VM of {@code program} in the state {@code snapshot} recorded.
   *
   * @throws IOException when the snapshot is damaged or belongs to another program's layout
   */
  public static Vm restore(byte[] snapshot, GuestProgram program, int id, Console console,
      Clock clock) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot));
    if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
      throw new IOException("not a Denali VM snapshot (bad magic or format)");
    }
    int writableBase = in.readInt();
    int length = in.readInt();
    int expected = program.config().memory() - program.writableBase();
    if (writableBase != program.writableBase() || length != expected) {
      throw new IOException("snapshot memory layout " + Integer.toHexString(writableBase) + "+"
          + length + " does not match program " + program.name());
    }
    int[] x = new int[32];
    for (int r = 0; r < 32; r++) {
      x[r] = in.readInt();
    }
    int pc = in.readInt();
    long retired = in.readLong();
    int vregWords = in.readInt();
    int[] vreg = new int[vregWords];
    for (int i = 0; i < vregWords; i++) {
      vreg[i] = in.readInt();
    }
    long idleTimeout = in.readLong();
    int idleRd = in.readInt();
    long wakeups = in.readLong();
    long interrupts = in.readLong();
    long deliveries = in.readLong();
    byte[] mem = readMemory(in, length);

    Vm vm = new Vm(program, id, console, clock, mem);
    if (vregWords != vm.vreg.length || idleRd < -1 || idleRd > 32) {
      throw new IOException("snapshot virtual-register page does not match this kernel");
    }
    System.arraycopy(x, 0, vm.x, 0, 32);
    vm.x[0] = 0;
    vm.pc = pc;
    vm.retired = retired;
    System.arraycopy(vreg, 0, vm.vreg, 0, vregWords);
    vm.idleTimeoutMicros = idleTimeout;
    vm.idleRd = idleRd;
    vm.wakeups = wakeups;
    vm.interruptsDelivered = interrupts;
    vm.deliveries = deliveries;
    return vm;
  }

  /**
   * Writes the bitmap of non-zero pages, then those pages deflated one at a time (so the only
   * buffer as large as the memory is the compressed one, never a copy of the raw pages).
   */
  private static void writeMemory(DataOutputStream out, byte[] mem) throws IOException {
    int pages = (mem.length + PAGE - 1) / PAGE;
    byte[] bitmap = new byte[(pages + 7) / 8];
    int rawLength = 0;
    for (int p = 0; p < pages; p++) {
      int from = p * PAGE;
      int to = Math.min(mem.length, from + PAGE);
      if (!zero(mem, from, to)) {
        bitmap[p >> 3] |= (byte) (1 << (p & 7));
        rawLength += to - from;
      }
    }
    out.write(bitmap);
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try {
      ByteArrayOutputStream packed = new ByteArrayOutputStream(64 + rawLength / 8);
      byte[] chunk = new byte[8192];
      for (int p = 0; p < pages; p++) {
        if ((bitmap[p >> 3] & (1 << (p & 7))) != 0) {
          int from = p * PAGE;
          deflater.setInput(mem, from, Math.min(mem.length, from + PAGE) - from);
          while (!deflater.needsInput()) {
            packed.write(chunk, 0, deflater.deflate(chunk));
          }
        }
      }
      deflater.finish();
      while (!deflater.finished()) {
        packed.write(chunk, 0, deflater.deflate(chunk));
      }
      out.writeInt(rawLength);
      out.writeInt(packed.size());
      packed.writeTo(out);
    } finally {
      deflater.end();
    }
  }

  private static byte[] readMemory(DataInputStream in, int length) throws IOException {
    int pages = (length + PAGE - 1) / PAGE;
    byte[] bitmap = new byte[(pages + 7) / 8];
    in.readFully(bitmap);
    int rawLength = in.readInt();
    int packedLength = in.readInt();
    if (rawLength < 0 || rawLength > length || packedLength < 0 || packedLength > in.available()) {
      throw new IOException("snapshot memory is damaged");
    }
    byte[] packed = new byte[packedLength];
    in.readFully(packed);
    byte[] raw = new byte[rawLength];
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(packed);
      int n = 0;
      while (n < rawLength && !inflater.finished()) {
        int got = inflater.inflate(raw, n, rawLength - n);
        if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += got;
      }
      if (n != rawLength) {
        throw new IOException("snapshot memory is truncated");
      }
    } catch (DataFormatException e) {
      throw new IOException("snapshot memory is damaged: " + e.getMessage());
    } finally {
      inflater.end();
    }
    byte[] mem = new byte[length];
    int at = 0;
    for (int p = 0; p < pages; p++) {
      if ((bitmap[p >> 3] & (1 << (p & 7))) != 0) {
        int size = Math.min(PAGE, length - p * PAGE);
        if (at + size > rawLength) {
          throw new IOException("snapshot memory is damaged");
        }
        System.arraycopy(raw, at, mem, p * PAGE, size);
        at += size;
      }
    }
    if (at != rawLength) {
      throw new IOException("snapshot memory is damaged");
    }
    return mem;
  }

  private static boolean zero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
