package dev.denali.asm;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What an assembler run produced: either a linked image and its ELF bytes, or errors (never
 * both). Warnings may come with either.
 */
public record AssemblyResult(
    LinkedImage image, byte[] elf, List<Diagnostic> diagnostics, String listing) {

  /** True when there are no errors and {@link #elf()} holds the binary. */
  public boolean ok() {
    return elf != null;
  }

  public List<Diagnostic> errors() {
    return diagnostics.stream()
        .filter(d -> d.severity() == Diagnostic.Severity.ERROR)
        .collect(Collectors.toList());
  }

  /** Every diagnostic, formatted with its caret line, one after another. */
  public String formatDiagnostics() {
    return diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
  }
}
