package dev.denali.asm.elf;

/** An ELF file that cannot be read; the message names what is wrong. */
public final class ElfFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public ElfFormatException(String message) {
    super(message);
  }
}
