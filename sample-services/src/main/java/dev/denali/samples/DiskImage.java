package dev.denali.samples;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds the disk image the static service serves (sample-services/static/README.md, "Disk
 * image format"): a directory of 64-byte records from block 0, then each file in whole 4096-byte
 * blocks.
 *
 * <pre>
 * record 0 (header): "DNFS", u32 version = 1, u32 files, u32 directory blocks, zeros
 * record i (file):   name[56] (UTF-8 path relative to the folder, '/'-separated, NUL-padded,
 *                    at most 55 bytes), u32 first block, u32 length in bytes
 * </pre>
 *
 * <p>Record r lives in block r / 64 at byte (r % 64) * 64; all integers are little-endian.
 * Files are stored in name order, each from a block boundary, zero-padded.
 *
 * <p>Usage: {@code java -cp denali-sample-services.jar dev.denali.samples.DiskImage FOLDER IMAGE}
 */
public final class DiskImage {
  public static final int BLOCK = 4096;
  public static final int RECORD = 64;
  public static final int NAME_MAX = 55;
  public static final int VERSION = 1;
  static final byte[] MAGIC = "DNFS".getBytes(StandardCharsets.US_ASCII);

  private DiskImage() {}

  /** One file of the image. */
  public record Entry(String name, int firstBlock, int length) {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: DiskImage FOLDER IMAGE");
      System.exit(2);
    }
    List<Entry> entries = build(Path.of(args[0]), Path.of(args[1]));
    for (Entry e : entries) {
      System.out.printf("%8d  %s%n", e.length(), e.name());
    }
    System.out.println(entries.size() + " files, " + Files.size(Path.of(args[1])) + " bytes");
  }

  /**
   * Writes an image of every regular file under {@code folder} (recursively) to {@code image};
   * returns the directory it wrote.
   *
   * @throws IllegalArgumentException when a name is longer than {@link #NAME_MAX} UTF-8 bytes,
   *     or a file is 2 GiB or larger
   */
  public static List<Entry> build(Path folder, Path image) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    List<String> names = new ArrayList<>();
    for (Path f : files) {
      names.add(nameOf(folder, f));
    }
    names.sort(null);
    int directoryBlocks = (names.size() + 1 + BLOCK / RECORD - 1) / (BLOCK / RECORD);
    List<Entry> entries = new ArrayList<>();
    long next = directoryBlocks;
    for (String n : names) {
      long size = Files.size(folder.resolve(n));
      if (size >= Integer.MAX_VALUE) {
        throw new IllegalArgumentException(n + " is too large for the image (" + size + ")");
      }
      entries.add(new Entry(n, (int) next, (int) size));
      next += (size + BLOCK - 1) / BLOCK;
    }
    if (next > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("the image would have " + next + " blocks");
    }
    ByteBuffer dir = ByteBuffer.allocate(directoryBlocks * BLOCK).order(ByteOrder.LITTLE_ENDIAN);
    dir.put(MAGIC).putInt(VERSION).putInt(entries.size()).putInt(directoryBlocks);
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      int at = (i + 1) * RECORD;
      dir.put(at, e.name().getBytes(StandardCharsets.UTF_8));
      dir.putInt(at + NAME_MAX + 1, e.firstBlock()).putInt(at + NAME_MAX + 5, e.length());
    }
    Path parent = image.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = Files.newOutputStream(image)) {
      out.write(dir.array());
      byte[] pad = new byte[BLOCK];
      for (Entry e : entries) {
        byte[] data = Files.readAllBytes(folder.resolve(e.name()));
        if (data.length != e.length()) {
          throw new IOException(e.name() + " changed while the image was built");
        }
        out.write(data);
        int tail = data.length % BLOCK;
        if (tail != 0) {
          out.write(pad, 0, BLOCK - tail);
        }
      }
    }
    return entries;
  }

  /** The image name of {@code file}: its path under {@code folder}, '/'-separated. */
  static String nameOf(Path folder, Path file) {
    List<String> parts = new ArrayList<>();
    for (Path p : folder.relativize(file)) {
      parts.add(p.toString());
    }
    String name = String.join("/", parts);
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > NAME_MAX || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("file name " + name + " is longer than " + NAME_MAX
          + " UTF-8 bytes (or holds a NUL): it cannot go in the image");
    }
    return name;
  }
}
