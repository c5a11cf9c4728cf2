package dev.denali.emu;

import dev.denali.isa.GuestConfig;
import java.util.Map;

/**
 * A loaded guest binary: everything that every VM running it shares, and the recipe for a VM's
 * private memory. Immutable after loading; one instance serves any number of VMs.
 *
 * <p>Address space of a VM running it (ISA manual, "Memory map"):
 *
 * <ul>
 *   <li>{@code [readOnlyBase, writableBase)}: the read-only image (ELF header page, text,
 *       read-only data), shared by all VMs; the text part is executable;
 *   <li>{@code [writableBase, memorySize)}: the VM's own memory: data, bss, heap and stack; its
 *       initial contents are {@link #dataImage()} followed by zeros.
 * </ul>
 */
public final class GuestProgram {
  private final String name;
  private final Code code;
  private final int readOnlyBase;
  private final byte[] readOnly;
  private final int writableBase;
  private final byte[] dataImage;
  private final int entry;
  private final GuestConfig config;
  private final Map<String, String> settings;

  GuestProgram(String name, Code code, int readOnlyBase, byte[] readOnly, int writableBase,
      byte[] dataImage, int entry, GuestConfig config, Map<String, String> settings) {
    this.name = name;
    this.code = code;
    this.readOnlyBase = readOnlyBase;
    this.readOnly = readOnly;
    this.writableBase = writableBase;
    this.dataImage = dataImage;
    this.entry = entry;
    this.config = config;
    this.settings = settings;
  }

  public String name() {
    return name;
  }

  public Code code() {
    return code;
  }

  public int textBase() {
    return code.base();
  }

  public int textEnd() {
    return code.base() + 4 * code.length();
  }

  public int readOnlyBase() {
    return readOnlyBase;
  }

  /** The shared read-only image; do not modify. */
  byte[] readOnly() {
    return readOnly;
  }

  /**
   * The read-only image ({@code [readOnlyBase, writableBase)}: headers, text, read-only data)
   * that every VM of the program shares, for engines that read it inline. Never modify it.
   */
  public byte[] sharedReadOnlyImage() {
    return readOnly;
  }

  public int writableBase() {
    return writableBase;
  }

  /** Initial contents of the start of writable memory; do not modify. */
  byte[] dataImage() {
    return dataImage;
  }

  public int entry() {
    return entry;
  }

  /** Memory size, stack size and service name, from the binary's note (or defaults). */
  public GuestConfig config() {
    return config;
  }

  /** All settings of the binary's Denali note, unknown keys included. */
  public Map<String, String> settings() {
    return settings;
  }

  /** A program like this one with another memory size (a command-line override). */
  public GuestProgram withMemory(int memory) throws LoadException {
    GuestConfig c;
    try {
      c = GuestConfig.from(Map.of(GuestConfig.KEY_MEMORY, Integer.toString(memory),
          GuestConfig.KEY_STACK, Integer.toString(Math.min(config.stack(),
              Math.max(0, memory - dev.denali.isa.MemoryMap.TEXT_BASE)))));
    } catch (IllegalArgumentException e) {
      throw new LoadException(e.getMessage());
    }
    if (writableBase + dataImage.length > memory || writableBase > memory) {
      throw new LoadException(String.format("memory %d is too small: the program needs %d bytes"
          + " before its heap and stack", memory, writableBase + dataImage.length));
    }
    return new GuestProgram(name, code, readOnlyBase, readOnly, writableBase, dataImage, entry,
        new GuestConfig(memory, c.stack(), config.service(), config.httpMessages()), settings);
  }
}
