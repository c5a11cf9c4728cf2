package dev.denali.gateway;

import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The request deadline (504) of every request of one client connection, on one timer: the
 * streams of an HTTP/2 connection, or the pipelined requests of an HTTP/1.1 one. Over HTTP/2
 * each stream is a request of its own, and a timer per stream cost a schedule and a cancel per
 * request (a heap insertion and removal in the event loop's task queue). Every request has the
 * same timeout, so the requests of a connection expire in the order they came: they wait in that
 * order, answered ones are dropped from the front as new ones come and when the timer fires, and
 * the timer is armed for the oldest. A request that hangs at the front does not keep the
 * answered ones behind it: past {@link #COMPACT_ABOVE} waiting, the answered are swept out (a
 * connection has at most 100 open streams, or 128 pipelined requests, unanswered). Event loop
 * only.
 */
final class RequestDeadlines {
  /** A request with a deadline: an {@link Exchange}. */
  interface Request {
    /** True once it has its answer (or was abandoned): it needs no deadline any more. */
    boolean answered();

    /** {@link System#nanoTime} when it was routed. */
    long startNanos();

    /** Its deadline passed unanswered: 504. */
    void expire();
  }

  /** Waiting requests beyond which the answered ones among them are swept out. */
  static final int COMPACT_ABOVE = 256;

  private final EventExecutor loop;
  private final long timeoutNanos;
  private final ArrayDeque<Request> waiting = new ArrayDeque<>();
  private ScheduledFuture<?> timer;

  RequestDeadlines(EventExecutor loop, long timeoutNanos) {
    this.loop = loop;
    this.timeoutNanos = timeoutNanos;
  }

  /** A request was routed: it gets its answer by its deadline, or 504. */
  void watch(Request e) {
    dropAnswered();
    if (waiting.size() >= COMPACT_ABOVE) {
      waiting.removeIf(Request::answered);
    }
    waiting.addLast(e);
    if (timer == null) {
      arm(timeoutNanos);
    }
  }

  /** Requests waiting for their deadline or to be dropped (for tests). */
  int waiting() {
    return waiting.size();
  }

  /** The connection closed: its streams are abandoned, nothing is left to watch. */
  void close() {
    waiting.clear();
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void dropAnswered() {
    while (!waiting.isEmpty() && waiting.peekFirst().answered()) {
      waiting.pollFirst();
    }
  }

  private void arm(long nanos) {
    timer = loop.schedule(this::fired, nanos, TimeUnit.NANOSECONDS);
  }

  /** Answers 504 to every request past its deadline, then waits for the next one's. */
  private void fired() {
    timer = null;
    long now = System.nanoTime();
    while (true) {
      dropAnswered();
      Request e = waiting.peekFirst();
      if (e == null) {
        return;
      }
      long left = e.startNanos() + timeoutNanos - now;
      if (left > 0) {
        arm(left);
        return;
      }
      waiting.pollFirst();
      e.expire();
    }
  }
}
