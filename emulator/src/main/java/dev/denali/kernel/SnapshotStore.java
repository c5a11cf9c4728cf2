package dev.denali.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where hibernated VMs lie: one file per size class (512 bytes, 1 KiB, ... 256 MiB), each a row of
 * equal slots with a free list, so a million small snapshots take a few files, a snapshot wastes
 * less than half its slot, and freed slots are reused. Positional reads and writes on one channel
 * per class are safe from any thread; only the free lists are locked. Hibernated VMs do not
 * outlive the kernel, so nothing here is synced to stable storage.
 */
final class SnapshotStore implements AutoCloseable {
  private static final int MIN_CLASS = 9;
  private static final int MAX_CLASS = 28;
  /** Each slot starts with the snapshot's length. */
  private static final int HEADER = 4;

  private final Path dir;
  private final boolean temporary;
  private final SizeClass[] classes = new SizeClass[MAX_CLASS + 1];

  private static final class SizeClass {
    final FileChannel channel;
    final int slotBytes;
    int[] free = new int[16];
    int freeCount;
    int slots;

    SizeClass(FileChannel channel, int slotBytes) {
      this.channel = channel;
      this.slotBytes = slotBytes;
    }

    synchronized int allocate() {
      return freeCount > 0 ? free[--freeCount] : slots++;
    }

    synchronized void release(int slot) {
      if (freeCount == free.length) {
        free = java.util.Arrays.copyOf(free, free.length * 2);
      }
      free[freeCount++] = slot;
    }
  }

  /** A store in {@code dir} (created if needed), or in a temporary directory when null. */
  SnapshotStore(Path dir) throws IOException {
    this.temporary = dir == null;
    this.dir = dir == null ? Files.createTempDirectory("denali-hibernate") : dir;
    Files.createDirectories(this.dir);
  }

  /** The largest snapshot the store takes. */
  static int maxBytes() {
    return (1 << MAX_CLASS) - HEADER;
  }

  /** Writes {@code bytes}; returns the handle to read or free them. */
  long write(byte[] bytes) throws IOException {
    int c = classFor(bytes.length);
    SizeClass sc = sizeClass(c);
    int slot = sc.allocate();
    ByteBuffer buf = ByteBuffer.allocate(HEADER + bytes.length);
    buf.putInt(bytes.length).put(bytes).flip();
    long at = (long) slot * sc.slotBytes;
    try {
      while (buf.hasRemaining()) {
        at += sc.channel.write(buf, at);
      }
    } catch (IOException e) {
      sc.release(slot);
      throw e;
    }
    return (long) c << 32 | slot;
  }

  /** The bytes stored under {@code handle}. */
  byte[] read(long handle) throws IOException {
    SizeClass sc = sizeClass((int) (handle >>> 32));
    long at = (long) (int) handle * sc.slotBytes;
    ByteBuffer head = ByteBuffer.allocate(HEADER);
    readFully(sc.channel, head, at);
    int length = head.flip().getInt();
    if (length < 0 || length > sc.slotBytes - HEADER) {
      throw new IOException("hibernation slot is damaged");
    }
    ByteBuffer body = ByteBuffer.allocate(length);
    readFully(sc.channel, body, at + HEADER);
    return body.array();
  }

  /** Frees the slot of {@code handle} for reuse. */
  void free(long handle) {
    classes[(int) (handle >>> 32)].release((int) handle);
  }

  /** Bytes the slot of a snapshot of {@code length} bytes takes on disk. */
  static int slotBytes(int length) {
    return 1 << classFor(length);
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
    while (b.hasRemaining()) {
      int n = ch.read(b, at);
      if (n < 0) {
        throw new IOException("hibernation file is truncated");
      }
      at += n;
    }
  }

  private static int classFor(int length) {
    int need = length + HEADER;
    int c = Math.max(MIN_CLASS, 32 - Integer.numberOfLeadingZeros(need - 1));
    if (c > MAX_CLASS) {
      throw new IllegalArgumentException("snapshot of " + length + " bytes is too large");
    }
    return c;
  }

  private SizeClass sizeClass(int c) throws IOException {
    SizeClass sc = classes[c];
    if (sc != null) {
      return sc;
    }
    synchronized (classes) {
      if (classes[c] == null) {
        FileChannel ch = FileChannel.open(dir.resolve("slots-" + (1 << c) + ".bin"),
            StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
        classes[c] = new SizeClass(ch, 1 << c);
      }
      return classes[c];
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (classes) {
      for (SizeClass sc : classes) {
        if (sc != null) {
          sc.channel.close();
        }
      }
    }
    if (temporary) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
