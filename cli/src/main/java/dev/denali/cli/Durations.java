package dev.denali.cli;

import java.util.Locale;

/** Parses durations written as 250ms, 10s, 2m, 1h or a plain number of seconds. */
final class Durations {
  private Durations() {}

  static long parseNanos(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    long unit;
    String number;
    if (t.endsWith("ms")) {
      unit = 1_000_000L;
      number = t.substring(0, t.length() - 2);
    } else if (t.endsWith("us")) {
      unit = 1_000L;
      number = t.substring(0, t.length() - 2);
    } else if (t.endsWith("s")) {
      unit = 1_000_000_000L;
      number = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      unit = 60_000_000_000L;
      number = t.substring(0, t.length() - 1);
    } else if (t.endsWith("h")) {
      unit = 3_600_000_000_000L;
      number = t.substring(0, t.length() - 1);
    } else {
      unit = 1_000_000_000L;
      number = t;
    }
    try {
      double v = Double.parseDouble(number);
      if (!(v > 0) || v * unit > Long.MAX_VALUE / 2) {
        throw new IllegalArgumentException("duration '" + text + "' must be positive");
      }
      return (long) (v * unit);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 500ms,"
          + " 10s, 2m)", e);
    }
  }
}
