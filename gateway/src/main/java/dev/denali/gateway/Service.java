package dev.denali.gateway;

import dev.denali.kernel.Binary;
import dev.denali.kernel.VmOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** A named service: a binary, the VMs that run it, and its traffic counters. */
final class Service {
  final String name;
  final Binary binary;
  /** Its VMs, in instance order (instance n is {@code vms.get(n - 1)}). */
  final List<Integer> vms = new CopyOnWriteArrayList<>();
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

  Service(String name, Binary binary, int port, VmOptions options) {
    this.name = name;
    this.binary = binary;
    this.port = port;
    this.options = options;
  }

  /** The VM for a new connection: instance {@code n} (1-based) when given, else round robin. */
  int pick(int instance) {
    List<Integer> all = vms;
    int size = all.size();
    if (size == 0) {
      return -1;
    }
    if (instance > 0) {
      return all.get((instance - 1) % size);
    }
    return all.get(Math.floorMod(next.getAndIncrement(), size));
  }

  ServiceInfo info() {
    return new ServiceInfo(name, binary.name(), List.copyOf(vms), port,
        activeConnections.get(), connections.sum(), bytesIn.sum(), bytesOut.sum(),
        refusedConnections.sum(), badGateway.sum(), replaced.sum());
  }
}
