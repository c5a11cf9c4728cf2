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
    return new String(since(0).bytes(), StandardCharsets.UTF_8);
  }

  /**
   * The output from byte {@code from} of all the VM wrote on (or from the oldest byte still
   * kept, when {@code from} has left the tail) to the end.
   */
  synchronized ConsoleChunk since(long from) {
    long start = Math.max(Math.max(from, 0), total - Math.min(total, capacity));
    if (ring == null || start >= total) {
      return new ConsoleChunk(Math.min(Math.max(from, 0), total), total, new byte[0]);
    }
    byte[] out = new byte[(int) (total - start)];
    for (int i = 0; i < out.length; i++) {
      out[i] = ring[(int) ((start + i) % capacity)];
    }
    return new ConsoleChunk(start, total, out);
  }
}
