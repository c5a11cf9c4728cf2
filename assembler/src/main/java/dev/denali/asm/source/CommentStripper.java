package dev.denali.asm.source;

/**
 * Blanks out comments ({@code #} and {@code //} to the end of the line, {@code /* ... *}{@code /}
 * across lines) with spaces, so columns stay where they were. Knows string and character
 * literals, so a {@code #} inside them is not a comment. One instance per file: it carries the
 * "inside a block comment" state from line to line.
 */
final class CommentStripper {
  private boolean inBlock;

  String strip(String line) {
    StringBuilder sb = null;
    int n = line.length();
    int i = 0;
    while (i < n) {
      char c = line.charAt(i);
      if (inBlock) {
        if (c == '*' && i + 1 < n && line.charAt(i + 1) == '/') {
          inBlock = false;
          sb = blank(sb, line, i, i + 2);
          i += 2;
        } else {
          sb = blank(sb, line, i, i + 1);
          i++;
        }
        continue;
      }
      if (c == '"') {
        i = skipString(line, i);
      } else if (c == '\'') {
        i = skipChar(line, i);
      } else if (c == '#' || (c == '/' && i + 1 < n && line.charAt(i + 1) == '/')) {
        sb = blank(sb, line, i, n);
        break;
      } else if (c == '/' && i + 1 < n && line.charAt(i + 1) == '*') {
        inBlock = true;
        sb = blank(sb, line, i, i + 2);
        i += 2;
      } else {
        i++;
      }
    }
    return sb == null ? line : stripTrailing(sb);
  }

  private static String stripTrailing(StringBuilder sb) {
    int end = sb.length();
    while (end > 0 && sb.charAt(end - 1) == ' ') {
      end--;
    }
    sb.setLength(end);
    return sb.toString();
  }

  private static StringBuilder blank(StringBuilder sb, String line, int from, int to) {
    if (sb == null) {
      sb = new StringBuilder(line);
    }
    for (int k = from; k < to; k++) {
      sb.setCharAt(k, ' ');
    }
    return sb;
  }

  /** Index just past the string literal starting at {@code i}. */
  static int skipString(String line, int i) {
    int n = line.length();
    i++;
    while (i < n) {
      char c = line.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '"') {
        return i + 1;
      } else {
        i++;
      }
    }
    return n;
  }

  /** Index just past the character literal ({@code 'a}, {@code 'a'} or {@code '\n'}) at i. */
  static int skipChar(String line, int i) {
    int n = line.length();
    i++;
    if (i < n && line.charAt(i) == '\\') {
      i += 2;
    } else {
      i++;
    }
    if (i < n && line.charAt(i) == '\'') {
      i++;
    }
    return Math.min(i, n);
  }
}
