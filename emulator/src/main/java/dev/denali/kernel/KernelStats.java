package dev.denali.kernel;

import java.util.Map;

/**
 * Kernel-wide counters at one moment.
 *
 * @param vms VMs that exist (not destroyed)
 * @param byState how many VMs are in each state
 * @param residentBytes bytes of VM memory held in the heap (reserved for resident VMs)
 * @param hibernatedBytes bytes of disk the hibernated VMs' snapshot slots take
 * @param runnable VMs waiting in the run queue
 * @param sleepers entries in the timer queue (some may be stale)
 * @param quanta turns given since boot (each one VM switch)
 * @param hibernations VMs written to disk since boot
 * @param restores VMs read back since boot
 * @param wakeLatencyMicros how late timer wake-ups ran after their deadline
 * @param hibernateMicros time to hibernate one VM
 * @param restoreMicros time to restore one VM
 * @param hibernationFailures hibernations and restores that failed (out of memory or disk);
 *     each VM concerned stayed resident, or on disk to be retried
 */
public record KernelStats(int vms, Map<VmState, Integer> byState, long residentBytes,
    long hibernatedBytes, int runnable, int sleepers, long quanta, long hibernations,
    long restores, Histogram wakeLatencyMicros, Histogram hibernateMicros,
    Histogram restoreMicros, long hibernationFailures) {
  /** VMs in {@code state}. */
  public int count(VmState state) {
    return byState.getOrDefault(state, 0);
  }
}
