package dev.denali.perf.suite;

import java.util.Arrays;

/** Medians and geometric means; NaN stands for "not measured" and is left out. */
public final class Stats {
  private Stats() {}

  /** The median of the values (the mean of the middle two for an even count); NaN if none. */
  public static double median(double[] values) {
    double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    int mid = v.length / 2;
    return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  }

  /** The geometric mean of the positive values; NaN if there are none. */
  public static double geometricMean(double[] values) {
    double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x) && x > 0).toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    double logSum = 0;
    for (double x : v) {
      logSum += Math.log(x);
    }
    return Math.exp(logSum / v.length);
  }
}
