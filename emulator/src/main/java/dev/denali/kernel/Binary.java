package dev.denali.kernel;

import dev.denali.emu.GuestProgram;

/**
 * A guest binary loaded into a kernel: decoded (and, under the JIT, translated) once and shared
 * by every VM made from it. VMs copy only its writable image.
 */
public final class Binary {
  private final int id;
  private final String name;
  private final GuestProgram program;
  private final String digest;

  Binary(int id, String name, GuestProgram program, String digest) {
    this.id = id;
    this.name = name;
    this.program = program;
    this.digest = digest;
  }

  /**
   * The SHA-256 of the ELF it was loaded from, in hex: what tells a declared binary from a
   * running one ({@code denali admin apply}).
   */
  public String digest() {
    return digest;
  }

  /** The SHA-256 of {@code bytes} in hex. */
  public static String digestOf(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  public int id() {
    return id;
  }

  /** The name it was loaded under (by default the service name of its note). */
  public String name() {
    return name;
  }

  public GuestProgram program() {
    return program;
  }

  /** Bytes of writable memory each VM of this binary owns. */
  public int memoryPerVm() {
    return program.config().memory() - program.writableBase();
  }

  @Override
  public String toString() {
    return name + "#" + id;
  }
}
