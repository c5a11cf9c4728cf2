package dev.denali.gateway;

import dev.denali.kernel.Binary;
import dev.denali.kernel.Histogram;
import dev.denali.kernel.VmOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** A named service: a binary, the VMs that run it, and its traffic counters. */
final class Service {
  final String name;
  /** What its VMs run; a rolling update ({@link Gateway#update}) changes it. */
  volatile Binary binary;
  /** A rolling update is under way. */
  boolean updating;
  /** Its VMs, in instance order (instance n is {@code vms.get(n - 1)}). */
  final List<Integer> vms = new CopyOnWriteArrayList<>();
  /** HTTP mode: its guests take HTTP messages ({@code http=message}), not HTTP/1.1 text. */
  final boolean messages;
  /** A port of its own, or 0. */
  final int port;
  /** What its VMs are made with (the ones a scale adds too). */
  final VmOptions options;
  private final AtomicInteger next = new AtomicInteger();
  final AtomicInteger activeConnections = new AtomicInteger();
  final LongAdder connections = new LongAdder();
  final LongAdder bytesIn = new LongAdder();
  final LongAdder bytesOut = new LongAdder();
  final LongAdder refusedConnections = new LongAdder();
  final LongAdder badGateway = new LongAdder();
  /** VMs destroyed from outside and replaced by fresh ones. */
  final LongAdder replaced = new LongAdder();
  /** HTTP mode: requests waiting for a VM, and each VM's share. */
  final RequestQueue requests = new RequestQueue();
  /**
   * HTTP/2 connections holding requests that found this service's queue full ({@link
   * Http2Requests#park}), to be told when it has room.
   */
  final java.util.concurrent.ConcurrentLinkedQueue<Http2Requests> parked =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  /** HTTP mode: requests queued or being answered. */
  final AtomicInteger inFlight = new AtomicInteger();
  /** HTTP mode: requests whose client went away before the answer. */
  final LongAdder abandoned = new LongAdder();
  /** HTTP mode: VMs restarted because a request to them timed out while they computed. */
  final LongAdder timeoutRestarts = new LongAdder();
  /** HTTP mode: responses by status class (index 1..5: 1xx..5xx). */
  final LongAdder[] responses = new LongAdder[6];
  /** HTTP mode: microseconds from a request's arrival to its answer. */
  final Histogram latencyMicros = new Histogram();
  final LongAdder latencySumMicros = new LongAdder();

  {
    for (int i = 0; i < responses.length; i++) {
      responses[i] = new LongAdder();
    }
  }

  /** Counts an answer with {@code status} given {@code micros} after its request came. */
  void countResponse(int status, long micros) {
    responses[Math.max(1, Math.min(5, status / 100))].increment();
    latencyMicros.record(micros);
    latencySumMicros.add(micros);
  }

  Service(String name, Binary binary, int port, VmOptions options) {
    this.messages = binary.program().config().httpMessages();
    this.name = name;
    this.binary = binary;
    this.port = port;
    this.options = options;
  }

  /**
   * The VM for a new connection: instance {@code n} (1-based) when given (-1 when there is no
   * such instance), else the less loaded of two in round-robin order, by {@code load} (its open
   * connections): a VM whose connection slots idle clients hold is passed over while another
   * has room, rather than dealt every other new connection.
   */
  int pick(int instance, IntUnaryOperator load) {
    List<Integer> all = vms;
    int size = all.size();
    if (size == 0) {
      return -1;
    }
    if (instance > 0) {
      return instance <= size ? all.get(instance - 1) : -1;
    }
    int i = Math.floorMod(next.getAndIncrement(), size);
    int a = all.get(i);
    if (size == 1) {
      return a;
    }
    int b = all.get((i + 1) % size);
    return load.applyAsInt(b) < load.applyAsInt(a) ? b : a;
  }

  ServiceInfo info(dev.denali.kernel.Kernel kernel) {
    Binary b = binary;
    List<Integer> ids = List.copyOf(vms);
    long cpu = 0;
    for (int id : ids) {
      dev.denali.kernel.VmInfo vm = kernel.info(id);
      if (vm != null) { // else destroyed since the list was read
        cpu += vm.cpuNanos();
      }
    }
    return new ServiceInfo(name, b.name(), b.digest(), ids, port,
        activeConnections.get(), connections.sum(), bytesIn.sum(), bytesOut.sum(),
        refusedConnections.sum(), badGateway.sum(), replaced.sum(), responseCounts(),
        inFlight.get(), requests.waiting(), abandoned.sum(), latencyMicros.quantile(0.5),
        latencyMicros.quantile(0.99), cpu);
  }

  private Map<String, Long> responseCounts() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (int c = 1; c <= 5; c++) {
      m.put(c + "xx", responses[c].sum());
    }
    return m;
  }
}
