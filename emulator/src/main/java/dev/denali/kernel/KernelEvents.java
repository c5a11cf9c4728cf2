package dev.denali.kernel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the kernel tells its operator, through SLF4J (logger {@code dev.denali.kernel}): VMs
 * that fault, and whether they restart; hibernations that fail. A guest can fault thousands of
 * times a second (a service of many VMs in a restart loop), so fault lines are limited to
 * {@link #FAULTS_PER_SECOND} a second, the next line let through saying how many were left out;
 * the counters ({@code /metrics}) count them all.
 */
final class KernelEvents {
  static final Logger LOG = LoggerFactory.getLogger("dev.denali.kernel");
  /** The most fault lines written in one second. */
  static final int FAULTS_PER_SECOND = 20;

  private long second = Long.MIN_VALUE;
  private int inSecond;
  private long leftOut;

  /**
   * VM {@code id} of {@code binary} faulted ({@code fault}: what and where); it restarts in
   * {@code waitMicros} (its restart number {@code restarts + 1}), or, when {@code waitMicros} is
   * negative, it does not.
   */
  void faulted(int id, String binary, String fault, long restarts, long waitMicros) {
    if (LOG.isWarnEnabled()) {
      String line = faultLine(System.nanoTime(), id, binary, fault, restarts, waitMicros);
      if (line != null) {
        LOG.warn(line);
      }
    }
  }

  /** The line for a fault at {@code nanos} (System.nanoTime), or null when left out. */
  String faultLine(long nanos, int id, String binary, String fault, long restarts,
      long waitMicros) {
    long skipped;
    synchronized (this) {
      long now = Math.floorDiv(nanos, 1_000_000_000L);
      if (now != second) {
        second = now;
        inSecond = 0;
      }
      if (++inSecond > FAULTS_PER_SECOND) {
        leftOut++;
        return null;
      }
      skipped = leftOut;
      leftOut = 0;
    }
    String then = waitMicros < 0
        ? "stays faulted (" + restarts + " restart" + (restarts == 1 ? "" : "s")
            + ", its restart policy's most)"
        : "restart " + (restarts + 1) + " in " + Math.max(1, waitMicros / 1000) + " ms";
    String more = skipped == 0 ? "" : " (and " + skipped + " more faults not written)";
    return "vm " + id + " (" + binary + ") faulted: " + fault + "; " + then + more;
  }

  /** A hibernation or a restore of VM {@code id} failed; what happens to it. */
  void hibernationFailed(int id, String what, String outcome) {
    LOG.warn("vm {}: {} failed: {}", id, what, outcome);
  }
}
