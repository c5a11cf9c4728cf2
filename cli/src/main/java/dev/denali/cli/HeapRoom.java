package dev.denali.cli;

import dev.denali.emu.GuestProgram;
import java.util.Locale;

/**
 * Whether this JVM's heap can hold a guest's memory. {@code denali run} and {@code denali
 * kernel} ask before they make a VM, so that a guest bigger than the heap is refused with a
 * message naming the heap and how to raise it ({@code DENALI_JAVA_OPTS=-Xmx...}, which is how
 * {@code bin/denali} passes options to the JVM), not ended by an {@link OutOfMemoryError}.
 */
final class HeapRoom {
  private static final long MIB = 1 << 20;
  /** Kept free besides the guest's memory (the JIT, buffers, the collector's slack), at least. */
  private static final long MIN_HEADROOM = 32 * MIB;

  private HeapRoom() {}

  /** The bytes a VM of {@code program} allocates: its writable memory (as {@code Vm} does). */
  static long vmBytes(GuestProgram program) {
    return (long) program.config().memory() - program.writableBase();
  }

  /**
   * Null when a guest memory of {@code bytes} fits in the heap now, with room to spare; else
   * why not, as the end of a sentence that starts with what needs it.
   */
  static String shortfall(long bytes) {
    if (bytes + headroom() <= free()) {
      return null;
    }
    System.gc(); // what looks used may be garbage: ask once more before refusing
    if (bytes + headroom() <= free()) {
      return null;
    }
    return tooBig(bytes);
  }

  /**
   * Why making guest memory of {@code bytes} failed with an OutOfMemoryError, as a sentence
   * of its own.
   */
  static String outOfMemory(long bytes) {
    return String.format(Locale.ROOT, "the JVM heap (%,d MiB) ran out while making %,d MiB of"
        + " guest memory: raise it with DENALI_JAVA_OPTS=-Xmx%dg, or give the guest less"
        + " memory", Runtime.getRuntime().maxMemory() / MIB, bytes / MIB, suggestedGib(bytes));
  }

  private static String tooBig(long bytes) {
    Runtime rt = Runtime.getRuntime();
    return String.format(Locale.ROOT, "needs %,d MiB of guest memory, more than the JVM heap"
        + " can hold (it is %,d MiB, %,d MiB of it free): raise it with"
        + " DENALI_JAVA_OPTS=-Xmx%dg, or give the guest less memory", bytes / MIB,
        rt.maxMemory() / MIB, Math.max(0, free()) / MIB, suggestedGib(bytes));
  }

  /** A heap, in whole GiB, that holds what is in use now, {@code bytes} more and the headroom. */
  private static long suggestedGib(long bytes) {
    Runtime rt = Runtime.getRuntime();
    long wanted = rt.totalMemory() - rt.freeMemory() + bytes + headroom();
    return Math.max(1, (wanted + (1L << 30) - 1) >> 30);
  }

  /** What the heap can still grow into: its maximum minus what is in use. */
  private static long free() {
    Runtime rt = Runtime.getRuntime();
    return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
  }

  private static long headroom() {
    return Math.max(MIN_HEADROOM, Runtime.getRuntime().maxMemory() / 16);
  }
}
