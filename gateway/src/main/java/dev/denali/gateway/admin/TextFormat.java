package dev.denali.gateway.admin;

import dev.denali.kernel.KernelStats;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the kernel's numbers read in text views: the admin API's /top and the CLI's tables. */
public final class TextFormat {
  private TextFormat() {}

  /** A byte count for people: "812 B", "52 KiB", "3.3 GiB". */
  public static String bytes(long bytes) {
    if (bytes >= 1L << 30) {
      return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
    if (bytes >= 1L << 20) {
      return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
    if (bytes >= 1L << 10) {
      return String.format(Locale.ROOT, "%.0f KiB", bytes / 1024.0);
    }
    return bytes + " B";
  }

  /** VMs by state: "9,800 idle, 200 hibernated", or "none". */
  public static String states(KernelStats s) {
    String states = s.byState().entrySet().stream()
        .map(e -> String.format(Locale.ROOT, "%,d %s", e.getValue(),
            e.getKey().name().toLowerCase(Locale.ROOT)))
        .collect(Collectors.joining(", "));
    return states.isEmpty() ? "none" : states;
  }
}
