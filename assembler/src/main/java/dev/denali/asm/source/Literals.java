package dev.denali.asm.source;

/** Decoding of number, character and string literals, as GNU as reads them. */
final class Literals {
  private Literals() {}

  /** Parses 0x.., 0b.., 0.. (octal) and decimal numbers; throws with a message when too big. */
  static long number(String text) {
    String t = text.toLowerCase();
    try {
      if (t.startsWith("0x")) {
        return Long.parseUnsignedLong(t.substring(2), 16);
      }
      if (t.startsWith("0b")) {
        return Long.parseUnsignedLong(t.substring(2), 2);
      }
      if (t.length() > 1 && t.startsWith("0")) {
        if (!t.matches("[0-7]+")) {
          throw new IllegalArgumentException("bad octal number '" + text + "'");
        }
        return Long.parseUnsignedLong(t.substring(1), 8);
      }
      return Long.parseUnsignedLong(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("number '" + text + "' does not fit in 64 bits", e);
    }
  }

  /** The value of a character literal token: {@code 'a}, {@code 'a'} or {@code '\n'}. */
  static long character(String token) {
    String body = token.substring(1);
    if (body.endsWith("'") && body.length() > 1) {
      body = body.substring(0, body.length() - 1);
    }
    String s = unescape(utf8(body));
    if (s.length() != 1) {
      throw new IllegalArgumentException("bad character literal " + token);
    }
    return s.charAt(0);
  }

  /** The bytes of a string literal token (with quotes), as ISO-8859-1 chars. */
  static String string(String token) {
    return unescape(utf8(token.substring(1, token.length() - 1)));
  }

  /** Resolves backslash escapes: \n \t \r \b \f \v \\ \" \' \NNN (octal) \xHH. */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= s.length()) {
        sb.append(c);
        i++;
        continue;
      }
      char e = s.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'v' -> sb.append((char) 11);
        case 'x', 'X' -> {
          int v = 0;
          int digits = 0;
          while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0) {
            v = (v * 16 + Character.digit(s.charAt(i), 16)) & 0xFF;
            i++;
            digits++;
          }
          sb.append(digits == 0 ? 'x' : (char) v);
        }
        default -> {
          if (e >= '0' && e <= '7') {
            int v = e - '0';
            int digits = 1;
            while (digits < 3 && i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7') {
              v = v * 8 + (s.charAt(i) - '0');
              i++;
              digits++;
            }
            sb.append((char) (v & 0xFF));
          } else {
            sb.append(e);
          }
        }
      }
    }
    return sb.toString();
  }

  /** Source text as its UTF-8 bytes, one char per byte (ASCII stays as it is). */
  private static String utf8(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
      }
    }
    return s;
  }
}
