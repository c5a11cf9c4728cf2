package dev.denali.perf.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The harnesses' command lines: {@code --name value} flags and positional arguments. A flag given
 * without a value ({@code --quick} as the last word, or followed by another flag) reads as "true".
 */
final class Flags {
  private final Map<String, String> named = new HashMap<>();
  private final List<String> positional = new ArrayList<>();

  Flags(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("--")) {
        String name = a.substring(2);
        int eq = name.indexOf('=');
        if (eq >= 0) {
          named.put(name.substring(0, eq), name.substring(eq + 1));
        } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
          named.put(name, args[++i]);
        } else {
          named.put(name, "true");
        }
      } else {
        positional.add(a);
      }
    }
  }

  String string(String name, String dflt) {
    return named.getOrDefault(name, dflt);
  }

  long number(String name, long dflt) {
    String v = named.get(name);
    return v == null ? dflt : parse(v);
  }

  double decimal(String name, double dflt) {
    String v = named.get(name);
    return v == null ? dflt : Double.parseDouble(v.replace("_", ""));
  }

  boolean has(String name) {
    return named.containsKey(name);
  }

  /** A comma-separated list of numbers ({@code 1000,10k,1M}), or {@code dflt}. */
  List<Long> numbers(String name, List<Long> dflt) {
    String v = named.get(name);
    if (v == null) {
      return dflt;
    }
    List<Long> out = new ArrayList<>();
    for (String s : v.split(",")) {
      out.add(parse(s.trim()));
    }
    return out;
  }

  List<String> positional() {
    return positional;
  }

  /** The positional arguments as numbers (each may be a comma-separated list), or {@code dflt}. */
  List<Long> positionalNumbers(List<Long> dflt) {
    if (positional.isEmpty()) {
      return dflt;
    }
    List<Long> out = new ArrayList<>();
    for (String p : positional) {
      for (String s : p.split(",")) {
        out.add(parse(s.trim()));
      }
    }
    return out;
  }

  /** 1000, 1_000, 10k, 2M. */
  static long parse(String s) {
    String t = s.replace("_", "").toLowerCase();
    long mul = 1;
    if (t.endsWith("k")) {
      mul = 1_000;
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      mul = 1_000_000;
      t = t.substring(0, t.length() - 1);
    }
    return Long.parseLong(t) * mul;
  }
}
