package dev.denali.kernel;

import dev.denali.emu.Console;
import java.nio.charset.StandardCharsets;

/**
 * A VM's console as the kernel keeps it: the last {@code capacity} bytes (a ring, allocated at
 * the first write, so silent VMs cost nothing) and the count of all bytes written.
 */
final class ConsoleTail implements Console {
  private final int capacity;
  private byte[] ring;
  private long total;

  ConsoleTail(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public synchronized void write(int stream, byte[] bytes, int offset, int length) {
    total += length;
    if (capacity == 0) {
      return;
    }
    if (ring == null) {
      ring = new byte[capacity];
    }
    int from = length > capacity ? offset + length - capacity : offset;
    for (int i = from; i < offset + length; i++) {
      ring[(int) ((total - (offset + length - i)) % capacity)] = bytes[i];
    }
  }

  /** Bytes written since the VM was made. */
  synchronized long total() {
    return total;
  }

  /** The kept tail of the output, decoded as UTF-8. */
  synchronized String text() {
    if (ring == null) {
      return "";
    }
    int kept = (int) Math.min(total, capacity);
    byte[] out = new byte[kept];
    for (int i = 0; i < kept; i++) {
      out[i] = ring[(int) ((total - kept + i) % capacity)];
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
