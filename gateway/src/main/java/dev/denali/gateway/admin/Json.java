package dev.denali.gateway.admin;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;

/**
 * Writes the admin API's values as JSON: records (by their components), maps, collections,
 * strings, numbers, booleans, enums (lower case) and null. Output only: the API takes its
 * arguments in the path and query, and binaries as raw bodies.
 */
public final class Json {
  private Json() {}

  public static String of(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      string(sb, s);
    } else if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof Enum<?> e) {
      string(sb, e.name().toLowerCase(java.util.Locale.ROOT));
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        string(sb, e.getKey() instanceof Enum<?> k ? k.name().toLowerCase(java.util.Locale.ROOT)
            : String.valueOf(e.getKey()));
        sb.append(':');
        write(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof Collection<?> c) {
      sb.append('[');
      boolean first = true;
      for (Object o : c) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        write(sb, o);
      }
      sb.append(']');
    } else if (v.getClass().isRecord()) {
      sb.append('{');
      boolean first = true;
      for (RecordComponent rc : v.getClass().getRecordComponents()) {
        Object value;
        try {
          value = rc.getAccessor().invoke(v);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("BUG: record " + v.getClass(), e);
        }
        if (!first) {
          sb.append(',');
        }
        first = false;
        string(sb, rc.getName());
        sb.append(':');
        write(sb, value);
      }
      sb.append('}');
    } else {
      string(sb, v.toString());
    }
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
