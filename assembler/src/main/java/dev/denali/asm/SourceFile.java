package dev.denali.asm;

import dev.denali.asm.elf.ElfReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One assembly source: the name diagnostics use, its text, and the folder that {@code .include}
 * resolves relative paths against (null for in-memory sources: then the working directory).
 */
public record SourceFile(String name, String text, Path directory) {

  public static SourceFile of(String name, String text) {
    return new SourceFile(name, text, null);
  }

  /**
   * Reads an assembly source file.
   *
   * @throws NotAssembly when the file is plainly something else: an ELF, other binary data
   *     (a NUL byte), or C source (by its name); the assembler's errors about it would echo
   *     raw bytes to the terminal, or list dozens of syntax errors
   */
  public static SourceFile read(Path path) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    String what = notAssembly(path, bytes);
    if (what != null) {
      throw new NotAssembly(path + " " + what);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    Path parent = path.toAbsolutePath().getParent();
    return new SourceFile(path.toString(), text, parent);
  }

  /** A file given as assembly source that plainly is not; the message says what it is. */
  public static final class NotAssembly extends IOException {
    private static final long serialVersionUID = 1L;

    NotAssembly(String message) {
      super(message);
    }
  }

  private static String notAssembly(Path path, byte[] bytes) {
    if (ElfReader.hasElfMagic(bytes)) {
      return "is an ELF binary, not assembly source (denali run takes it as it is)";
    }
    for (byte b : bytes) {
      if (b == 0) {
        return "is binary data, not assembly source";
      }
    }
    String name = path.getFileName().toString();
    if (name.endsWith(".c") || name.endsWith(".h") || name.endsWith(".cc")
        || name.endsWith(".cpp")) {
      return "is C source; the assembler takes assembly (.s): build C guests with"
          + " riscv64-unknown-elf-gcc and the guest SDK, as guest-sdk/README.md shows";
    }
    return null;
  }
}
