package dev.denali.emu.jit.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Shrinks an assembly source on which the engines disagree: leaves out chunks of lines (halves,
 * quarters, ... single lines), keeping each omission after which the source still fails, until
 * single lines can no longer be left out. Labels and section directives are kept, so most
 * candidates still assemble; those that do not simply count as not failing.
 */
final class LineReducer {
  private LineReducer() {}

  /**
   * @param fails whether a source still shows the disagreement
   * @param maxChecks at most this many calls of {@code fails}
   */
  static String reduce(String source, Predicate<String> fails, int maxChecks) {
    List<String> lines = new ArrayList<>(source.lines().toList());
    int checks = 0;
    int chunk = Math.max(1, removable(lines) / 2);
    while (checks < maxChecks) {
      boolean progress = false;
      for (int i = 0; i < lines.size() && checks < maxChecks; ) {
        List<Integer> take = new ArrayList<>();
        int j = i;
        while (j < lines.size() && take.size() < chunk) {
          if (!keep(lines.get(j))) {
            take.add(j);
          }
          j++;
        }
        if (take.isEmpty()) {
          break;
        }
        List<String> candidate = new ArrayList<>(lines);
        for (int k = take.size() - 1; k >= 0; k--) {
          candidate.remove((int) take.get(k));
        }
        checks++;
        if (fails.test(String.join("\n", candidate) + "\n")) {
          lines = candidate;
          progress = true;
        } else {
          i = j;
        }
      }
      if (!progress) {
        if (chunk == 1) {
          break;
        }
        chunk = Math.max(1, chunk / 2);
      }
    }
    return String.join("\n", lines) + "\n";
  }

  private static int removable(List<String> lines) {
    return (int) lines.stream().filter(l -> !keep(l)).count();
  }

  /** Lines never left out: labels, section and alignment directives, globals, comments. */
  private static boolean keep(String line) {
    String t = line.strip();
    if (t.isEmpty() || t.startsWith("#")) {
      return true;
    }
    if (t.matches("[A-Za-z0-9_.$]+:.*")) {
      return true;
    }
    for (String d : new String[] {".text", ".data", ".rodata", ".bss", ".globl", ".section",
        ".balign", ".asciz", ".align"}) {
      if (t.startsWith(d)) {
        return true;
      }
    }
    return false;
  }
}
