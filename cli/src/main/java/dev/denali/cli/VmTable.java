package dev.denali.cli;

import dev.denali.gateway.admin.TextFormat;
import dev.denali.kernel.KernelStats;
import dev.denali.kernel.VmInfo;
import dev.denali.kernel.VmState;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** How the kernel commands print VMs and kernel counters. */
final class VmTable {
  private VmTable() {}

  static void header(PrintWriter out) {
    out.printf(Locale.ROOT, "%7s  %-12s %-11s %3s %15s %10s %8s %9s %8s  %s%n", "VM", "BINARY",
        "STATE", "W", "INSTRUCTIONS", "CPU ms", "WAKEUPS", "MEMORY", "RESTARTS", "EXIT/FAULT");
  }

  static void row(PrintWriter out, VmInfo v) {
    String end = v.fault() != null ? v.fault()
        : v.state() == VmState.EXITED ? "exit " + v.exitStatus() : "";
    String memory = v.residentBytes() > 0 ? size(v.residentBytes())
        : v.hibernatedBytes() > 0 ? size(v.hibernatedBytes()) + " disk" : "-";
    out.printf(Locale.ROOT, "%7d  %-12s %-11s %3d %,15d %10.1f %,8d %9s %8d  %s%n", v.id(),
        clip(v.binary(), 12), v.state().name().toLowerCase(Locale.ROOT), v.weight(), v.retired(),
        v.cpuNanos() / 1e6, v.wakeups(), memory, v.restarts(), end);
  }

  /**
   * The VMs, at most {@code limit} rows, then how many were left out and {@code showAll}, what
   * shows them all where the table is printed (the shell's {@code list all}, the command's
   * {@code --list}).
   */
  static void print(PrintWriter out, List<VmInfo> vms, int limit, String showAll) {
    header(out);
    vms.stream().limit(limit).forEach(v -> row(out, v));
    if (vms.size() > limit) {
      out.printf(Locale.ROOT, "%7s  (%,d more; %s shows every VM)%n", "...",
          vms.size() - limit, showAll);
    }
  }

  /** One line: VMs by state, memory, quanta. */
  static String summary(KernelStats s) {
    return String.format(Locale.ROOT, "%,d VMs (%s); resident %s, hibernated %s on disk;"
        + " %,d quanta", s.vms(), TextFormat.states(s), size(s.residentBytes()),
        size(s.hibernatedBytes()), s.quanta());
  }

  static void stats(PrintWriter out, KernelStats s) {
    out.println(summary(s));
    out.printf(Locale.ROOT, "run queue %,d, timers %,d; hibernations %,d, restores %,d%n",
        s.runnable(), s.sleepers(), s.hibernations(), s.restores());
    out.printf(Locale.ROOT, "wake-up latency p50 %,d us, p99 %,d us (%,d wake-ups)%n",
        s.wakeLatencyMicros().quantile(0.5), s.wakeLatencyMicros().quantile(0.99),
        s.wakeLatencyMicros().count());
    if (s.hibernations() > 0) {
      out.printf(Locale.ROOT, "hibernate p50 %,d us, p99 %,d us; restore p50 %,d us, p99 %,d"
          + " us%n", s.hibernateMicros().quantile(0.5), s.hibernateMicros().quantile(0.99),
          s.restoreMicros().quantile(0.5), s.restoreMicros().quantile(0.99));
    }
  }

  static String size(long bytes) {
    return TextFormat.bytes(bytes);
  }

  private static String clip(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "~";
  }
}
