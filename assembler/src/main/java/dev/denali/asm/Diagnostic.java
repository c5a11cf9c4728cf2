package dev.denali.asm;

/**
 * An error or warning about a source, with its position (1-based line and column), the length of
 * the faulty text, and the source line itself so it can be shown with a caret.
 */
public record Diagnostic(
    Severity severity, String file, int line, int column, int length, String message,
    String sourceLine) {

  public enum Severity {
    ERROR,
    WARNING
  }

  /** An error at {@code at}; inside a macro expansion the message says which one. */
  public static Diagnostic error(SourceLocation at, String message) {
    return new Diagnostic(Severity.ERROR, at.file(), at.line(), at.column(), at.length(),
        withContext(at, message), at.sourceLine());
  }

  public static Diagnostic warning(SourceLocation at, String message) {
    return new Diagnostic(Severity.WARNING, at.file(), at.line(), at.column(), at.length(),
        withContext(at, message), at.sourceLine());
  }

  private static String withContext(SourceLocation at, String message) {
    return at.context() == null || message.contains(at.context()) ? message
        : message + " (" + at.context() + ")";
  }

  /**
   * The diagnostic as GNU tools print one, with the line and a caret under the fault:
   *
   * <pre>
   * hello.s:3:18: error: immediate 4096 out of range for addi: expected -2048..2047
   *     addi a0, a0, 4096
   *                  ^~~~
   * </pre>
   */
  public String format() {
    StringBuilder sb = new StringBuilder();
    sb.append(file);
    if (line > 0) {
      sb.append(':').append(line);
      if (column > 0) {
        sb.append(':').append(column);
      }
    }
    sb.append(": ").append(severity == Severity.ERROR ? "error" : "warning").append(": ")
        .append(message);
    if (sourceLine != null && line > 0) {
      String shown = sourceLine.replace('\t', ' ');
      sb.append('\n').append("    ").append(shown);
      if (column > 0 && column <= shown.length() + 1) {
        sb.append('\n').append("    ").append(" ".repeat(column - 1)).append('^');
        int rest = Math.min(Math.max(length, 1), shown.length() - column + 1) - 1;
        if (rest > 0) {
          sb.append("~".repeat(rest));
        }
      }
    }
    return sb.toString();
  }
}
