package dev.denali.gateway;

import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A service's HTTP requests waiting for a VM, and how many each VM has in hand. A request goes to
 * the VM it names ({@code 42.svc}) or, of two VMs taken in round-robin order among the service's
 * first 2m + 2 (m: the VMs the n requests in hand need, n / perVm, but at least min(n, kernel
 * workers)), to the one with fewer outstanding (and then, if both
 * are full, to the first VM with room among the next few): no VM is given more than {@code
 * perVm} at a time, so any number of client connections share a service's VMs and none is
 * handed more than it can take, and the load keeps to the fewest VMs it needs, whose state stays
 * in the caches while the others may hibernate. Every method is synchronized; the
 * work it hands out is started by the caller outside the lock.
 */
final class RequestQueue {
  /** VMs looked at past the two choices when both are full. */
  private static final int SCAN = 64;
  /** Waiting requests looked at per dispatch (those naming a busy VM may be passed over). */
  private static final int LOOKAHEAD = 256;

  private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
  /** Requests in hand by VM id (primitive keys: read for every request). */
  private final IntObjectHashMap<Integer> outstanding = new IntObjectHashMap<>();
  /** Requests in hand over all VMs: the sum of {@link #outstanding}. */
  private int inHand;
  /**
   * VMs that have a request whose body is still streaming in ({@link BodyStream}): at most one
   * each, so that clients uploading slowly hold at most one of a VM's places, never all of them
   * (a slow upload holds its place until it ends; a body read whole holds none while it
   * arrives). Other large uploads wait for a VM without one.
   */
  private final java.util.Set<Integer> streaming = new java.util.HashSet<>();
  private int next;

  /** Queues {@code e}; false when {@code limit} requests already wait. */
  synchronized boolean offer(Exchange e, int limit) {
    if (waiting.size() >= limit) {
      return false;
    }
    waiting.addLast(e);
    return true;
  }

  /** Removes {@code e} if it still waits (its client went away). */
  synchronized boolean remove(Exchange e) {
    return waiting.remove(e);
  }

  synchronized int waiting() {
    return waiting.size();
  }

  /** {@code vm} finished a request it was given. */
  synchronized void done(int vm) {
    done(vm, false);
  }

  /** {@code vm} finished a request it was given, whose body was {@code streamed}. */
  synchronized void done(int vm, boolean streamed) {
    if (streamed) {
      streaming.remove(vm);
    }
    Integer n = outstanding.get(vm);
    if (n != null) {
      inHand--;
      if (n <= 1) {
        outstanding.remove(vm);
      } else {
        outstanding.put(vm, Integer.valueOf(n - 1));
      }
    }
  }

  /**
   * Assigns waiting requests to VMs of {@code vms} with room, oldest first; returns them, each
   * with its {@link Exchange#vm} set, for the caller to start.
   */
  synchronized List<Exchange> assign(List<Integer> vms, int perVm) {
    return assign(vms, perVm, 1);
  }

  /**
   * Like {@link #assign(List, int)}, for a kernel of {@code workers} threads: requests spread
   * over at least as many VMs as there are workers, so that they can run at once.
   */
  synchronized List<Exchange> assign(List<Integer> vms, int perVm, int workers) {
    List<Exchange> started = new ArrayList<>();
    int size = vms.size();
    if (size == 0 || waiting.isEmpty() || inHand >= (long) perVm * size) {
      // every VM full (one VM under load, nearly always): no need to look at the waiting
      // requests, which would otherwise be scanned LOOKAHEAD at a time per dispatch when they
      // name a VM (wrk -c 256 against one VM: two scans of 248 per request)
      return started;
    }
    int looked = 0;
    for (Iterator<Exchange> it = waiting.iterator(); it.hasNext() && looked < LOOKAHEAD;
        looked++) {
      Exchange e = it.next();
      boolean streamed = e.streamed();
      int vm = e.instance > 0 ? named(vms, e.instance, perVm, streamed)
          : any(vms, perVm, Math.max(1, workers), streamed);
      if (vm >= 0) {
        it.remove();
        outstanding.put(vm, Integer.valueOf(load(vm) + 1));
        inHand++;
        if (streamed) {
          streaming.add(vm);
        }
        e.vm = vm;
        started.add(e);
      } else if (e.instance == 0 && !streamed) {
        break; // every VM near the front of the rotation is full: later requests would be too
      }
    }
    return started;
  }

  private int named(List<Integer> vms, int instance, int perVm, boolean streamed) {
    if (instance > vms.size()) {
      return -1;
    }
    int vm = vms.get(instance - 1);
    return room(vm, perVm, streamed) ? vm : -1;
  }

  /** {@code vm} can take another request (one that streams its body, if {@code streamed}). */
  private boolean room(int vm, int perVm, boolean streamed) {
    return load(vm) < perVm && !(streamed && streaming.contains(vm));
  }

  /** Requests {@code vm} has in hand. */
  synchronized int inHand(int vm) {
    return load(vm);
  }

  private int any(List<Integer> vms, int perVm, int workers, boolean streamed) {
    // the choices come from the first VMs, twice as many (and two more) as the requests in
    // hand need: perVm each, but each on a VM of its own while there are fewer of them than
    // kernel workers to run them at once. Few enough that their state stays in the caches and
    // the others can hibernate, and that a VM's turn often answers more than one request.
    long needed = Math.max((inHand + perVm - 1) / perVm, Math.min(inHand, workers));
    int size = (int) Math.min(vms.size(), 2 * needed + 2);
    int i = Math.floorMod(next++, size);
    int a = vms.get(i);
    int b = vms.get((i + 1) % size);
    int best = load(b) < load(a) ? b : a;
    if (room(best, perVm, streamed)) {
      return best;
    }
    int other = best == a ? b : a;
    if (room(other, perVm, streamed)) {
      return other;
    }
    for (int k = 2; k < Math.min(size, SCAN); k++) {
      int vm = vms.get((i + k) % size);
      if (room(vm, perVm, streamed)) {
        return vm;
      }
    }
    return -1;
  }

  private int load(int vm) {
    Integer n = outstanding.get(vm);
    return n == null ? 0 : n;
  }
}
