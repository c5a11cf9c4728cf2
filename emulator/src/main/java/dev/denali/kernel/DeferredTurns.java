package dev.denali.kernel;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Turns run by the thread that woke the VM instead of a worker (the gateway's event loop, right
 * after a batch of reads): a deferred delivery makes an idle VM runnable without queueing it, and
 * {@link #run} gives it its turn on the caller's thread. A VM whose caller never runs it is queued
 * for the workers by {@link #sweep}, within a few milliseconds (RATIONALE.md, "why a VM's turn may
 * run on the event loop").
 */
final class DeferredTurns {
  private final Kernel kernel;
  private final ThreadLocal<Worker> callerTurns;
  private final ConcurrentLinkedQueue<KernelVm> waiting = new ConcurrentLinkedQueue<>();

  DeferredTurns(Kernel kernel) {
    this.kernel = kernel;
    this.callerTurns = ThreadLocal.withInitial(() -> new Worker(kernel));
  }

  /** Raises {@code bits}; an idle VM becomes runnable but waits for {@link #run}. */
  void raise(KernelVm v, int bits) {
    v.external.getAndAccumulate(bits, (a, b) -> a | b);
    synchronized (v) {
      if (v.state == VmState.IDLE) {
        kernel.hibernator.noteAwake(v);
        v.timerGeneration++;
        v.state = VmState.RUNNABLE;
        v.deferred = true;
        v.deferredSince = System.nanoTime();
        if (!v.awaitingSweep) { // a VM deferred again before the sweep keeps its one place
          v.awaitingSweep = true;
          waiting.add(v);
        }
      } else {
        kernel.wakeLocked(v);
      }
    }
  }

  /** Runs {@code v}'s turn on the calling thread if it is deferred; returns whether it ran. */
  boolean run(KernelVm v) {
    synchronized (v) {
      if (!v.deferred) {
        return false;
      }
      v.deferred = false;
    }
    return callerTurns.get().runTurn(v, false);
  }

  /** Queues deferred VMs that nobody ran within a millisecond (the evictor thread calls it). */
  void sweep() {
    long limit = System.nanoTime() - 1_000_000;
    for (Iterator<KernelVm> it = waiting.iterator(); it.hasNext(); ) {
      KernelVm v = it.next();
      synchronized (v) {
        if (!v.deferred) {
          it.remove();
          v.awaitingSweep = false;
        } else if (v.deferredSince < limit) {
          v.deferred = false;
          it.remove();
          v.awaitingSweep = false;
          if (v.state == VmState.RUNNABLE && !v.queued) {
            v.queued = true;
            kernel.runQueue.addWoken(v);
          }
        }
      }
    }
  }
}
