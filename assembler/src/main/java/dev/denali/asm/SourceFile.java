package dev.denali.asm;

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

  public static SourceFile read(Path path) throws IOException {
    String text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
    Path parent = path.toAbsolutePath().getParent();
    return new SourceFile(path.toString(), text, parent);
  }
}
