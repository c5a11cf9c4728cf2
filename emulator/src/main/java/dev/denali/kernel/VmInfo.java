package dev.denali.kernel;

/**
 * One VM as {@link Kernel#list()} and {@link Kernel#info} report it: a consistent-enough copy of
 * its state and counters at one moment.
 *
 * @param id the VM id (also what the guest reads in its VM_ID virtual register)
 * @param binary the binary's name
 * @param state where it is in its life
 * @param weight its CPU share
 * @param retired guest instructions retired (across hibernation and restarts of one life)
 * @param cpuNanos host CPU time spent running it
 * @param quanta turns it was given
 * @param wakeups times it returned from d.idle
 * @param interrupts interrupts delivered to its handler (each pending bit counts one)
 * @param deliveries times its handler was entered (a batch of interrupts counts one)
 * @param residentBytes bytes of memory it holds in the heap now (0 while hibernated)
 * @param hibernatedBytes bytes its snapshot takes on disk now (0 while resident)
 * @param hibernations times it was hibernated
 * @param restarts times the restart policy started it again
 * @param exitStatus its exit status, when it exited
 * @param fault a description of its last fault, or null
 * @param consoleBytes bytes it wrote to its console
 */
public record VmInfo(int id, String binary, VmState state, int weight, long retired,
    long cpuNanos, long quanta, long wakeups, long interrupts, long deliveries,
    long residentBytes,
    long hibernatedBytes, long hibernations, long restarts, int exitStatus, String fault,
    long consoleBytes) {}
