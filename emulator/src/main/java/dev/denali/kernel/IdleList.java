package dev.denali.kernel;

/**
 * The idle, resident VMs in the order they went idle (least recently active first): a doubly
 * linked list threaded through the VMs themselves ({@link KernelVm#idlePrev}, {@link
 * KernelVm#idleNext}), so that a VM going idle and waking, which happens at every request of a
 * service, costs a few field writes: no hashing, no allocation (a {@code LinkedHashSet} here
 * cost an entry per request and showed in the gateway's profile at one VM under wrk). Not
 * thread-safe: the {@link Hibernator} holds its lock.
 */
final class IdleList {
  private KernelVm head;
  private KernelVm tail;
  private int size;

  /** Puts {@code v} last (most recently idle), moving it there if it is in the list already. */
  void addLast(KernelVm v) {
    remove(v);
    v.idlePrev = tail;
    v.idleNext = null;
    if (tail == null) {
      head = v;
    } else {
      tail.idleNext = v;
    }
    tail = v;
    v.inIdleList = true;
    size++;
  }

  /** Takes {@code v} out of the list; false when it was not in it. */
  boolean remove(KernelVm v) {
    if (!v.inIdleList) {
      return false;
    }
    if (v.idlePrev == null) {
      head = v.idleNext;
    } else {
      v.idlePrev.idleNext = v.idleNext;
    }
    if (v.idleNext == null) {
      tail = v.idlePrev;
    } else {
      v.idleNext.idlePrev = v.idlePrev;
    }
    v.idlePrev = null;
    v.idleNext = null;
    v.inIdleList = false;
    size--;
    return true;
  }

  /** The least recently idle VM, or null. */
  KernelVm first() {
    return head;
  }

  /** The VM after {@code v} (more recently idle), or null. */
  static KernelVm next(KernelVm v) {
    return v.idleNext;
  }

  int size() {
    return size;
  }
}
