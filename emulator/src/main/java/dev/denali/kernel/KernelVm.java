package dev.denali.kernel;

import dev.denali.emu.Disk;
import dev.denali.emu.Vm;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kernel's record of one VM. Its {@link #state} and the fields marked "guarded" change only
 * under its monitor; the worker that holds it RUNNING owns {@link #vm} without the lock. Counters
 * are written by that worker and read without the lock by listings.
 */
final class KernelVm {
  final int id;
  final Binary binary;
  final VmOptions options;
  final ConsoleTail console;
  final Disk disk;
  final VirtualNic nic;
  /** Interrupt bits raised from outside (devices, the gateway), folded in at the next quantum. */
  final AtomicInteger external = new AtomicInteger();
  /** Each raise's bits, not yet delivered (deliver-immediately mode only: one per turn). */
  final java.util.concurrent.ConcurrentLinkedQueue<Integer> events =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  // guarded by this
  VmState state = VmState.CREATED;
  /** The machine; null while hibernated or before its first run. */
  Vm vm;
  /** True when it sits in the run queue (it is in at most one place there). */
  boolean queued;
  /** True when its next run returns from a d.idle. */
  boolean resumeFromIdle;
  /** The operator asked to stop or destroy it while it ran. */
  boolean stopRequested;
  boolean destroyRequested;
  /** The operator asked to restart it afresh while it ran. */
  boolean restartRequested;
  /** Woken by a deferred raise: runnable but not queued, until {@code runDeferred} runs it. */
  boolean deferred;
  long deferredSince;
  /** In {@link DeferredTurns}'s queue (at most once: its sweep reads the latest deferral). */
  boolean awaitingSweep;
  /** An event arrived while it was being hibernated: keep it resident and run it. */
  boolean wakeRequested;
  /** Timer entries carry this; a newer one makes older entries stale (read by the purge). */
  volatile int timerGeneration;
  /** Where its snapshot lies in the store, or -1. */
  long snapshot = -1;
  int snapshotBytes;
  /** When its memory was last made resident (created or restored; System.nanoTime). */
  long residentSince = System.nanoTime();
  /** Its neighbours in the hibernator's {@link IdleList} (guarded by the hibernator's lock). */
  KernelVm idlePrev;
  KernelVm idleNext;
  boolean inIdleList;
  /** When it went idle (System.nanoTime), for least-recently-active eviction. */
  long idleSince;
  /** Its memory counts against the kernel's budget. */
  boolean reserved;
  /** Its timer (not an interrupt) woke it: the worker records how late. */
  boolean timerWake;
  /** Deadline of its pending wake (monotonic micros), for wake-latency accounting. */
  long wakeDeadline;

  // guarded by the run queue's lock while queued, by the worker while running
  /** Guest instructions run divided by weight: the round robin's order. */
  long vtime;
  long seq;

  // counters: written by the worker that runs it, read racily
  volatile long retired;
  volatile long cpuNanos;
  volatile long quanta;
  volatile long wakeups;
  volatile long interrupts;
  volatile long deliveries;
  volatile long hibernations;
  volatile long restarts;
  volatile int exitStatus;
  volatile String fault;

  KernelVm(int id, Binary binary, VmOptions options, Disk disk, VirtualNic nic) {
    this.id = id;
    this.nic = nic;
    this.binary = binary;
    this.options = options;
    this.console = new ConsoleTail(options.consoleBytes());
    this.disk = disk;
  }

  /** A copy of what listings show. */
  synchronized VmInfo info() {
    boolean resident = vm != null && !state.onDisk();
    return new VmInfo(id, binary.name(), state, options.weight(), retired, cpuNanos, quanta,
        wakeups, interrupts, deliveries, resident ? binary.memoryPerVm() : 0,
        snapshot >= 0 ? snapshotBytes : 0, hibernations, restarts, exitStatus, fault,
        console.total());
  }
}
