package dev.denali.perf.kernel;

import static dev.denali.perf.kernel.Measure.f;
import static dev.denali.perf.kernel.Measure.progress;

import dev.denali.emu.EngineKind;
import dev.denali.kernel.Binary;
import dev.denali.kernel.Kernel;
import dev.denali.kernel.KernelConfig;
import dev.denali.kernel.VmInfo;
import dev.denali.kernel.VmOptions;
import dev.denali.kernel.VmState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Harness: the paper's Figures 4 (batched interrupts), 5 (idle-with-timeout) and 8 (throughput as
 * VMs scale) on this kernel. For each number of VMs, four runs: batching on and off, and guests
 * that d.idle with a timeout ({@code --timeout-ms}, their "TCP timer") or that poll PENDING in a
 * loop. A driver thread raises events round robin over the VMs, as fast as it can or at
 * {@code --rate} events per second in all; each event makes the guest run a loop of
 * {@code --work} iterations (2 instructions each) and count one unit. After {@code --seconds},
 * every VM gets a STOP interrupt and exits with its count; the table shows completed units per
 * second (the sum of the counts over the driver's time) and, with batching, the share of events
 * dropped because the VM still had 29 pending (see {@link EventDriver}); the CSV also has events
 * raised and VM switches per second.
 *
 * <pre>
 *   java -Xmx16g -cp perf/target/denali-perf.jar dev.denali.perf.kernel.KernelThroughput \
 *       [N,...] [--max-vms 10000] [--seconds 3] [--rate 200k|max] [--work 1000]
 *       [--timeout-ms 1000] [--quantum 100000] [--engine auto] [--csv perf/target/kernel-throughput.csv]
 * </pre>
 */
public final class KernelThroughput {
  private KernelThroughput() {}

  record Point(int vms, boolean batching, boolean poll, double seconds, long raised, long units,
      long quanta, int notExited) {
    double unitsPerSecond() {
      return units / seconds;
    }

    /** Events merged into a still-pending bit (a VM's queue of 29 overflowed), in percent. */
    double dropPercent() {
      return raised == 0 ? 0 : Math.max(0, 100.0 * (raised - units) / raised);
    }
  }

  public static void main(String[] args) throws Exception {
    Flags flags = new Flags(args);
    long cap = flags.number("max-vms", 10_000);
    List<Long> sizes = flags.positionalNumbers(List.of(1L, 10L, 100L, 1_000L, 10_000L, 100_000L))
        .stream().filter(n -> n <= cap || !flags.positional().isEmpty()).toList();
    double seconds = flags.decimal("seconds", 3);
    String rate = flags.string("rate", "200k");
    double perSecond = rate.equals("max") ? 0 : Flags.parse(rate);
    int work = (int) flags.number("work", 1000);
    long timeoutMs = flags.number("timeout-ms", 1000);
    long quantum = flags.number("quantum", 100_000);
    Path csv = Path.of(flags.string("csv", "perf/target/kernel-throughput.csv"));
    EngineKind engine = EngineKind.byLabel(flags.string("engine", "auto"));
    KernelConfig base = KernelConfig.defaults().withQuantum(quantum).withEngine(engine)
        .withMemoryBudget(Long.MAX_VALUE / 4);

    System.out.print(Measure.setting());
    progress("warm-up");
    run(base, 10, true, false, 1, perSecond, work, timeoutMs);
    Map<Integer, List<Point>> byVms = new LinkedHashMap<>();
    List<String> rows = new ArrayList<>();
    for (long n : sizes) {
      for (boolean poll : new boolean[] {false, true}) {
        for (boolean batching : new boolean[] {true, false}) {
          progress("%,d VMs, %s, batching %s", n, poll ? "polling" : "idle-with-timeout",
              batching ? "on" : "off");
          Point p = run(base, (int) n, batching, poll, seconds, perSecond, work, timeoutMs);
          byVms.computeIfAbsent((int) n, k -> new ArrayList<>()).add(p);
          rows.add(f("%d,%s,%s,%s,%d,%.3f,%d,%d,%.0f,%.0f,%.0f,%d", n, batching, poll ? "poll"
              : "idle", rate, work, p.seconds(), p.raised(), p.units(), p.unitsPerSecond(),
              p.raised() / p.seconds(), p.quanta() / p.seconds(), p.notExited()));
        }
      }
    }
    System.out.println(f("completed work units per second (each %,d loop iterations = %,d"
        + " instructions; events %s; idle guests time out every %d ms; quantum %,d; %s engine)",
        work, 2 * work + 5, rate.equals("max") ? "as fast as one driver thread raises them"
        : "at " + rate + "/s in all", timeoutMs, quantum, engine.label()));
    System.out.println(f("%9s %12s %6s %12s %12s %6s %12s %11s %10s", "VMs", "idle+batch",
        "drop", "idle", "poll+batch", "drop", "poll", "batch gain", "idle/poll"));
    for (Map.Entry<Integer, List<Point>> e : byVms.entrySet()) {
      List<Point> ps = e.getValue();
      double ib = ps.get(0).unitsPerSecond();
      double i = ps.get(1).unitsPerSecond();
      double pb = ps.get(2).unitsPerSecond();
      double p = ps.get(3).unitsPerSecond();
      int lost = ps.stream().mapToInt(Point::notExited).sum();
      System.out.println(f("%,9d %,12.0f %5.1f%% %,12.0f %,12.0f %5.1f%% %,12.0f %10.2fx %9.2fx%s",
          e.getKey(), ib, ps.get(0).dropPercent(), i, pb, ps.get(2).dropPercent(), p, ib / i,
          ib / pb, lost > 0 ? "  (" + lost + " VMs did not stop)" : ""));
    }
    Measure.csv(csv, "vms,batching,guest,rate,work,seconds,events_raised,units,units_per_s,"
        + "events_per_s,switches_per_s,vms_not_stopped", rows);
  }

  static Point run(KernelConfig base, int n, boolean batching, boolean poll, double seconds,
      double perSecond, int work, long timeoutMs) throws IOException {
    try (Kernel k = Kernel.start(base.withBatching(batching))) {
      String src = poll ? Guests.pollWorker(work) : Guests.idleWorker(timeoutMs * 1000, work);
      Binary b = Guests.load(k, poll ? "poller" : "idler", src, "128K");
      List<Integer> list = k.spawn(b, n, VmOptions.defaults());
      int[] ids = list.stream().mapToInt(Integer::intValue).toArray();
      if (!poll) {
        Measure.await(600_000, 10, () -> k.stats().count(VmState.IDLE) == n);
      } else {
        Measure.await(600_000, 10, () -> k.stats().quanta() >= n);
      }
      long q0 = k.stats().quanta();
      EventDriver driver = new EventDriver(k, ids, perSecond, batching);
      Measure.sleep((long) (seconds * 1000));
      long raised = driver.stop();
      long q1 = k.stats().quanta();
      for (int id : ids) {
        k.raise(id, Guests.STOP);
      }
      Measure.await(600_000, 20, () -> {
        var s = k.stats();
        return s.count(VmState.EXITED) + s.count(VmState.FAULTED) == n;
      });
      long units = 0;
      int notExited = 0;
      for (VmInfo v : k.list()) {
        if (v.state() == VmState.EXITED) {
          units += Integer.toUnsignedLong(v.exitStatus());
        } else {
          notExited++;
          if (v.fault() != null) {
            throw new IllegalStateException("VM " + v.id() + " faulted: " + v.fault());
          }
        }
      }
      return new Point(n, batching, poll, driver.seconds(), raised, units, q1 - q0, notExited);
    }
  }
}
