package dev.denali.perf.kernel;

import dev.denali.emu.EngineKind;
import dev.denali.isa.VirtualRegisters;
import dev.denali.kernel.Binary;
import dev.denali.kernel.Kernel;
import dev.denali.kernel.KernelConfig;
import dev.denali.kernel.KernelException;
import dev.denali.kernel.KernelStats;
import dev.denali.kernel.RestartPolicy;
import dev.denali.kernel.VmInfo;
import dev.denali.kernel.VmOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Harness: a hostile mix of guests in one kernel under a tight memory budget, and what each kind
 * gets. Well-behaved VMs (tickers: wake every 10 ms, do a little work) share the kernel with
 * spinners (never idle), yielders ({@code d.idle} with a zero timeout, in a loop), fault loops
 * (fault at once, restarted for ever, the back-off capped at 200 ms), memory hoarders (touch
 * all of their 4 MiB, then idle), and sleepers hit by an interrupt storm (a driver thread raising their interrupt as
 * fast as it can). The budget holds the small VMs and about half the hoarders, so hibernation
 * runs all the time. The table gives, per kind, instructions and their share, turns, wake-ups;
 * the tickers' wake-ups as a share of what their period asks; the kernel's wake latency,
 * hibernations and failures; and how long {@code close()} took.
 *
 * <pre>
 *   java -XX:+UseParallelGC -Xmx2g -cp perf/target/denali-perf.jar dev.denali.perf.kernel.Chaos \
 *       [--engine auto] [--workers 2] [--seconds 10] [--scale 1]
 * </pre>
 *
 * {@code --scale} multiplies every count (1: 4 spinners, 20 yielders, 50 tickers, 8 fault
 * loops, 8 hoarders, 20 stormed sleepers). The tests run a small version and check that every
 * kind made progress, the spinners kept their fair share, the tickers kept ticking and the
 * kernel closed.
 */
public final class Chaos {
  /** How a chaos run is made. */
  public record Config(EngineKind engine, int workers, double seconds, int scale) {}

  /** What one kind of VM got. */
  public record Kind(String name, int vms, long instructions, long quanta, long wakeups,
      long restarts) {}

  /** What a chaos run measured. */
  public record Result(Map<String, Kind> kinds, double tickerRate, KernelStats stats,
      double closeSeconds, long raises) {
    /** What the VMs of kind {@code name} got. */
    public Kind kind(String name) {
      return kinds.get(name);
    }
  }

  static final int TICK_MICROS = 10_000;

  static final String YIELDER = """
      _start:
          d.idle a0, zero
          j _start
      """;

  static final String FAULTER = """
      _start:
          li t0, 0x10
          lw a0, 0(t0)           # below the text: a load fault at once
      """;

  private Chaos() {}

  public static void main(String[] args) throws Exception {
    Flags flags = new Flags(args);
    Config c = new Config(EngineKind.byLabel(flags.string("engine", "auto")),
        (int) flags.number("workers", Runtime.getRuntime().availableProcessors()),
        Double.parseDouble(flags.string("seconds", "10")), (int) flags.number("scale", 1));
    report(c, run(c), System.out);
  }

  /**
   * The fault loops' restarts: for ever, with a back-off from 10 ms that stops growing at 200
   * ms. (With the default cap of 30 s, faulters that faulted while the rest of the mix was still
   * being created, which takes seconds on a loaded machine, could be waiting longer than a short
   * run lasts.)
   */
  static final RestartPolicy FAULT_LOOP = new RestartPolicy(1_000_000,
      java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(200));

  /** Runs the mix for {@code c.seconds()} and measures it. */
  public static Result run(Config c) throws Exception {
    int s = c.scale();
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("spinner", 4 * s);
    counts.put("yielder", 20 * s);
    counts.put("ticker", 50 * s);
    counts.put("faulter", 8 * s);
    counts.put("hoarder", 8 * s);
    counts.put("stormed", 20 * s);
    long small = 128 << 10;
    long hoard = 4 << 20;
    long smallVms = counts.values().stream().mapToLong(Integer::longValue).sum()
        - counts.get("hoarder");
    long budget = smallVms * small + counts.get("hoarder") * hoard / 2;
    KernelConfig kc = KernelConfig.defaults().withWorkers(c.workers()).withEngine(c.engine())
        .withMemoryBudget(budget);
    Kernel k = Kernel.start(kc);
    Map<String, List<Integer>> ids = new LinkedHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    long[] raises = new long[1];
    Thread storm = null;
    try {
      Map<String, Binary> binaries = new LinkedHashMap<>();
      binaries.put("spinner", Guests.load(k, "spinner", Guests.SPIN, "128K"));
      binaries.put("yielder", Guests.load(k, "yielder", YIELDER, "128K"));
      binaries.put("ticker", Guests.load(k, "ticker", Guests.ticker(TICK_MICROS, 100), "128K"));
      binaries.put("faulter", Guests.load(k, "faulter", FAULTER, "128K"));
      binaries.put("hoarder", Guests.load(k, "hoarder", Guests.sleeper((int) hoard - (128 << 10)),
          "4M"));
      binaries.put("stormed", Guests.load(k, "stormed", Guests.sleeper(0), "128K"));
      for (Map.Entry<String, Integer> e : counts.entrySet()) {
        VmOptions o = e.getKey().equals("faulter")
            ? VmOptions.defaults().withRestart(FAULT_LOOP)
            : VmOptions.defaults();
        List<Integer> made = new ArrayList<>();
        for (int i = 0; i < e.getValue(); i++) {
          made.add(spawnWhenThereIsRoom(k, binaries.get(e.getKey()), o));
        }
        ids.put(e.getKey(), made);
      }
      List<Integer> stormed = ids.get("stormed");
      storm = new Thread(() -> {
        int i = 0;
        while (!stop.get()) {
          k.raise(stormed.get(i++ % stormed.size()), VirtualRegisters.IRQ_NET);
          raises[0]++;
        }
      }, "chaos-storm");
      storm.start();
      Map<String, long[]> before = totals(k, ids);
      long t0 = System.nanoTime();
      Thread.sleep((long) (c.seconds() * 1000));
      Map<String, long[]> after = totals(k, ids);
      double elapsed = (System.nanoTime() - t0) / 1e9;
      stop.set(true);
      storm.join();
      Map<String, Kind> kinds = new LinkedHashMap<>();
      for (String name : ids.keySet()) {
        long[] b = before.get(name);
        long[] a = after.get(name);
        kinds.put(name, new Kind(name, ids.get(name).size(), a[0] - b[0], a[1] - b[1],
            a[2] - b[2], a[3] - b[3]));
      }
      double expectedTicks = ids.get("ticker").size() * elapsed * 1e6 / TICK_MICROS;
      double tickerRate = kinds.get("ticker").wakeups() / expectedTicks;
      KernelStats stats = k.stats();
      long c0 = System.nanoTime();
      k.close();
      double closeSeconds = (System.nanoTime() - c0) / 1e9;
      return new Result(kinds, tickerRate, stats, closeSeconds, raises[0]);
    } finally {
      stop.set(true);
      if (storm != null) {
        storm.join();
      }
      k.close();
    }
  }

  /** Creates a VM, waiting while the budget is full of VMs that are not idle yet. */
  private static int spawnWhenThereIsRoom(Kernel k, Binary b, VmOptions o)
      throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      try {
        return k.spawn(b, 1, o).get(0);
      } catch (KernelException full) {
        if (System.nanoTime() > deadline) {
          throw full;
        }
        Thread.sleep(2);
      }
    }
  }

  /** Per kind: instructions, quanta, wake-ups, restarts, summed over its VMs now. */
  private static Map<String, long[]> totals(Kernel k, Map<String, List<Integer>> ids) {
    Map<String, long[]> t = new LinkedHashMap<>();
    for (Map.Entry<String, List<Integer>> e : ids.entrySet()) {
      long[] sum = new long[4];
      for (int id : e.getValue()) {
        VmInfo i = k.info(id);
        if (i != null) {
          sum[0] += i.retired();
          sum[1] += i.quanta();
          sum[2] += i.wakeups();
          sum[3] += i.restarts();
        }
      }
      t.put(e.getKey(), sum);
    }
    return t;
  }

  static void report(Config c, Result r, PrintStream out) {
    out.printf(Locale.ROOT, "chaos: engine %s, %d workers, %.0f s, scale %d; JVM heap %d MiB%n",
        c.engine().label(), c.workers(), c.seconds(), c.scale(),
        Runtime.getRuntime().maxMemory() >> 20);
    long total = r.kinds().values().stream().mapToLong(Kind::instructions).sum();
    out.printf(Locale.ROOT, "%-9s %6s %16s %7s %10s %10s %9s%n", "kind", "VMs", "instructions",
        "share", "turns", "wake-ups", "restarts");
    for (Kind k : r.kinds().values()) {
      out.printf(Locale.ROOT, "%-9s %6d %,16d %6.1f%% %,10d %,10d %,9d%n", k.name(), k.vms(),
          k.instructions(), 100.0 * k.instructions() / Math.max(1, total), k.quanta(),
          k.wakeups(), k.restarts());
    }
    KernelStats s = r.stats();
    out.printf(Locale.ROOT, "tickers woke %.0f%% as often as their %d ms period asks%n",
        100 * r.tickerRate(), TICK_MICROS / 1000);
    out.printf(Locale.ROOT, "wake latency p50 %d us, p99 %d us; hibernations %,d, restores %,d,"
        + " failures %d; interrupts raised by the storm %,d; close() %.2f s%n",
        s.wakeLatencyMicros().quantile(0.5), s.wakeLatencyMicros().quantile(0.99),
        s.hibernations(), s.restores(), s.hibernationFailures(), r.raises(), r.closeSeconds());
  }
}
