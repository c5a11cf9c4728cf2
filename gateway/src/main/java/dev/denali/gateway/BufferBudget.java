package dev.denali.gateway;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request and response bodies that HTTP mode holds in memory at once, over every
 * connection and service. Each body is held whole: a request's from its first byte until its
 * answer has been written to the client, a response's from the guest's first byte until it is
 * written. Without a bound, a few hundred clients uploading at the body limit (16 MiB each, 32
 * pipelined per connection, 100 streams per HTTP/2 connection), or guests answering at the
 * response limit, would exhaust the heap and take every tenant down with an {@code
 * OutOfMemoryError}. Bytes are counted as they arrive, so a client pays with bytes it really
 * sent: a request whose body does not fit gets 503 and its connection closes (over HTTP/2 its
 * stream is reset), an answer that does not fit gets 503 instead. Request bodies may fill only
 * three quarters of the budget, so clients that upload never leave the answers
 * of other requests without room; a request without a body needs none to be read.
 */
final class BufferBudget {
  private final long limit;
  private final AtomicLong held = new AtomicLong();

  BufferBudget(long limit) {
    this.limit = limit;
  }

  /** Takes room for {@code n} more bytes of a request body; false (nothing taken) if none. */
  boolean takeForRequest(long n) {
    return take(n, limit - limit / 4);
  }

  /** Takes room for {@code n} more bytes of an answer; false (nothing taken) if none. */
  boolean takeForAnswer(long n) {
    return take(n, limit);
  }

  private boolean take(long n, long upTo) {
    long now = held.addAndGet(n);
    if (now > upTo && n > 0) {
      held.addAndGet(-n);
      return false;
    }
    return true;
  }

  /** Gives back room taken before. */
  void give(long n) {
    if (n != 0) {
      held.addAndGet(-n);
    }
  }

  /** Bytes held now. */
  long held() {
    return held.get();
  }
}
