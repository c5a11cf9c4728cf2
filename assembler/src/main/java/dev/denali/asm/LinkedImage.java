package dev.denali.asm;

import java.util.List;
import java.util.Map;

/**
 * The linked result of an assembly, before it is written as ELF: its sections at their final
 * addresses, its symbols, its entry point and its Denali note settings. Also what {@link
 * dev.denali.asm.elf.ElfReader} recovers from an ELF file, for the disassembler.
 */
public record LinkedImage(
    List<Section> sections, List<Symbol> symbols, int entry, Map<String, String> settings) {

  /** Section kinds in their address order. */
  public enum Kind {
    TEXT(".text"),
    RODATA(".rodata"),
    DATA(".data"),
    BSS(".bss");

    private final String sectionName;

    Kind(String sectionName) {
      this.sectionName = sectionName;
    }

    public String sectionName() {
      return sectionName;
    }
  }

  /**
   * One section: {@code bytes} are its contents (empty for .bss), {@code size} its size in memory.
   */
  public record Section(Kind kind, int address, byte[] bytes, int size) {
    public int end() {
      return address + size;
    }

    public boolean contains(int addr) {
      return Integer.compareUnsigned(addr - address, size) < 0;
    }
  }

  /** A symbol: name, address, size (0 when unknown), whether global, and whether a function. */
  public record Symbol(String name, int address, int size, boolean global, boolean function) {}

  /** The section of this kind, or null when the image has none. */
  public Section section(Kind kind) {
    for (Section s : sections) {
      if (s.kind() == kind) {
        return s;
      }
    }
    return null;
  }

  /** The bytes of .text (empty when there is none). */
  public byte[] text() {
    Section s = section(Kind.TEXT);
    return s == null ? new byte[0] : s.bytes();
  }

  /** The address of the symbol with this name, or null. */
  public Integer address(String name) {
    for (Symbol s : symbols) {
      if (s.name().equals(name)) {
        return s.address();
      }
    }
    return null;
  }
}
