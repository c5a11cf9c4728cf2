package dev.denali.perf.kernel;

import static dev.denali.perf.kernel.Measure.f;
import static dev.denali.perf.kernel.Measure.progress;

import dev.denali.kernel.Binary;
import dev.denali.kernel.Kernel;
import dev.denali.kernel.KernelConfig;
import dev.denali.kernel.KernelStats;
import dev.denali.kernel.VmInfo;
import dev.denali.kernel.VmOptions;
import dev.denali.kernel.VmState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Harness: how many VMs one JVM holds. Resident: for each N, creates N VMs of a ticker guest
 * (wakes every {@code --period-ms}, runs a 100-iteration loop, idles again) and reports creation
 * time per VM (median over batches of 1,000), heap bytes per VM once every VM has run, and the
 * ticks per second delivered over {@code --seconds} (with how many VMs ticked at all).
 * Hibernated: creates {@code --hibernated} VMs of a guest that touches 1 KiB and idles forever
 * under a memory budget of 2,000 VMs with hibernateAfter 1 ms, and reports the time to create a
 * VM with the budget full (the creating thread hibernates the oldest idle VM; us, median over
 * batches), and disk and heap per hibernated VM. {@code --hibernated 0} skips it; {@code --hibernated-only} skips the rest.
 *
 * <pre>
 *   java -Xmx16g -cp perf/target/denali-perf.jar dev.denali.perf.kernel.KernelScale \
 *       [N,...] [--period-ms 1000] [--seconds 5] [--hibernated 100000] [--csv path]
 * </pre>
 */
public final class KernelScale {
  private static final int BATCH = 1000;

  private KernelScale() {}

  record Resident(int vms, double createMicros, double startupSeconds, long heapPerVm,
      long memoryPerVm, double ticksPerSecond, double expectedPerSecond, int ticked) {}

  record Hibernated(int vms, double createMicros, double seconds, long heapPerVm, long diskPerVm,
      long snapshotBytes, long fileBytes) {}

  public static void main(String[] args) throws Exception {
    Flags flags = new Flags(args);
    List<Long> sizes = flags.positionalNumbers(List.of(1_000L, 10_000L, 100_000L));
    long periodMs = flags.number("period-ms", 1000);
    long seconds = flags.number("seconds", 5);
    int workers = (int) flags.number("workers", Runtime.getRuntime().availableProcessors());
    String memory = flags.string("memory", "128K");
    long hibernated = flags.number("hibernated", 100_000);
    Path csv = Path.of(flags.string("csv", "perf/target/kernel-scale.csv"));

    System.out.print(Measure.setting());
    List<String> rows = new ArrayList<>();
    if (!flags.has("hibernated-only")) {
      List<Resident> results = new ArrayList<>();
      for (long n : sizes) {
        long heapNeeded = n * Guests.bytes(memory);
        if (heapNeeded > Runtime.getRuntime().maxMemory() * 9 / 10) {
          progress("skipping %,d resident VMs: they need about %,d MiB of heap (run with a larger"
              + " -Xmx)", n, heapNeeded >> 20);
          continue;
        }
        results.add(resident((int) n, periodMs, seconds, workers, memory));
      }
      System.out.println("resident VMs (ticker guest: wake every " + periodMs
          + " ms, 100-iteration loop, idle; " + workers + " workers)");
      System.out.println(f("%9s %12s %10s %12s %12s %13s %13s %9s", "VMs", "create us/VM",
          "startup s", "heap B/VM", "guest B/VM", "ticks/s", "expected/s", "ticked"));
      for (Resident r : results) {
        System.out.println(f("%,9d %12.2f %10.2f %,12d %,12d %,13.0f %,13.0f %,9d", r.vms(),
            r.createMicros(), r.startupSeconds(), r.heapPerVm(), r.memoryPerVm(),
            r.ticksPerSecond(), r.expectedPerSecond(), r.ticked()));
        rows.add(f("resident,%d,%.3f,%.3f,%d,%d,%.0f,%.0f,%d,,", r.vms(), r.createMicros(),
            r.startupSeconds(), r.heapPerVm(), r.memoryPerVm(), r.ticksPerSecond(),
            r.expectedPerSecond(), r.ticked()));
      }
    }
    if (hibernated > 0) {
      Hibernated h = hibernated((int) hibernated, workers, memory);
      System.out.println();
      System.out.println("hibernated VMs (touch 1 KiB, idle forever; budget 2,000 VMs,"
          + " hibernateAfter 1 ms)");
      System.out.println(f("%9s %12s %9s %10s %10s %12s %13s", "VMs", "create+evict", "total s",
          "heap B/VM", "disk B/VM", "snapshot B", "files MiB"));
      System.out.println(f("%,9d %12.2f %9.1f %,10d %,10d %,12d %,13d", h.vms(),
          h.createMicros(), h.seconds(), h.heapPerVm(), h.diskPerVm(), h.snapshotBytes(),
          h.fileBytes() >> 20));
      rows.add(f("hibernated,%d,%.3f,%.3f,%d,,,,,%d,%d", h.vms(), h.createMicros(), h.seconds(),
          h.heapPerVm(), h.diskPerVm(), h.snapshotBytes()));
    }
    Measure.csv(csv, "kind,vms,create_us_per_vm,startup_s,heap_bytes_per_vm,guest_bytes_per_vm,"
        + "ticks_per_s,expected_ticks_per_s,vms_ticked,disk_bytes_per_vm,snapshot_bytes", rows);
  }

  static Resident resident(int n, long periodMs, long seconds, int workers, String memory)
      throws IOException {
    progress("resident: %,d VMs", n);
    long heap0 = Measure.usedHeap();
    KernelConfig config = KernelConfig.defaults().withWorkers(workers)
        .withMemoryBudget(Long.MAX_VALUE / 4);
    try (Kernel k = Kernel.start(config)) {
      Binary b = Guests.load(k, "ticker", Guests.ticker(periodMs * 1000, 100), memory);
      VmOptions options = VmOptions.defaults();
      List<Double> perVm = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int done = 0; done < n; ) {
        int batch = Math.min(BATCH, n - done);
        long s = System.nanoTime();
        for (int i = 0; i < batch; i++) {
          k.start(k.create(b, options));
        }
        perVm.add((System.nanoTime() - s) / 1e3 / batch);
        done += batch;
      }
      // every VM has had its first turn (it allocates its memory then) and gone idle
      Measure.await(600_000, 100, () -> k.list().stream().allMatch(v -> v.quanta() > 0));
      double startup = (System.nanoTime() - t0) / 1e9;
      long heap = Measure.usedHeap() - heap0;
      Measure.sleep(Math.min(2000, periodMs * 2));
      long[] before = wakeups(k, n);
      long w0 = System.nanoTime();
      Measure.sleep(seconds * 1000);
      long[] after = wakeups(k, n);
      double window = (System.nanoTime() - w0) / 1e9;
      long ticks = 0;
      int ticked = 0;
      for (int i = 0; i < n; i++) {
        ticks += after[i] - before[i];
        ticked += after[i] > before[i] ? 1 : 0;
      }
      return new Resident(n, Measure.median(perVm), startup, heap / n, b.memoryPerVm(),
          ticks / window, n * 1000.0 / periodMs, ticked);
    }
  }

  private static long[] wakeups(Kernel k, int n) {
    List<VmInfo> all = k.list();
    long[] w = new long[n];
    for (int i = 0; i < Math.min(n, all.size()); i++) {
      w[i] = all.get(i).wakeups();
    }
    return w;
  }

  static Hibernated hibernated(int n, int workers, String memory) throws IOException {
    progress("hibernated: %,d VMs", n);
    Path dir = Files.createTempDirectory("denali-scale");
    long heap0 = Measure.usedHeap();
    long perVm;
    try (Kernel probe = Kernel.start(KernelConfig.defaults())) {
      perVm = Guests.load(probe, "sleeper", Guests.sleeper(1024), memory).memoryPerVm();
    }
    KernelConfig config = KernelConfig.defaults().withWorkers(workers)
        .withMemoryBudget(2L * BATCH * perVm).withHibernateAfter(Duration.ofMillis(1))
        .withHibernationDir(dir);
    try (Kernel k = Kernel.start(config)) {
      Binary b = Guests.load(k, "sleeper", Guests.sleeper(1024), memory);
      VmOptions options = VmOptions.defaults();
      List<Double> perVmMicros = new ArrayList<>();
      long t0 = System.nanoTime();
      long lastReport = t0;
      for (int done = 0; done < n; ) {
        int batch = Math.min(BATCH, n - done);
        int[] ids = new int[batch];
        long s = System.nanoTime();
        for (int i = 0; i < batch; i++) {
          ids[i] = k.create(b, options);
          k.start(ids[i]);
        }
        perVmMicros.add((System.nanoTime() - s) / 1e3 / batch);
        done += batch;
        // let the batch run to its d.idle, so the next batch finds idle VMs to evict
        Measure.await(60_000, 1, () -> {
          for (int id : ids) {
            VmState st = k.info(id).state();
            if (st == VmState.CREATED || st == VmState.RUNNABLE || st == VmState.RUNNING) {
              return false;
            }
          }
          return true;
        });
        if (System.nanoTime() - lastReport > 10e9) {
          lastReport = System.nanoTime();
          progress("  %,d created, %.0f s", done, (lastReport - t0) / 1e9);
        }
      }
      Measure.await(600_000, 200, () -> k.stats().count(VmState.HIBERNATED) == n);
      double seconds = (System.nanoTime() - t0) / 1e9;
      KernelStats s = k.stats();
      long heap = Measure.usedHeap() - heap0;
      long snapshot = k.list().get(n / 2).hibernatedBytes();
      long files;
      try (Stream<Path> p = Files.list(dir)) {
        files = p.mapToLong(f -> f.toFile().length()).sum();
      }
      if (s.count(VmState.HIBERNATED) != n) {
        progress("only %,d of %,d VMs hibernated: %s", s.count(VmState.HIBERNATED), n,
            s.byState());
      }
      return new Hibernated(n, Measure.median(perVmMicros), seconds, heap / n,
          s.hibernatedBytes() / Math.max(1, s.count(VmState.HIBERNATED)), snapshot, files);
    } finally {
      // the kernel keeps a directory it was given; this one is ours to remove
      try (Stream<Path> p = Files.list(dir)) {
        for (Path f : p.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
  }
}
