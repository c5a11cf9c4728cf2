package dev.denali.kernel;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The VMs waiting for a worker: a queue of VMs that just woke from d.idle (served first, as in
 * Denali, so an interactive VM answers promptly) and the round-robin queue of VMs that used up
 * their quantum. One lock: with a few workers and quanta of tens of microseconds it is never
 * contended for long, and it keeps the two queues' order exact.
 */
final class RunQueue {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition nonEmpty = lock.newCondition();
  private final ArrayDeque<KernelVm> woken = new ArrayDeque<>();
  private final ArrayDeque<KernelVm> roundRobin = new ArrayDeque<>();
  private boolean closed;

  /** Adds a VM that woke up (served before the round-robin queue). */
  void addWoken(KernelVm v) {
    lock.lock();
    try {
      woken.addLast(v);
      nonEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Adds a VM at the end of the round-robin queue. */
  void addLast(KernelVm v) {
    lock.lock();
    try {
      roundRobin.addLast(v);
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
      return woken.isEmpty() ? roundRobin.pollFirst() : woken.pollFirst();
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
