package dev.denali.perf.http;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Zipf-distributed ranks 1..n: rank k is drawn with probability proportional to 1 / k^s, so a few
 * VMs are hot and a long tail is rarely visited, as in the Denali paper's web workload.
 */
public final class Zipf {
  private final double[] cdf;

  public Zipf(int n, double s) {
    if (n < 1) {
      throw new IllegalArgumentException("Zipf needs at least one rank");
    }
    cdf = new double[n];
    double sum = 0;
    for (int k = 1; k <= n; k++) {
      sum += 1 / Math.pow(k, s);
      cdf[k - 1] = sum;
    }
    for (int i = 0; i < n; i++) {
      cdf[i] /= sum;
    }
  }

  /** A rank in 1..n. */
  public int next(SplittableRandom random) {
    int i = Arrays.binarySearch(cdf, random.nextDouble());
    return Math.min(cdf.length, (i >= 0 ? i : -i - 1) + 1);
  }
}
