package dev.denali.asm.link;

import dev.denali.asm.SourceLocation;

/** An error in one statement; the statement is abandoned and assembly goes on with the next. */
final class AsmError extends RuntimeException {
  private final transient SourceLocation at;

  AsmError(SourceLocation at, String message) {
    super(message, null, false, false);
    this.at = at;
  }

  SourceLocation at() {
    return at;
  }
}
