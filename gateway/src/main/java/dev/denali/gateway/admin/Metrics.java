package dev.denali.gateway.admin;

import dev.denali.gateway.Gateway;
import dev.denali.gateway.GatewayStats;
import dev.denali.gateway.ServiceInfo;
import dev.denali.kernel.Histogram;
import dev.denali.kernel.KernelStats;
import dev.denali.kernel.VmInfo;
import dev.denali.kernel.VmState;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The kernel's and the gateway's counters for Prometheus: snapshots in the Prometheus Java
 * client's data model, written by its text format writer (format 0.0.4), so that names, labels,
 * escaping, histogram buckets and {@code _total} suffixes are what every scraper expects. The
 * values are read when a scrape asks, from the counters the kernel and the gateway keep anyway.
 */
final class Metrics {
  /** The exposition format's content type. */
  static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  private final List<MetricSnapshot> snapshots = new ArrayList<>();

  private Metrics() {}

  static String render(Gateway gateway) {
    Metrics m = new Metrics();
    m.kernel(gateway);
    m.services(gateway);
    m.gateway(gateway);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out,
          new MetricSnapshots(m.snapshots.toArray(MetricSnapshot[]::new)));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private void kernel(Gateway g) {
    KernelStats s = g.kernel().stats();
    GaugeSnapshot.Builder vms = GaugeSnapshot.builder().name("denali_vms").help("VMs by state");
    for (VmState state : VmState.values()) {
      if (state != VmState.DESTROYED) {
        vms.dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("state",
            state.name().toLowerCase(Locale.ROOT))).value(s.count(state)).build());
      }
    }
    snapshots.add(vms.build());
    gauge("denali_resident_bytes", "bytes of VM memory held in the heap", s.residentBytes());
    gauge("denali_hibernated_bytes", "bytes of disk holding hibernated VMs",
        s.hibernatedBytes());
    gauge("denali_run_queue", "VMs waiting for a worker", s.runnable());
    counter("denali_quanta", "turns given to VMs (VM switches)", s.quanta());
    counter("denali_hibernations", "VMs written to disk", s.hibernations());
    counter("denali_hibernation_failures", "hibernations and restores that failed (the VM"
        + " stayed resident, or on disk to be retried)", s.hibernationFailures());
    counter("denali_restores", "VMs read back from disk", s.restores());
    Histogram wake = s.wakeLatencyMicros();
    snapshots.add(SummarySnapshot.builder().name("denali_wake_latency_microseconds")
        .help("how late timer wake-ups ran after their deadline")
        .dataPoint(SummaryDataPointSnapshot.builder()
            .quantiles(Quantiles.of(new Quantile(0.5, wake.quantile(0.5)),
                new Quantile(0.99, wake.quantile(0.99))))
            .count(wake.count()).build())
        .build());
  }

  private void services(Gateway g) {
    List<ServiceInfo> services = g.services();
    Map<Integer, String> serviceOf = new HashMap<>();
    for (ServiceInfo s : services) {
      s.vms().forEach(vm -> serviceOf.put(vm, s.name()));
    }
    // per service: retired, VMs faulted now, restarts, resident bytes, bytes on disk,
    // hibernations (CPU time comes with ServiceInfo)
    Map<String, long[]> perService = new HashMap<>();
    for (VmInfo vm : g.kernel().list()) {
      String name = serviceOf.get(vm.id());
      if (name != null) {
        long[] a = perService.computeIfAbsent(name, k -> new long[6]);
        a[0] += vm.retired();
        a[1] += vm.state() == VmState.FAULTED ? 1 : 0;
        a[2] += vm.restarts();
        a[3] += vm.residentBytes();
        a[4] += vm.hibernatedBytes();
        a[5] += vm.hibernations();
      }
    }
    long[] none = new long[6];
    gaugeBy(services, "denali_service_instances", "VMs of each service", s -> s.vms().size());
    gaugeBy(services, "denali_service_connections_active", "open connections of each service",
        ServiceInfo::activeConnections);
    counterBy(services, "denali_service_connections", "connections routed to each service",
        ServiceInfo::connections);
    counterBy(services, "denali_service_bytes_in", "bytes from clients to the service",
        ServiceInfo::bytesIn);
    counterBy(services, "denali_service_bytes_out", "bytes from the service to clients",
        ServiceInfo::bytesOut);
    counterBy(services, "denali_service_refused", "connections the service could not take",
        ServiceInfo::refusedConnections);
    counterBy(services, "denali_service_bad_gateway",
        "connections closed because their VM faulted or ended", ServiceInfo::badGateway);
    counterBy(services, "denali_service_replaced",
        "VMs destroyed from outside and replaced by fresh ones", ServiceInfo::replaced);
    CounterSnapshot.Builder requests = CounterSnapshot.builder()
        .name("denali_service_requests").help("HTTP requests answered, by status class");
    for (ServiceInfo s : services) {
      s.responses().forEach((cls, n) -> requests.dataPoint(CounterDataPointSnapshot.builder()
          .labels(Labels.of("service", s.name(), "code", cls)).value(n).build()));
    }
    snapshots.add(requests.build());
    gaugeBy(services, "denali_service_requests_in_flight",
        "HTTP requests waiting for a VM or being answered", ServiceInfo::inFlight);
    gaugeBy(services, "denali_service_requests_queued", "HTTP requests waiting for a VM",
        ServiceInfo::queued);
    counterBy(services, "denali_service_requests_abandoned",
        "HTTP requests whose client left before the answer", ServiceInfo::abandoned);
    HistogramSnapshot.Builder latency = HistogramSnapshot.builder()
        .name("denali_service_request_seconds")
        .help("time from an HTTP request's arrival to its answer");
    for (ServiceInfo s : services) {
      Histogram h = g.latencyMicros(s.name());
      if (h != null) {
        latency.dataPoint(HistogramDataPointSnapshot.builder()
            .labels(Labels.of("service", s.name()))
            .classicHistogramBuckets(buckets(h))
            .sum(g.latencySumMicros(s.name()) / 1e6).build());
      }
    }
    snapshots.add(latency.build());
    counterBy(services, "denali_service_instructions", "guest instructions retired",
        s -> perService.getOrDefault(s.name(), none)[0]);
    counterBy(services, "denali_service_cpu_seconds", "host CPU time spent in its VMs",
        s -> s.cpuNanos() / 1e9);
    counterBy(services, "denali_service_restarts", "VM restarts after faults",
        s -> perService.getOrDefault(s.name(), none)[2]);
    gaugeBy(services, "denali_service_vms_faulted", "VMs of the service stopped by a fault",
        s -> perService.getOrDefault(s.name(), none)[1]);
    gaugeBy(services, "denali_service_resident_bytes", "memory of its VMs held in the heap",
        s -> perService.getOrDefault(s.name(), none)[3]);
    gaugeBy(services, "denali_service_hibernated_bytes", "memory of its VMs hibernated to disk",
        s -> perService.getOrDefault(s.name(), none)[4]);
    counterBy(services, "denali_service_hibernations", "times its VMs were hibernated",
        s -> perService.getOrDefault(s.name(), none)[5]);
  }

  private void gateway(Gateway g) {
    g.stats().snapshot().forEach((name, value) -> {
      String help = "gateway: " + name.replace('_', ' ');
      if (GatewayStats.GAUGES.contains(name)) {
        gauge("denali_gateway_" + name, help, value);
      } else {
        counter("denali_gateway_" + name, help, value);
      }
    });
  }

  /** Upper bounds (seconds) of the request-latency histogram's buckets. */
  private static final double[] LATENCY_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
      0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, Double.POSITIVE_INFINITY};

  /** The kernel's latency histogram (microseconds) as classic buckets (seconds). */
  private static ClassicHistogramBuckets buckets(Histogram h) {
    long[] counts = new long[LATENCY_BUCKETS.length];
    long below = 0;
    for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
      long atMost = Double.isInfinite(LATENCY_BUCKETS[i]) ? h.count()
          : h.countAtMost((long) (LATENCY_BUCKETS[i] * 1e6));
      counts[i] = Math.max(0, atMost - below);
      below = Math.max(below, atMost);
    }
    return ClassicHistogramBuckets.of(LATENCY_BUCKETS, counts);
  }

  private void gauge(String name, String help, double v) {
    snapshots.add(GaugeSnapshot.builder().name(name).help(help)
        .dataPoint(GaugeDataPointSnapshot.builder().value(v).build()).build());
  }

  /** A counter; the text format adds {@code _total} to its name. */
  private void counter(String name, String help, double v) {
    snapshots.add(CounterSnapshot.builder().name(name).help(help)
        .dataPoint(CounterDataPointSnapshot.builder().value(v).build()).build());
  }

  private void gaugeBy(List<ServiceInfo> services, String name, String help,
      ToDoubleFunction<ServiceInfo> value) {
    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
    for (ServiceInfo s : services) {
      b.dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("service", s.name()))
          .value(value.applyAsDouble(s)).build());
    }
    snapshots.add(b.build());
  }

  private void counterBy(List<ServiceInfo> services, String name, String help,
      ToDoubleFunction<ServiceInfo> value) {
    CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
    for (ServiceInfo s : services) {
      b.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("service", s.name()))
          .value(value.applyAsDouble(s)).build());
    }
    snapshots.add(b.build());
  }
}
