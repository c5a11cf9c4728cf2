package dev.denali.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON the admin API answers with (RFC 8259): objects become {@link Map}s in their
 * order, arrays {@link List}s, numbers {@link Long} (or {@link Double} with a fraction or an
 * exponent), and {@code true}, {@code false}, {@code null} themselves. Nesting deeper than 64 is
 * refused, so no answer can overflow the stack.
 */
final class JsonReader {
  private static final int MAX_NESTING = 64;

  private final String text;
  private int pos;
  private int nesting;

  /** Not JSON: the message says where. */
  static final class NotJson extends Exception {
    private static final long serialVersionUID = 1L;

    NotJson(String message) {
      super(message);
    }
  }

  private JsonReader(String text) {
    this.text = text;
  }

  /** The value {@code text} holds, which must be all of it (blanks aside). */
  static Object parse(String text) throws NotJson {
    JsonReader r = new JsonReader(text);
    Object v = r.value();
    r.skipBlanks();
    if (r.pos != text.length()) {
      throw r.notJson("text after the value");
    }
    return v;
  }

  private Object value() throws NotJson {
    skipBlanks();
    if (pos >= text.length()) {
      throw notJson("a value expected");
    }
    char c = text.charAt(pos);
    return switch (c) {
      case '{' -> object();
      case '[' -> array();
      case '"' -> string();
      case 't' -> word("true", Boolean.TRUE);
      case 'f' -> word("false", Boolean.FALSE);
      case 'n' -> word("null", null);
      default -> number();
    };
  }

  private Map<String, Object> object() throws NotJson {
    enter();
    Map<String, Object> map = new LinkedHashMap<>();
    pos++;
    skipBlanks();
    if (peek() == '}') {
      pos++;
      nesting--;
      return map;
    }
    while (true) {
      skipBlanks();
      if (peek() != '"') {
        throw notJson("a name in quotes expected");
      }
      String name = string();
      skipBlanks();
      expect(':');
      map.put(name, value());
      skipBlanks();
      if (peek() == ',') {
        pos++;
      } else {
        expect('}');
        nesting--;
        return map;
      }
    }
  }

  private List<Object> array() throws NotJson {
    enter();
    List<Object> list = new ArrayList<>();
    pos++;
    skipBlanks();
    if (peek() == ']') {
      pos++;
      nesting--;
      return list;
    }
    while (true) {
      list.add(value());
      skipBlanks();
      if (peek() == ',') {
        pos++;
      } else {
        expect(']');
        nesting--;
        return list;
      }
    }
  }

  private String string() throws NotJson {
    pos++;
    StringBuilder sb = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= text.length()) {
        break;
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw notJson("a short \\u escape");
          }
          try {
            sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw notJson("a bad \\u escape");
          }
          pos += 4;
        }
        default -> throw notJson("an unknown escape \\" + e);
      }
    }
    throw notJson("a string without its closing quote");
  }

  private Object word(String word, Object value) throws NotJson {
    if (!text.startsWith(word, pos)) {
      throw notJson("an unexpected word");
    }
    pos += word.length();
    return value;
  }

  private Object number() throws NotJson {
    int start = pos;
    while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    String n = text.substring(start, pos);
    try {
      return n.contains(".") || n.contains("e") || n.contains("E") ? (Object) Double.valueOf(n)
          : (Object) Long.valueOf(n);
    } catch (NumberFormatException e) {
      pos = start;
      throw notJson(n.isEmpty() ? "an unexpected character" : "a bad number '" + n + "'");
    }
  }

  private void enter() throws NotJson {
    if (++nesting > MAX_NESTING) {
      throw notJson("nesting deeper than " + MAX_NESTING);
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : 0;
  }

  private void expect(char c) throws NotJson {
    if (peek() != c) {
      throw notJson("'" + c + "' expected");
    }
    pos++;
  }

  private void skipBlanks() {
    while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private NotJson notJson(String what) {
    return new NotJson(what + " at character " + (pos + 1));
  }
}
