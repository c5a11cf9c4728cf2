package dev.denali.perf.kernel;

import dev.denali.isa.VirtualRegisters;
import dev.denali.kernel.Kernel;

/**
 * The throughput harness's event source: one thread raising events round robin over a set of
 * VMs, at a fixed total rate or as fast as it can. With batching on, the k-th event of a VM
 * raises bit 1 + (k mod 29), so the guest can count the events a batch carries (an event whose
 * bit is still pending from 29 events earlier merges with it and is lost, as a device queue of
 * 29 would overflow); with batching off the kernel counts events itself and each gets a turn,
 * so every event raises IRQ_NET. At a fixed rate, a driver that fell behind (descheduled by the
 * host) catches up by at most 8 events per VM and skips the rest.
 */
final class EventDriver implements AutoCloseable {
  private final Kernel kernel;
  private final int[] ids;
  private final double perSecond;
  private final boolean distinctBits;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long raised;
  private volatile long nanos;

  /** Starts raising events to {@code ids}; {@code perSecond} 0 means as fast as possible. */
  EventDriver(Kernel kernel, int[] ids, double perSecond, boolean distinctBits) {
    this.kernel = kernel;
    this.ids = ids;
    this.perSecond = perSecond;
    this.distinctBits = distinctBits;
    this.thread = new Thread(this::loop, "event-driver");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    byte[] next = new byte[ids.length];
    long catchUp = 8L * ids.length;
    long skipped = 0;
    long t0 = System.nanoTime();
    long sent = 0;
    int vm = 0;
    while (running) {
      if (perSecond > 0) {
        long due = (long) ((System.nanoTime() - t0) * perSecond / 1e9);
        if (due - sent > catchUp) {
          // descheduled for a while: do not make up for it in one burst, which would give a VM
          // more than 29 events at once (skipped events are not counted as raised)
          skipped += due - sent - catchUp;
          sent = due - catchUp;
        }
        if (sent >= due) {
          Thread.onSpinWait();
          continue;
        }
      }
      int bits = VirtualRegisters.IRQ_NET;
      if (distinctBits) {
        bits = 1 << (1 + next[vm]);
        next[vm] = (byte) (next[vm] == Guests.EVENT_BITS - 1 ? 0 : next[vm] + 1);
      }
      kernel.raise(ids[vm], bits);
      sent++;
      if (++vm == ids.length) {
        vm = 0;
      }
    }
    raised = sent - skipped;
    nanos = System.nanoTime() - t0;
  }

  /** Stops raising; returns the events raised. */
  long stop() {
    running = false;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return raised;
  }

  /** How long it ran, in seconds (after {@link #stop}). */
  double seconds() {
    return nanos / 1e9;
  }

  @Override
  public void close() {
    stop();
  }
}
