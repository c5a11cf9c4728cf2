package dev.denali.kernel;

import dev.denali.emu.Engine;
import dev.denali.emu.StopReason;
import dev.denali.emu.Vm;

/**
 * One host thread of the scheduler: takes the next VM from the run queue, runs it for its quantum
 * (the kernel's quantum times the VM's weight) on its own engine, accounts for it, and decides
 * where it goes next: back to the queue, to sleep, or to its end.
 */
final class Worker {
  private static final org.slf4j.Logger LOG = KernelEvents.LOG;
  private final Kernel kernel;
  private final Engine engine;
  private final Thread thread;

  /** A worker without a thread of its own, for turns run on the caller's thread. */
  Worker(Kernel kernel) {
    this.kernel = kernel;
    this.engine = kernel.config.engine().createForServices();
    this.thread = null;
  }

  Worker(Kernel kernel, int index) {
    this.kernel = kernel;
    this.engine = kernel.config.engine().createForServices();
    this.thread = new Thread(this::loop, "denali-worker-" + index);
    thread.setDaemon(true);
    thread.start();
  }

  void join() {
    if (thread == null) {
      return;
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    while (!kernel.closed()) {
      KernelVm v;
      try {
        v = kernel.runQueue.take(100);
      } catch (InterruptedException e) {
        return;
      }
      if (v != null) {
        try {
          runTurn(v, true);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
          // a kernel bug or an exhausted heap must not cost the kernel a worker
          LOG.error("worker: turn of vm {} failed: {}", v.id, e.toString());
        }
      }
    }
  }

  /**
   * Runs one turn of {@code v} if it is runnable; {@code fromQueue}: the run queue handed it over.
   * Returns whether it ran.
   */
  boolean runTurn(KernelVm v, boolean fromQueue) {
    Vm vm;
    boolean resume;
    boolean timerWake;
    synchronized (v) {
      if (fromQueue) {
        v.queued = false;
      }
      if (v.state != VmState.RUNNABLE) {
        return false; // stopped, destroyed, or run by another thread while it waited
      }
      v.state = VmState.RUNNING;
      if (v.vm == null) {
        try {
          v.vm = new Vm(v.binary.program(), v.id, v.console, kernel.config.clock());
        } catch (OutOfMemoryError e) {
          v.fault = "out of memory: the JVM heap (" + (Runtime.getRuntime().maxMemory() >> 20)
              + " MiB) cannot hold this VM's " + (v.binary.memoryPerVm() >> 10) + " KiB now";
          faulted(v); // restarted later under its policy, when memory may be free again
          return true;
        }
        v.vm.attachDisk(v.disk);
        v.vm.attachNic(v.nic);
        kernel.reserve(v);
      }
      vm = v.vm;
      resume = v.resumeFromIdle;
      v.resumeFromIdle = false;
      timerWake = v.timerWake;
      v.timerWake = false;
    }
    if (timerWake) {
      kernel.wakeLatencyMicros.record(kernel.config.clock().monotonicMicros() - v.wakeDeadline);
    }
    int bits = v.external.getAndSet(0);
    boolean moreEvents = false;
    if (!kernel.config.batching()) {
      // deliver-immediately mode: this turn carries one event; the rest get turns of their own
      Integer event = v.events.poll();
      if (event != null) {
        bits |= event;
      }
      moreEvents = !v.events.isEmpty();
    }
    if (bits != 0) {
      vm.raise(bits);
    }
    if (resume) {
      vm.pollTimer();
      vm.wake();
    }
    vm.beginQuantum();
    long start = System.nanoTime();
    long retiredBefore = vm.retired;
    StopReason reason;
    try {
      reason = engine.run(vm, kernel.config.quantum() * v.options.weight());
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      // an engine bug (or a heap exhausted while translating) must not take the kernel down:
      // the VM faults, everyone else goes on
      reason = null;
      v.fault = "kernel error while running the guest: " + e;
    }
    v.cpuNanos += System.nanoTime() - start;
    v.quanta++;
    kernel.quanta.increment();
    v.retired = vm.retired;
    // every turn costs at least a quantum of virtual time: a turn's own cost (switching, events)
    // is not in its instruction count, and a guest must not buy turns with cheap yields
    v.vtime += Math.max(vm.retired - retiredBefore, kernel.config.quantum()) / v.options.weight();
    v.wakeups = vm.wakeups();
    v.interrupts = vm.interruptsDelivered();
    v.deliveries = vm.deliveries();
    synchronized (v) {
      after(v, vm, reason, moreEvents);
    }
    return true;
  }

  /** Where the VM goes after its turn (VM locked). */
  private void after(KernelVm v, Vm vm, StopReason reason, boolean moreEvents) {
    if (v.destroyRequested) {
      kernel.finishDestroy(v);
      return;
    }
    if (v.restartRequested) {
      kernel.restartLocked(v);
      return;
    }
    if (reason == null || reason == StopReason.FAULTED) {
      if (reason != null) {
        v.fault = vm.fault().summary();
      }
      faulted(v);
      return;
    }
    switch (reason) {
      case EXITED -> {
        v.exitStatus = vm.exitStatus();
        v.state = VmState.EXITED;
        v.vm = null;
        kernel.release(v);
        kernel.ended(v);
      }
      case BUDGET -> {
        if (v.stopRequested) {
          stopped(v);
        } else {
          kernel.queue(v, moreEvents, true);
        }
      }
      case IDLE -> {
        v.resumeFromIdle = true;
        if (v.stopRequested) {
          stopped(v);
        } else if (moreEvents || vm.pendingInterrupts() != 0 || v.external.get() != 0
            || !v.events.isEmpty()) {
          kernel.makeRunnable(v, true);
        } else {
          sleep(v, vm);
        }
      }
      default -> throw new IllegalStateException("BUG: stop reason " + reason);
    }
  }

  private void sleep(KernelVm v, Vm vm) {
    long now = kernel.config.clock().monotonicMicros();
    long deadline = Long.MAX_VALUE;
    if (vm.idleTimeoutMicros() >= 0) {
      deadline = now + vm.idleTimeoutMicros();
    }
    long timer = vm.timerDeadline();
    if (timer != 0) {
      deadline = Math.min(deadline, Math.max(timer, now));
    }
    if (deadline <= now) {
      // d.idle with nothing to wait for is a yield: the back of the queue, no waking priority,
      // so a VM spinning on d.idle(0) cannot push ahead of the others
      kernel.makeRunnable(v, false);
      return;
    }
    v.state = VmState.IDLE;
    v.idleSince = System.nanoTime();
    if (deadline != Long.MAX_VALUE) {
      v.wakeDeadline = deadline;
      kernel.timers.schedule(v, deadline, ++v.timerGeneration);
    }
    kernel.hibernator.noteIdle(v);
  }

  private void stopped(KernelVm v) {
    v.stopRequested = false;
    v.state = VmState.STOPPED;
  }

  private void faulted(KernelVm v) {
    v.vm = null;
    kernel.faulted(v);
    RestartPolicy policy = v.options.restart();
    if (v.restarts < policy.maxRestarts() && !v.stopRequested) {
      v.state = VmState.BACKOFF;
      v.resumeFromIdle = false;
      long wait = policy.backoffMicros((int) v.restarts);
      kernel.events.faulted(v.id, v.binary.name(), v.fault, v.restarts, wait);
      kernel.timers.schedule(v, kernel.config.clock().monotonicMicros() + wait,
          ++v.timerGeneration);
    } else {
      kernel.events.faulted(v.id, v.binary.name(), v.fault, v.restarts, -1);
      v.state = VmState.FAULTED;
      kernel.release(v);
      kernel.ended(v);
    }
  }
}
