package dev.denali.gateway.admin;

import dev.denali.gateway.Gateway;
import dev.denali.gateway.ServiceInfo;
import dev.denali.kernel.KernelStats;
import dev.denali.kernel.VmInfo;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text behind {@code GET /top} and {@code denali admin top}: a kernel summary, the services
 * with their traffic, and the VMs that used the most CPU time.
 */
final class TopView {
  private TopView() {}

  static String render(Gateway gateway, int limit) {
    StringBuilder sb = new StringBuilder();
    KernelStats s = gateway.kernel().stats();
    sb.append(String.format(Locale.ROOT, "VMs %,d (%s)  resident %s  hibernated %s  run queue %d"
        + "  quanta %,d  wake p50/p99 %d/%d us%n", s.vms(), states(s), size(s.residentBytes()),
        size(s.hibernatedBytes()), s.runnable(), s.quanta(), s.wakeLatencyMicros().quantile(0.5),
        s.wakeLatencyMicros().quantile(0.99)));
    sb.append(String.format(Locale.ROOT, "gateway %s: %,d flows, %s%n%n", gateway.transport(),
        gateway.flows(), gateway.stats().snapshot()));
    sb.append(String.format(Locale.ROOT, "%-12s %7s %8s %12s %12s %12s %8s%n", "SERVICE", "VMS",
        "ACTIVE", "CONNECTIONS", "BYTES IN", "BYTES OUT", "502s"));
    Map<Integer, String> serviceOf = new HashMap<>();
    for (ServiceInfo svc : gateway.services()) {
      svc.vms().forEach(vm -> serviceOf.put(vm, svc.name()));
      sb.append(String.format(Locale.ROOT, "%-12s %,7d %,8d %,12d %12s %12s %,8d%n", svc.name(),
          svc.vms().size(), svc.activeConnections(), svc.connections(), size(svc.bytesIn()),
          size(svc.bytesOut()), svc.badGateway()));
    }
    sb.append(String.format(Locale.ROOT, "%n%7s  %-12s %-11s %15s %10s %8s %8s%n", "VM",
        "SERVICE", "STATE", "INSTRUCTIONS", "CPU ms", "WAKEUPS", "MEMORY"));
    List<VmInfo> top = gateway.kernel().list().stream()
        .sorted(Comparator.comparingLong(VmInfo::cpuNanos).reversed()).limit(limit).toList();
    for (VmInfo v : top) {
      sb.append(String.format(Locale.ROOT, "%7d  %-12s %-11s %,15d %10.1f %,8d %8s%n", v.id(),
          serviceOf.getOrDefault(v.id(), v.binary()), v.state().name().toLowerCase(Locale.ROOT),
          v.retired(), v.cpuNanos() / 1e6, v.wakeups(), v.residentBytes() > 0
              ? size(v.residentBytes()) : "disk"));
    }
    return sb.toString();
  }

  private static String states(KernelStats s) {
    StringBuilder sb = new StringBuilder();
    s.byState().forEach((k, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(n).append(' ')
        .append(k.name().toLowerCase(Locale.ROOT)));
    return sb.toString();
  }

  private static String size(long bytes) {
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
}
