package dev.denali.kernel;

import dev.denali.emu.Vm;
import dev.denali.emu.VmSnapshot;
import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Denali's swapping, done so that it cannot thrash: only idle VMs are ever hibernated, least
 * recently active first, so a VM that keeps working keeps its memory, and a hibernated VM costs
 * the others nothing until an event arrives for it. Two threads of its own, off the workers: the
 * evictor writes idle VMs out when resident memory passes the budget (down to 90 % of it) or when
 * a VM has idled past the configured time; the restorer reads VMs back when an event arrives and
 * queues them to run, so a restore never holds up a worker.
 */
final class Hibernator implements AutoCloseable {
  private static final org.slf4j.Logger LOG = KernelEvents.LOG;
  private static final double LOW_WATER = 0.9;
  /**
   * A VM restored (or created) less than this long ago is not hibernated to relieve memory
   * pressure: a VM that idles for a moment between events would otherwise be written out and
   * read back at every event (thrashing). The budget may be exceeded meanwhile.
   */
  static final long MIN_RESIDENCY_NANOS = 2_000_000_000L;
  /** Takes a VM's snapshot: a seam for tests that inject failures (out of memory). */
  static volatile java.util.function.Function<Vm, byte[]> capture = VmSnapshot::capture;

  private final Kernel kernel;
  /** Idle, resident VMs in the order they went idle (least recently active first). */
  private final IdleList idle = new IdleList();
  private final LinkedBlockingQueue<KernelVm> restoreQueue = new LinkedBlockingQueue<>();
  private final Thread evictor;
  private final Thread restorer;
  private volatile boolean closed;
  final LongAdder hibernations = new LongAdder();
  final LongAdder restores = new LongAdder();
  final LongAdder failures = new LongAdder();
  final Histogram hibernateMicros = new Histogram();
  final Histogram restoreMicros = new Histogram();

  Hibernator(Kernel kernel) {
    this.kernel = kernel;
    this.evictor = new Thread(this::evictLoop, "denali-evictor");
    this.restorer = new Thread(this::restoreLoop, "denali-restorer");
    evictor.setDaemon(true);
    restorer.setDaemon(true);
    evictor.start();
    restorer.start();
  }

  /** {@code v} went idle (VM locked). */
  void noteIdle(KernelVm v) {
    synchronized (idle) {
      idle.addLast(v);
    }
  }

  /** {@code v} is no longer an idle resident VM (VM locked). */
  void noteAwake(KernelVm v) {
    synchronized (idle) {
      idle.remove(v);
    }
  }

  /** Queues {@code v} (now RESTORING) to be read back and run. */
  void restoreLater(KernelVm v) {
    restoreQueue.add(v);
  }

  /**
   * Hibernates idle VMs, least recently active first, until {@code bytes} more fit in the budget.
   * Returns false when they do not fit with every idle VM gone.
   */
  boolean makeRoom(long bytes) {
    return evictDownTo(kernel.config.memoryBudget() - bytes, Long.MAX_VALUE);
  }

  /**
   * Hibernates idle VMs resident since before {@code residentBefore}, least recently active
   * first, until at most {@code target} bytes are resident; false if it cannot.
   */
  private boolean evictDownTo(long target, long residentBefore) {
    while (kernel.residentBytes.get() > target) {
      KernelVm victim = closed ? null : oldestIdle(residentBefore);
      if (victim == null) {
        return false;
      }
      hibernate(victim);
    }
    return true;
  }

  /** Removes and returns the least recently active idle VM resident since before {@code t}. */
  private KernelVm oldestIdle(long residentBefore) {
    synchronized (idle) {
      for (KernelVm v = idle.first(); v != null; v = IdleList.next(v)) {
        if (residentBefore == Long.MAX_VALUE || v.residentSince - residentBefore <= 0) {
          idle.remove(v);
          return v;
        }
      }
      return null;
    }
  }

  /**
   * Writes an idle VM to disk and frees its memory; false when it is not idle, or the snapshot
   * cannot be taken or written (out of memory or disk): the VM then stays resident and
   * runnable, and the failure is counted and logged.
   */
  boolean hibernate(KernelVm v) {
    Vm vm;
    synchronized (v) {
      if (v.state != VmState.IDLE || v.vm == null) {
        return false;
      }
      v.state = VmState.HIBERNATING;
      noteAwake(v);
      vm = v.vm;
    }
    long start = System.nanoTime();
    long handle = -1;
    int length = 0;
    try {
      byte[] snapshot = capture.apply(vm);
      if (snapshot.length <= SnapshotStore.maxBytes()) {
        handle = kernel.store.write(snapshot);
        length = snapshot.length;
      }
    } catch (IOException | RuntimeException | OutOfMemoryError e) {
      failures.increment();
      kernel.events.hibernationFailed(v.id, "hibernation", e + "; it stays resident");
    }
    synchronized (v) {
      if (v.destroyRequested) {
        if (handle >= 0) {
          kernel.store.free(handle);
        }
        kernel.finishDestroy(v);
        return false;
      }
      if (handle < 0 || v.wakeRequested || v.stopRequested) {
        // keep it resident: the write failed, or something wants it now
        if (handle >= 0) {
          kernel.store.free(handle);
        }
        boolean wake = v.wakeRequested;
        v.wakeRequested = false;
        if (v.stopRequested) {
          v.stopRequested = false;
          v.state = VmState.STOPPED;
        } else if (wake) {
          kernel.makeRunnable(v, true);
        } else {
          v.state = VmState.IDLE;
          noteIdle(v);
        }
        return false;
      }
      v.vm = null;
      v.snapshot = handle;
      v.snapshotBytes = length;
      v.state = VmState.HIBERNATED;
      v.hibernations++;
      kernel.release(v);
      hibernations.increment();
      hibernateMicros.record((System.nanoTime() - start) / 1000);
    }
    return true;
  }

  private void restore(KernelVm v) {
    long handle;
    synchronized (v) {
      if (v.state != VmState.RESTORING) {
        return;
      }
      handle = v.snapshot;
    }
    long start = System.nanoTime();
    Vm vm = null;
    String error = null;
    try {
      vm = VmSnapshot.restore(kernel.store.read(handle), v.binary.program(), v.id, v.console,
          kernel.config.clock());
      vm.attachDisk(v.disk);
      vm.attachNic(v.nic);
    } catch (OutOfMemoryError e) {
      // the snapshot is intact: leave the VM on disk and try again shortly
      failures.increment();
      retryLater(v);
      return;
    } catch (IOException | RuntimeException e) {
      error = "could not restore from hibernation: " + e.getMessage();
      failures.increment();
      kernel.events.hibernationFailed(v.id, "restore", e.getMessage() + "; the VM faults");
    }
    synchronized (v) {
      if (v.destroyRequested) {
        kernel.finishDestroy(v);
        return;
      }
      kernel.store.free(handle);
      v.snapshot = -1;
      if (error != null) {
        v.fault = error;
        v.state = VmState.FAULTED;
        kernel.release(v);
        kernel.ended(v);
        return;
      }
      v.vm = vm;
      v.residentSince = System.nanoTime();
      kernel.reserve(v);
      v.resumeFromIdle = true;
      restores.increment(); // before it can run, so a VM that ended was counted
      restoreMicros.record((System.nanoTime() - start) / 1000);
      if (v.stopRequested) {
        v.stopRequested = false;
        v.state = VmState.STOPPED;
      } else {
        kernel.makeRunnable(v, true);
      }
    }
  }

  /** Queues {@code v} (still RESTORING, its snapshot intact) for another restore after a pause. */
  private void retryLater(KernelVm v) {
    LOG.warn("vm {}: cannot be restored yet: out of memory; tried again shortly", v.id);
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    restoreQueue.add(v);
  }

  private void evictLoop() {
    while (!closed) {
      try {
        Thread.sleep(5);
        evictOnce();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | OutOfMemoryError e) { // this thread must not die
        LOG.error("evictor: {}", e.toString());
      }
    }
  }

  private void evictOnce() {
    kernel.deferred.sweep();
    long budget = kernel.config.memoryBudget();
    if (kernel.residentBytes.get() > budget) {
      evictDownTo((long) (budget * LOW_WATER), System.nanoTime() - MIN_RESIDENCY_NANOS);
    }
    if (kernel.config.hibernateAfter() != null) {
      long limit = System.nanoTime() - kernel.config.hibernateAfter().toNanos();
      while (!closed) {
        KernelVm oldest;
        synchronized (idle) {
          oldest = idle.first();
          if (oldest != null && oldest.idleSince <= limit) {
            idle.remove(oldest);
          } else {
            oldest = null;
          }
        }
        if (oldest == null) {
          break;
        }
        hibernate(oldest);
      }
    }
  }

  private void restoreLoop() {
    while (!closed) {
      try {
        KernelVm v = restoreQueue.poll(100, TimeUnit.MILLISECONDS);
        if (v != null) {
          restore(v);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | OutOfMemoryError e) { // this thread must not die
        LOG.error("restorer: {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    evictor.interrupt();
    restorer.interrupt();
    try {
      evictor.join();
      restorer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
