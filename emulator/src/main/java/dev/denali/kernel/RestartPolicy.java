package dev.denali.kernel;

import java.time.Duration;

/**
 * What the kernel does when a VM faults: nothing ({@link #NEVER}), or start it again from its
 * binary after a back-off that doubles with each fault, up to {@code maxRestarts} times.
 *
 * @param maxRestarts restarts allowed in the VM's life (0: never)
 * @param initialBackoff the wait before the first restart
 * @param maxBackoff the longest wait
 */
public record RestartPolicy(int maxRestarts, Duration initialBackoff, Duration maxBackoff) {
  public static final RestartPolicy NEVER = new RestartPolicy(0, Duration.ZERO, Duration.ZERO);

  public RestartPolicy {
    if (maxRestarts < 0 || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("restart policy needs maxRestarts >= 0 and"
          + " 0 <= initialBackoff <= maxBackoff");
    }
  }

  /** Restarts up to {@code max} times, waiting 100 ms, 200 ms, ... up to 30 s. */
  public static RestartPolicy upTo(int max) {
    return new RestartPolicy(max, Duration.ofMillis(100), Duration.ofSeconds(30));
  }

  /** The back-off before restart number {@code restart} (0-based), in microseconds. */
  long backoffMicros(int restart) {
    long micros = initialBackoff.toNanos() / 1000;
    long cap = maxBackoff.toNanos() / 1000;
    for (int i = 0; i < restart && micros < cap; i++) {
      micros *= 2;
    }
    return Math.min(micros, cap);
  }
}
