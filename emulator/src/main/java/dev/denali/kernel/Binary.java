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

  Binary(int id, String name, GuestProgram program) {
    this.id = id;
    this.name = name;
    this.program = program;
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
