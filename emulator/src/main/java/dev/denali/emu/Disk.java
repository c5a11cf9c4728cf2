package dev.denali.emu;

import dev.denali.isa.VirtualRegisters;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A virtual disk backed by a host file of whole 4096-byte blocks. Writes go to the file at once;
 * {@link #flush} forces them to stable storage (fsync), so a write acknowledged by a flush that
 * returned 0 survives a crash of the host process (ISA manual, d.disk.flush).
 */
public final class Disk implements AutoCloseable {
  public static final int BLOCK = VirtualRegisters.DISK_BLOCK_SIZE_VALUE;

  private final FileChannel channel;
  private final int blocks;

  private Disk(FileChannel channel, int blocks) {
    this.channel = channel;
    this.blocks = blocks;
  }

  /**
   * Opens an existing disk image for this VM alone: it holds an exclusive lock on the file until
   * it is closed, so no other VM of any kernel, in this process or another, can open it.
   *
   * @throws IOException when it cannot be opened, is in use, or its size is not whole blocks
   */
  public static Disk open(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException | IOException e) {
      lock = null;
    }
    if (lock == null) {
      ch.close();
      throw new IOException("disk image " + file + " is in use by another VM (of this kernel or"
          + " another process); a disk image belongs to one VM at a time");
    }
    long size = ch.size();
    if (size % BLOCK != 0 || size / BLOCK > Integer.MAX_VALUE) {
      ch.close();
      throw new IOException("disk image " + file + " is " + size + " bytes, not a whole number"
          + " of " + BLOCK + "-byte blocks");
    }
    return new Disk(ch, (int) (size / BLOCK));
  }

  public int blocks() {
    return blocks;
  }

  /** Reads block {@code n} into {@code into[offset..offset+4096)}. */
  public void read(int n, byte[] into, int offset) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(into, offset, BLOCK);
    long pos = (long) n * BLOCK;
    while (buf.hasRemaining()) {
      int r = channel.read(buf, pos + buf.position() - offset);
      if (r < 0) {
        throw new IOException("short read");
      }
    }
  }

  /** Writes {@code from[offset..offset+4096)} to block {@code n}. */
  public void write(int n, byte[] from, int offset) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(from, offset, BLOCK);
    long pos = (long) n * BLOCK;
    while (buf.hasRemaining()) {
      channel.write(buf, pos + buf.position() - offset);
    }
  }

  /** Makes every write so far durable. */
  public void flush() throws IOException {
    channel.force(true);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
