package dev.denali.kernel;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free histogram of non-negative values (latencies in microseconds or nanoseconds) with
 * about 6 % precision: 16 linear sub-buckets per power of two. Cheap enough to record on every
 * wake-up.
 */
public final class Histogram {
  private static final int SUB = 16;
  private final AtomicLongArray counts = new AtomicLongArray(64 * SUB);

  public void record(long value) {
    counts.incrementAndGet(bucket(Math.max(0, value)));
  }

  /** Forgets everything recorded (to measure a phase on its own). */
  public void reset() {
    for (int i = 0; i < counts.length(); i++) {
      counts.set(i, 0);
    }
  }

  public long count() {
    long n = 0;
    for (int i = 0; i < counts.length(); i++) {
      n += counts.get(i);
    }
    return n;
  }

  /**
   * How many recorded values are at most {@code value} (to this histogram's precision: a value
   * counts when its bucket's upper bound is at most {@code value}), for cumulative buckets.
   */
  public long countAtMost(long value) {
    long n = 0;
    for (int i = 0; i < counts.length() && upper(i) <= value; i++) {
      n += counts.get(i);
    }
    return n;
  }

  /** The value below which a fraction {@code q} (0..1) of the recorded values lie; 0 if empty. */
  public long quantile(double q) {
    long total = count();
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < counts.length(); i++) {
      seen += counts.get(i);
      if (seen >= rank && counts.get(i) > 0) {
        return upper(i);
      }
    }
    return upper(counts.length() - 1);
  }

  static int bucket(long v) {
    if (v < SUB) {
      return (int) v;
    }
    int exp = 63 - Long.numberOfLeadingZeros(v); // >= 4
    int sub = (int) (v >>> (exp - 4)) & (SUB - 1);
    return (exp - 3) * SUB + sub;
  }

  /** The largest value that falls in bucket {@code b}. */
  static long upper(int b) {
    if (b < SUB) {
      return b;
    }
    int exp = b / SUB + 3;
    long sub = b % SUB;
    long base = (SUB + sub) << (exp - 4);
    return base + (1L << (exp - 4)) - 1;
  }
}
