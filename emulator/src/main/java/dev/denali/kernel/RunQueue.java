package dev.denali.kernel;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The VMs waiting for a worker: a queue of VMs that just woke from d.idle (served first, as in
 * Denali, so an interactive VM answers promptly) and the weighted round robin of VMs that used up
 * their quantum. The round robin is ordered by virtual time, the guest instructions a VM has run
 * divided by its weight: a plain FIFO is exact on one worker, but on several a VM with long turns
 * waits as long as the others while also spending longer in service, so it falls behind its
 * weight (by 10 % for weights 1:2:4 on two workers); picking the VM with the least virtual time
 * makes up for that. A VM joining the queue starts no further back than the VM last taken, so
 * sleeping earns no credit. One lock: with a few workers and quanta of tens of microseconds it
 * is never contended for long. Woken VMs go first, but never more than {@link #WOKEN_STREAK} in
 * a row while others wait, and only while their virtual time is at most one quantum ahead of the
 * round robin's next VM: every turn costs at least a quantum of virtual time (see
 * {@code Worker}), so a VM that wakes and sleeps again in a loop soon falls behind the VMs that
 * compute and waits its turn among them, rather than buying the CPU with cheap yields.
 */
final class RunQueue {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition nonEmpty = lock.newCondition();
  private final ArrayDeque<KernelVm> woken = new ArrayDeque<>();
  private final PriorityQueue<KernelVm> roundRobin = new PriorityQueue<>((a, b) ->
      a.vtime != b.vtime ? Long.compare(a.vtime, b.vtime) : Long.compare(a.seq, b.seq));
  private long virtualTime;
  private long seq;
  private static final int WOKEN_STREAK = 8;
  /** How far ahead of the round robin (virtual time) a woken VM may be and still go first. */
  private final long allowance;
  private boolean closed;
  private int streak;

  RunQueue(long allowance) {
    this.allowance = allowance;
  }

  /** Adds a VM that woke up (served before the round-robin queue). */
  void addWoken(KernelVm v) {
    lock.lock();
    try {
      v.vtime = Math.max(v.vtime, virtualTime);
      woken.addLast(v);
      nonEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Adds a VM to the round robin (by its virtual time). {@code stayedRunnable}: it comes straight
   * from a turn that used its whole quantum, and keeps any lag behind the others.
   */
  void add(KernelVm v, boolean stayedRunnable) {
    lock.lock();
    try {
      if (!stayedRunnable) {
        v.vtime = Math.max(v.vtime, virtualTime);
      }
      v.seq = seq++;
      roundRobin.add(v);
      nonEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /** The next VM to run, waiting up to {@code millis}; null on timeout or when closed. */
  KernelVm take(long millis) throws InterruptedException {
    lock.lock();
    try {
      long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
      while (!closed && woken.isEmpty() && roundRobin.isEmpty()) {
        if (nanos <= 0) {
          return null;
        }
        nanos = nonEmpty.awaitNanos(nanos);
      }
      if (closed) {
        return null;
      }
      // woken VMs that have run well ahead of the round robin wait in it, by virtual time
      while (!woken.isEmpty() && !roundRobin.isEmpty()
          && woken.peekFirst().vtime - roundRobin.peek().vtime > allowance) {
        KernelVm ahead = woken.pollFirst();
        ahead.seq = seq++;
        roundRobin.add(ahead);
      }
      if (woken.isEmpty() || (streak >= WOKEN_STREAK && !roundRobin.isEmpty())) {
        streak = 0;
        KernelVm v = roundRobin.poll();
        virtualTime = v.vtime;
        return v;
      }
      streak++;
      return woken.pollFirst();
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return woken.size() + roundRobin.size();
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      closed = true;
      nonEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
