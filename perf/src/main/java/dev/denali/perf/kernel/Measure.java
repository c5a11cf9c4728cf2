package dev.denali.perf.kernel;

import dev.denali.kernel.Kernel;
import dev.denali.kernel.VmInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/** What the kernel harnesses share: medians and percentiles, heap use, waiting, tables, CSV. */
final class Measure {
  private Measure() {}

  static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length == 0 ? Double.NaN : s[s.length / 2];
  }

  static double median(List<Double> xs) {
    return median(xs.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** The value at quantile {@code q} (0..1) of {@code sorted} (nearest rank). */
  static long quantile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** Heap bytes in use after full collections (System.gc() until the number settles). */
  static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      sleep(50);
      long used = rt.totalMemory() - rt.freeMemory();
      if (Math.abs(used - last) < (1 << 20)) {
        return used;
      }
      last = used;
    }
    return last;
  }

  /** Waits until {@code condition} holds, polling every {@code pollMillis}; false on timeout. */
  static boolean await(long timeoutMillis, long pollMillis, BooleanSupplier condition) {
    long end = System.nanoTime() + timeoutMillis * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        return false;
      }
      sleep(pollMillis);
    }
    return true;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Sum of every VM's guest instructions retired. */
  static long retired(Kernel k) {
    return k.list().stream().mapToLong(VmInfo::retired).sum();
  }

  /** Writes {@code header} and {@code rows} (already comma-joined) to {@code path}. */
  static void csv(Path path, String header, List<String> rows) {
    try {
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
      Files.write(path, concat(header, rows));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
    System.out.println("wrote " + path);
  }

  private static List<String> concat(String header, List<String> rows) {
    List<String> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    return all;
  }

  static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  /** A line about the machine and the JVM, printed above every table. */
  static String setting() {
    Runtime rt = Runtime.getRuntime();
    return f("# %s, %d cores, max heap %,d MiB, Java %s%n", java.time.LocalDate.now(),
        rt.availableProcessors(), rt.maxMemory() >> 20, System.getProperty("java.version"));
  }

  /** Prints progress to stderr, so tables on stdout stay clean. */
  static void progress(String format, Object... args) {
    System.err.println(f(format, args));
  }
}
