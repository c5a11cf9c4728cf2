package dev.denali.gateway.admin;

import dev.denali.gateway.GatewayStats;

import dev.denali.gateway.Gateway;
import dev.denali.gateway.ServiceInfo;
import dev.denali.kernel.Histogram;
import dev.denali.kernel.KernelStats;
import dev.denali.kernel.VmInfo;
import dev.denali.kernel.VmState;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The kernel's and the gateway's counters in Prometheus' text exposition format (0.0.4). */
final class Metrics {
  private final StringBuilder sb = new StringBuilder();

  private Metrics() {}

  static String render(Gateway gateway) {
    Metrics m = new Metrics();
    m.kernel(gateway);
    m.services(gateway);
    m.gateway(gateway);
    return m.sb.toString();
  }

  private void kernel(Gateway g) {
    KernelStats s = g.kernel().stats();
    family("denali_vms", "gauge", "VMs by state");
    for (VmState state : VmState.values()) {
      if (state != VmState.DESTROYED) {
        sample("denali_vms", "state=\"" + state.name().toLowerCase(Locale.ROOT) + "\"",
            s.count(state));
      }
    }
    gauge("denali_resident_bytes", "bytes of VM memory held in the heap", s.residentBytes());
    gauge("denali_hibernated_bytes", "bytes of disk holding hibernated VMs",
        s.hibernatedBytes());
    gauge("denali_run_queue", "VMs waiting for a worker", s.runnable());
    counter("denali_quanta_total", "turns given to VMs (VM switches)", s.quanta());
    counter("denali_hibernations_total", "VMs written to disk", s.hibernations());
    counter("denali_hibernation_failures_total", "hibernations and restores that failed (the VM"
        + " stayed resident, or on disk to be retried)", s.hibernationFailures());
    counter("denali_restores_total", "VMs read back from disk", s.restores());
    family("denali_wake_latency_microseconds", "summary",
        "how late timer wake-ups ran after their deadline");
    sample("denali_wake_latency_microseconds", "quantile=\"0.5\"",
        s.wakeLatencyMicros().quantile(0.5));
    sample("denali_wake_latency_microseconds", "quantile=\"0.99\"",
        s.wakeLatencyMicros().quantile(0.99));
    sample("denali_wake_latency_microseconds_count", null, s.wakeLatencyMicros().count());
  }

  private void services(Gateway g) {
    List<ServiceInfo> services = g.services();
    Map<Integer, String> serviceOf = new HashMap<>();
    for (ServiceInfo s : services) {
      s.vms().forEach(vm -> serviceOf.put(vm, s.name()));
    }
    Map<String, long[]> perService = new HashMap<>(); // retired, cpu ns, faults, restarts
    for (VmInfo vm : g.kernel().list()) {
      String name = serviceOf.get(vm.id());
      if (name != null) {
        long[] a = perService.computeIfAbsent(name, k -> new long[4]);
        a[0] += vm.retired();
        a[1] += vm.cpuNanos();
        a[2] += vm.state() == VmState.FAULTED ? 1 : 0;
        a[3] += vm.restarts();
      }
    }
    family("denali_service_instances", "gauge", "VMs of each service");
    services.forEach(s -> sample("denali_service_instances", label(s), s.vms().size()));
    family("denali_service_connections_active", "gauge", "open connections of each service");
    services.forEach(s -> sample("denali_service_connections_active", label(s),
        s.activeConnections()));
    family("denali_service_connections_total", "counter", "connections routed to each service");
    services.forEach(s -> sample("denali_service_connections_total", label(s), s.connections()));
    family("denali_service_bytes_in_total", "counter", "bytes from clients to the service");
    services.forEach(s -> sample("denali_service_bytes_in_total", label(s), s.bytesIn()));
    family("denali_service_bytes_out_total", "counter", "bytes from the service to clients");
    services.forEach(s -> sample("denali_service_bytes_out_total", label(s), s.bytesOut()));
    family("denali_service_refused_total", "counter", "connections the service could not take");
    services.forEach(s -> sample("denali_service_refused_total", label(s),
        s.refusedConnections()));
    family("denali_service_bad_gateway_total", "counter",
        "connections closed because their VM faulted or ended");
    services.forEach(s -> sample("denali_service_bad_gateway_total", label(s), s.badGateway()));
    family("denali_service_replaced_total", "counter",
        "VMs destroyed from outside and replaced by fresh ones");
    services.forEach(s -> sample("denali_service_replaced_total", label(s), s.replaced()));
    family("denali_service_requests_total", "counter", "HTTP requests answered, by status class");
    for (ServiceInfo s : services) {
      s.responses().forEach((cls, n) -> sample("denali_service_requests_total",
          label(s) + ",code=\"" + cls + "\"", n));
    }
    family("denali_service_requests_in_flight", "gauge",
        "HTTP requests waiting for a VM or being answered");
    services.forEach(s -> sample("denali_service_requests_in_flight", label(s), s.inFlight()));
    family("denali_service_requests_queued", "gauge", "HTTP requests waiting for a VM");
    services.forEach(s -> sample("denali_service_requests_queued", label(s), s.queued()));
    family("denali_service_requests_abandoned_total", "counter",
        "HTTP requests whose client left before the answer");
    services.forEach(s -> sample("denali_service_requests_abandoned_total", label(s),
        s.abandoned()));
    family("denali_service_request_seconds", "histogram",
        "time from an HTTP request's arrival to its answer");
    for (ServiceInfo s : services) {
      Histogram h = g.latencyMicros(s.name());
      if (h == null) {
        continue;
      }
      long count = h.count();
      for (double le : LATENCY_BUCKETS) {
        sample("denali_service_request_seconds_bucket", label(s) + ",le=\"" + le + "\"", h.countAtMost((long) (le * 1e6)));
      }
      sample("denali_service_request_seconds_bucket", label(s) + ",le=\"+Inf\"",
          count);
      sample("denali_service_request_seconds_sum", label(s),
          g.latencySumMicros(s.name()) / 1e6);
      sample("denali_service_request_seconds_count", label(s), count);
    }
    family("denali_service_instructions_total", "counter", "guest instructions retired");
    services.forEach(s -> sample("denali_service_instructions_total", label(s),
        perService.getOrDefault(s.name(), new long[4])[0]));
    family("denali_service_cpu_seconds_total", "counter", "host CPU time spent in its VMs");
    services.forEach(s -> sample("denali_service_cpu_seconds_total", label(s),
        perService.getOrDefault(s.name(), new long[4])[1] / 1e9));
    family("denali_service_restarts_total", "counter", "VM restarts after faults");
    services.forEach(s -> sample("denali_service_restarts_total", label(s),
        perService.getOrDefault(s.name(), new long[4])[3]));
  }

  private void gateway(Gateway g) {
    g.stats().snapshot().forEach((name, value) -> {
      boolean gauge = GatewayStats.GAUGES.contains(name);
      String metric = "denali_gateway_" + name + (gauge ? "" : "_total");
      family(metric, gauge ? "gauge" : "counter", "gateway: " + name.replace('_', ' '));
      sample(metric, null, value);
    });
  }

  /** Upper bounds (seconds) of the request-latency histogram's buckets. */
  private static final double[] LATENCY_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
      0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

  private static String label(ServiceInfo s) {
    return "service=\"" + s.name() + "\"";
  }

  private void gauge(String name, String help, double v) {
    family(name, "gauge", help);
    sample(name, null, v);
  }

  private void counter(String name, String help, double v) {
    family(name, "counter", help);
    sample(name, null, v);
  }

  private void family(String name, String type, String help) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private void sample(String name, String labels, double v) {
    sb.append(name);
    if (labels != null) {
      sb.append('{').append(labels).append('}');
    }
    sb.append(' ');
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      sb.append((long) v);
    } else {
      sb.append(v);
    }
    sb.append('\n');
  }
}
