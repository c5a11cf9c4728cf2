package dev.denali.kernel;

import dev.denali.emu.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The kernel's sleepers: one thread that fires each VM's wake-up at its deadline (monotonic
 * microseconds of the guests' clock), never before. A binary heap: O(log n) per sleeper, which at
 * 100,000 sleepers is 17 comparisons. Cancelling is lazy: an entry carries the VM's timer
 * generation when it was made, and the kernel ignores entries that are no longer current, so a
 * VM woken early by an interrupt costs nothing here.
 */
final class TimerQueue implements AutoCloseable {
  /** What to do when an entry comes due. */
  interface Target {
    void fire(KernelVm vm, int generation);
  }

  private record Entry(long deadline, long seq, KernelVm vm, int generation) {}

  private final PriorityQueue<Entry> heap = new PriorityQueue<>((a, b) -> a.deadline != b.deadline
      ? Long.compare(a.deadline, b.deadline) : Long.compare(a.seq, b.seq));
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Clock clock;
  private final Target target;
  private final Thread thread;
  private long seq;
  private boolean closed;
  /** The heap size at which stale entries are next purged. */
  private int purgeAt = MIN_PURGE;
  private static final int MIN_PURGE = 4096;

  TimerQueue(Clock clock, Target target) {
    this.clock = clock;
    this.target = target;
    this.thread = new Thread(this::loop, "denali-timer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Fires {@code vm} at {@code deadlineMicros} with {@code generation}. */
  void schedule(KernelVm vm, long deadlineMicros, int generation) {
    lock.lock();
    try {
      Entry e = new Entry(deadlineMicros, seq++, vm, generation);
      heap.add(e);
      if (heap.size() >= purgeAt) {
        purge();
      }
      if (heap.peek() == e) {
        changed.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Drops the entries of VMs woken meanwhile (their generation moved on). Lazy cancelling leaves
   * one per early wake until its deadline, so a VM woken often with long timeouts would grow the
   * heap with the event rate; purging whenever it doubles keeps it within twice the live
   * sleepers, at amortized O(1) per entry.
   */
  private void purge() {
    heap.removeIf(e -> e.generation != e.vm.timerGeneration);
    purgeAt = Math.max(MIN_PURGE, 2 * heap.size());
  }

  int size() {
    lock.lock();
    try {
      return heap.size();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    List<Entry> due = new ArrayList<>();
    while (true) {
      lock.lock();
      try {
        while (true) {
          if (closed) {
            return;
          }
          Entry head = heap.peek();
          long now = clock.monotonicMicros();
          if (head != null && head.deadline <= now) {
            while (head != null && head.deadline <= now && due.size() < 4096) {
              due.add(heap.poll());
              head = heap.peek();
            }
            break;
          }
          try {
            if (head == null) {
              changed.await();
            } else {
              // wait in host time; the guest clock may run at another rate in tests, so wake
              // at least every millisecond to look again
              changed.await(Math.min(head.deadline - now, 1000), TimeUnit.MICROSECONDS);
            }
          } catch (InterruptedException e) {
            return;
          }
        }
      } finally {
        lock.unlock();
      }
      for (Entry e : due) {
        target.fire(e.vm, e.generation);
      }
      due.clear();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
