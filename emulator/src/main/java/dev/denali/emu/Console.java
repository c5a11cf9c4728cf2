package dev.denali.emu;

/** Where a VM's console output goes (fd 1 and 2 of the write ecall, d.console.write). */
@FunctionalInterface
public interface Console {
  /** Writes {@code length} bytes; {@code stream} is 1 (stdout) or 2 (stderr). */
  void write(int stream, byte[] bytes, int offset, int length);

  /** A console that drops everything. */
  Console DISCARD = (s, b, o, l) -> { };
}
