package dev.denali.asm;

/**
 * Where a piece of source text came from: file, 1-based line and column, length, and the text of
 * the whole line (after macro expansion when it came from a macro).
 */
public record SourceLocation(String file, int line, int column, int length, String sourceLine,
    String context) {

  /** A location outside any macro expansion. */
  public SourceLocation(String file, int line, int column, int length, String sourceLine) {
    this(file, line, column, length, sourceLine, null);
  }

  /** A location for the whole of a file, used when no line applies. */
  public static SourceLocation ofFile(String file) {
    return new SourceLocation(file, 0, 0, 0, null);
  }

  public SourceLocation withSpan(int column, int length) {
    return new SourceLocation(file, line, column, length, sourceLine, context);
  }
}
