package dev.denali.perf.kernel;

import static dev.denali.perf.kernel.Measure.f;
import static dev.denali.perf.kernel.Measure.progress;

import dev.denali.emu.EngineKind;
import dev.denali.isa.VirtualRegisters;
import dev.denali.kernel.Binary;
import dev.denali.kernel.Histogram;
import dev.denali.kernel.Kernel;
import dev.denali.kernel.KernelConfig;
import dev.denali.kernel.KernelStats;
import dev.denali.kernel.VmInfo;
import dev.denali.kernel.VmOptions;
import dev.denali.kernel.VmState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Harness: the kernel's latencies, in three tables.
 *
 * <ol>
 *   <li>VM switch cost: {@code --spinners} CPU-bound VMs on one worker with small quanta (100,
 *       1,000, 10,000 instructions) against one VM with a 10,000,000-instruction quantum; the
 *       extra time per instruction times the quantum is the cost of one switch. Median of
 *       {@code --windows} one-second windows after a one-second warm-up.
 *   <li>Wake-up latency from idle, under a background of ticking VMs ({@code --load}, each
 *       waking every 100 ms): the kernel's histogram (timer deadline to the start of the turn,
 *       for every timer wake since the kernel booted: background VMs, warm-up and probes alike;
 *       KernelStats hands out the live histogram, which cannot be reset) and, from 2,000 probe
 *       VMs after a warm-up round of 2,000, the guest's own view (rdtime after d.idle minus its
 *       deadline); each number the median of {@code --repeat} runs.
 *   <li>Hibernate and restore: {@code --hibernate} VMs that touched 16 KiB are hibernated one by
 *       one with Kernel.hibernate and woken one by one with Kernel.raise; the kernel's histograms,
 *       and the time from raise to the guest running again (its wake-up count going up).
 * </ol>
 *
 * <pre>
 *   java -cp perf/target/denali-perf.jar dev.denali.perf.kernel.KernelLatency \
 *       [--engine auto] [--spinners 16] [--windows 5] [--load 0,1000,10000] [--repeat 3]
 *       [--hibernate 2000] [--quanta 100,1000,10000] [--only switch,wake,hibernate]
 *       [--csv perf/target/kernel-latency.csv]
 * </pre>
 */
public final class KernelLatency {
  private KernelLatency() {}

  public static void main(String[] args) throws Exception {
    Flags flags = new Flags(args);
    EngineKind engine = EngineKind.byLabel(flags.string("engine", "auto"));
    int spinners = (int) flags.number("spinners", 16);
    int windows = (int) flags.number("windows", 5);
    List<Long> quanta = flags.numbers("quanta", List.of(100L, 1_000L, 10_000L));
    List<Long> loads = flags.numbers("load", List.of(0L, 1_000L, 10_000L));
    int hibernate = (int) flags.number("hibernate", 2000);
    int repeat = (int) flags.number("repeat", 3);
    Path csv = Path.of(flags.string("csv", "perf/target/kernel-latency.csv"));
    List<String> rows = new ArrayList<>();
    System.out.print(Measure.setting());

    String only = flags.string("only", "switch,wake,hibernate");

    // 1. switch cost
    if (only.contains("switch")) {
      switchCost(engine, spinners, windows, quanta, rows);
    }
    // 2. wake-up latency
    if (only.contains("wake")) {
      wake(engine, loads, repeat, rows);
    }
    // 3. hibernate and restore
    if (only.contains("hibernate") && hibernate > 0) {
      hibernation(engine, hibernate, rows);
    }
    Measure.csv(csv, "measure,vms,quantum,ns_per_insn,base_ns_per_insn,ns_per_switch,"
        + "kernel_p50_us,kernel_p99_us,kernel_p999_us,guest_p50_us,guest_p99_us,guest_p999_us,"
        + "guest_max_us", rows);
  }

  private static void switchCost(EngineKind engine, int spinners, int windows, List<Long> quanta,
      List<String> rows) throws IOException {
    progress("switch cost: baseline, one VM, quantum 10,000,000");
    double base = nsPerInstruction(engine, 1, 10_000_000, windows);
    System.out.println(f("VM switch cost (%s engine, 1 worker, %d spinning VMs; baseline one VM"
        + " with quantum 10,000,000: %.3f ns/instruction)", engine.label(), spinners, base));
    System.out.println(f("%10s %12s %14s %12s", "quantum", "ns/insn", "extra ns/insn",
        "ns/switch"));
    for (long q : quanta) {
      progress("switch cost: %d VMs, quantum %d", spinners, q);
      double t = nsPerInstruction(engine, spinners, q, windows);
      double sw = (t - base) * q;
      System.out.println(f("%,10d %12.3f %14.3f %12.0f", q, t, t - base, sw));
      rows.add(f("switch,%d,%d,%.4f,%.4f,%.1f,,,,,,,", spinners, q, t, base, sw));
    }
  }

  private static void wake(EngineKind engine, List<Long> loads, int repeat, List<String> rows)
      throws IOException {
    System.out.println();
    System.out.println(f("wake-up latency from d.idle (us; background VMs wake every 100 ms;"
        + " 2,000 probes; each column the median of %d runs)", repeat));
    System.out.println(f("%10s %10s %10s %10s %10s %10s %10s %10s", "background", "kernel p50",
        "p99", "p99.9", "guest p50", "p99", "p99.9", "max"));
    for (long load : loads) {
      progress("wake latency: %,d background VMs", load);
      long[] w = new long[7];
      List<long[]> runs = new ArrayList<>();
      for (int r = 0; r < repeat; r++) {
        runs.add(wakeLatency(engine, (int) load, 2000));
      }
      for (int j = 0; j < w.length; j++) {
        int col = j;
        w[j] = (long) Measure.median(runs.stream().mapToDouble(x -> x[col]).toArray());
      }
      System.out.println(f("%,10d %10d %10d %10d %10d %10d %10d %10d", load, w[0], w[1], w[2],
          w[3], w[4], w[5], w[6]));
      rows.add(f("wake,%d,,,,,%d,%d,%d,%d,%d,%d,%d", load, w[0], w[1], w[2], w[3], w[4], w[5],
          w[6]));
    }
  }

  private static void hibernation(EngineKind engine, int hibernate, List<String> rows)
      throws IOException {
    progress("hibernate/restore: %,d VMs", hibernate);
    long[] h = hibernateRestore(engine, hibernate);
    System.out.println();
    System.out.println(f("hibernate and restore (us; %,d VMs that touched 16 KiB, one at a"
        + " time)", hibernate));
    System.out.println(f("%-36s %8s %8s %8s", "", "p50", "p99", "max"));
    System.out.println(f("%-36s %8d %8d %8s", "hibernate (kernel histogram)", h[0], h[1], "-"));
    System.out.println(f("%-36s %8d %8d %8d", "Kernel.hibernate call (caller)", h[2], h[3],
        h[4]));
    System.out.println(f("%-36s %8d %8d %8s", "restore (kernel histogram)", h[5], h[6], "-"));
    System.out.println(f("%-36s %8d %8d %8d", "raise to guest running again", h[7], h[8],
        h[9]));
    System.out.println(f("snapshot %,d bytes per VM", h[10]));
    rows.add(f("hibernate,%d,,,,,%d,%d,,%d,%d,,", hibernate, h[0], h[1], h[2], h[3]));
    rows.add(f("restore,%d,,,,,%d,%d,,%d,%d,,%d", hibernate, h[5], h[6], h[7], h[8], h[9]));
  }

  /** Median host ns per guest instruction of {@code vms} spinning VMs on one worker. */
  static double nsPerInstruction(EngineKind engine, int vms, long quantum, int windows)
      throws IOException {
    KernelConfig config = KernelConfig.defaults().withWorkers(1).withQuantum(quantum)
        .withEngine(engine);
    try (Kernel k = Kernel.start(config)) {
      Binary b = Guests.load(k, "spin", Guests.SPIN, "128K");
      k.spawn(b, vms, VmOptions.defaults());
      Measure.sleep(1000);
      double[] ns = new double[windows];
      for (int i = 0; i < windows; i++) {
        long r0 = Measure.retired(k);
        long t0 = System.nanoTime();
        Measure.sleep(1000);
        long r1 = Measure.retired(k);
        ns[i] = (double) (System.nanoTime() - t0) / (r1 - r0);
      }
      return Measure.median(ns);
    }
  }

  /**
   * Kernel p50, p99, p99.9 and guest p50, p99, p99.9, max of wake-up latency in microseconds,
   * with {@code load} background tickers and {@code probes} probe VMs.
   */
  static long[] wakeLatency(EngineKind engine, int load, int probes) throws IOException {
    KernelConfig config = KernelConfig.defaults().withEngine(engine)
        .withMemoryBudget(Long.MAX_VALUE / 4);
    try (Kernel k = Kernel.start(config)) {
      if (load > 0) {
        k.spawn(Guests.load(k, "ticker", Guests.ticker(100_000, 100), "128K"), load,
            VmOptions.defaults());
        Measure.sleep(1500);
      }
      Binary probe = Guests.load(k, "probe", Guests.PROBE, "128K");
      // a warm-up round, not counted by the guest columns (the kernel's histogram has it)
      List<Integer> warm = k.spawn(probe, probes, VmOptions.defaults());
      Measure.await(120_000, 20, () -> warm.stream().allMatch(id -> k.info(id).state().ended()));
      warm.forEach(k::destroy);
      List<Integer> ids = k.spawn(probe, probes, VmOptions.defaults());
      Measure.await(120_000, 20, () -> ids.stream().allMatch(id -> k.info(id).state().ended()));
      long[] guest = new long[probes];
      for (int i = 0; i < probes; i++) {
        VmInfo v = k.info(ids.get(i));
        if (v.state() != VmState.EXITED) {
          throw new IllegalStateException("probe " + v.id() + " ended " + v.state() + ": "
              + v.fault());
        }
        guest[i] = v.exitStatus();
      }
      Arrays.sort(guest);
      Histogram h = k.stats().wakeLatencyMicros();
      return new long[] {h.quantile(0.5), h.quantile(0.99), h.quantile(0.999),
          Measure.quantile(guest, 0.5), Measure.quantile(guest, 0.99),
          Measure.quantile(guest, 0.999), guest[probes - 1]};
    }
  }

  /**
   * Kernel hibernate p50/p99, caller hibernate p50/p99/max, kernel restore p50/p99, raise to
   * running p50/p99/max, snapshot bytes.
   */
  static long[] hibernateRestore(EngineKind engine, int n) throws IOException {
    KernelConfig config = KernelConfig.defaults().withEngine(engine)
        .withMemoryBudget(Long.MAX_VALUE / 4);
    try (Kernel k = Kernel.start(config)) {
      List<Integer> ids = k.spawn(Guests.load(k, "sleeper", Guests.sleeper(16 * 1024), "128K"),
          n, VmOptions.defaults());
      Measure.await(120_000, 20, () -> k.stats().count(VmState.IDLE) == n);
      // warm-up: a tenth of them once through, not counted by the caller-side numbers
      for (int i = 0; i < n / 10; i++) {
        cycle(k, ids.get(i), new long[1], new long[1], 0);
      }
      long[] call = new long[n];
      long[] wake = new long[n];
      for (int i = 0; i < n; i++) {
        cycle(k, ids.get(i), call, wake, i);
      }
      Arrays.sort(call);
      Arrays.sort(wake);
      KernelStats s = k.stats();
      long snapshot = 0;
      int id0 = ids.get(0);
      if (k.hibernate(id0)) {
        snapshot = k.info(id0).hibernatedBytes();
      }
      return new long[] {s.hibernateMicros().quantile(0.5), s.hibernateMicros().quantile(0.99),
          Measure.quantile(call, 0.5) / 1000, Measure.quantile(call, 0.99) / 1000,
          call[n - 1] / 1000, s.restoreMicros().quantile(0.5), s.restoreMicros().quantile(0.99),
          Measure.quantile(wake, 0.5) / 1000, Measure.quantile(wake, 0.99) / 1000,
          wake[n - 1] / 1000, snapshot};
    }
  }

  /** Hibernates VM {@code id}, raises it, waits until it ran; records both times in ns. */
  private static void cycle(Kernel k, int id, long[] call, long[] wake, int i) {
    long t0 = System.nanoTime();
    if (!k.hibernate(id)) {
      throw new IllegalStateException("VM " + id + " is " + k.info(id).state() + ", not idle");
    }
    call[i] = System.nanoTime() - t0;
    long wakeups = k.info(id).wakeups();
    long t1 = System.nanoTime();
    k.raise(id, VirtualRegisters.IRQ_NET);
    while (true) {
      VmInfo v = k.info(id);
      if (v.wakeups() > wakeups && v.state() == VmState.IDLE) {
        break;
      }
      Thread.onSpinWait();
    }
    wake[i] = System.nanoTime() - t1;
  }
}
