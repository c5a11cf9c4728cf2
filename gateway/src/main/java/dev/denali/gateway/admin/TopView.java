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
        + "  quanta %,d  wake p50/p99 %d/%d us%n", s.vms(), TextFormat.states(s),
        TextFormat.bytes(s.residentBytes()), TextFormat.bytes(s.hibernatedBytes()), s.runnable(),
        s.quanta(), s.wakeLatencyMicros().quantile(0.5),
        s.wakeLatencyMicros().quantile(0.99)));
    sb.append(String.format(Locale.ROOT, "gateway %s: %,d flows, %s%n%n", gateway.transport(),
        gateway.flows(), gateway.stats().snapshot()));
    sb.append(String.format(Locale.ROOT, "%-12s %7s %8s %12s %12s %12s %8s%n", "SERVICE", "VMS",
        "ACTIVE", "CONNECTIONS", "BYTES IN", "BYTES OUT", "502s"));
    Map<Integer, String> serviceOf = new HashMap<>();
    for (ServiceInfo svc : gateway.services()) {
      svc.vms().forEach(vm -> serviceOf.put(vm, svc.name()));
      sb.append(String.format(Locale.ROOT, "%-12s %,7d %,8d %,12d %12s %12s %,8d%n", svc.name(),
          svc.vms().size(), svc.activeConnections(), svc.connections(),
          TextFormat.bytes(svc.bytesIn()), TextFormat.bytes(svc.bytesOut()), svc.badGateway()));
    }
    sb.append(String.format(Locale.ROOT, "%n%7s  %-12s %-11s %15s %10s %8s %8s%n", "VM",
        "SERVICE", "STATE", "INSTRUCTIONS", "CPU ms", "WAKEUPS", "MEMORY"));
    List<VmInfo> top = gateway.kernel().list().stream()
        .sorted(Comparator.comparingLong(VmInfo::cpuNanos).reversed()).limit(limit).toList();
    for (VmInfo v : top) {
      sb.append(String.format(Locale.ROOT, "%7d  %-12s %-11s %,15d %10.1f %,8d %8s%n", v.id(),
          serviceOf.getOrDefault(v.id(), v.binary()), v.state().name().toLowerCase(Locale.ROOT),
          v.retired(), v.cpuNanos() / 1e6, v.wakeups(), v.residentBytes() > 0
              ? TextFormat.bytes(v.residentBytes()) : "disk"));
    }
    return sb.toString();
  }
}
