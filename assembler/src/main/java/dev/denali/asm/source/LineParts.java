package dev.denali.asm.source;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of one comment-free line as the preprocessor needs it: where the leading labels end,
 * the first word (directive, mnemonic or macro name) and the text after it.
 */
record LineParts(int wordStart, String word, String rest) {

  /** Splits {@code text}; {@code word} is empty when the line holds only labels or nothing. */
  static LineParts of(String text) {
    int n = text.length();
    int i = skipSpace(text, 0);
    // leading labels: name: or digits:
    while (true) {
      int j = i;
      while (j < n && isWordChar(text.charAt(j))) {
        j++;
      }
      if (j == i) {
        break;
      }
      int k = skipSpace(text, j);
      if (k < n && text.charAt(k) == ':') {
        i = skipSpace(text, k + 1);
      } else {
        break;
      }
    }
    int start = i;
    int j = i;
    while (j < n && isWordChar(text.charAt(j))) {
      j++;
    }
    return new LineParts(start, text.substring(start, j), text.substring(j));
  }

  static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '$';
  }

  static int skipSpace(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\f')) {
      i++;
    }
    return i;
  }

  /** Splits operand text at top-level commas (outside parentheses, strings and characters). */
  static List<String> splitArgs(String text) {
    List<String> out = new ArrayList<>();
    if (text.isBlank()) {
      return out;
    }
    int depth = 0;
    int start = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"') {
        i = CommentStripper.skipString(text, i);
        continue;
      }
      if (c == '\'') {
        i = CommentStripper.skipChar(text, i);
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(text.substring(start, i).trim());
        start = i + 1;
      }
      i++;
    }
    out.add(text.substring(start).trim());
    return out;
  }
}
