package dev.denali.emu.semantics;

import dev.denali.emu.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock under the test's control: fixed readings, optionally advancing by a step on every
 * monotonic read (so a d.idle sleep in the Runner ends after a few reads, without wall time).
 */
public final class TestClock implements Clock {
  private final AtomicLong monotonic;
  private final AtomicLong realtime;
  private final long step;

  /**
   * @param monotonic the first monotonic reading, in microseconds
   * @param realtime the realtime reading, in microseconds since 1970 (advances with the step)
   * @param step microseconds added after every monotonic read (0: a frozen clock)
   */
  public TestClock(long monotonic, long realtime, long step) {
    this.monotonic = new AtomicLong(monotonic);
    this.realtime = new AtomicLong(realtime);
    this.step = step;
  }

  /** A frozen clock. */
  public static TestClock frozen(long monotonic, long realtime) {
    return new TestClock(monotonic, realtime, 0);
  }

  /** A clock that advances {@code step} microseconds per monotonic read. */
  public static TestClock ticking(long step) {
    return new TestClock(1_000_000, 1_750_000_000_000_000L, step);
  }

  @Override
  public long monotonicMicros() {
    long now = monotonic.getAndAdd(step);
    realtime.addAndGet(step);
    return now;
  }

  @Override
  public long realtimeMicros() {
    return realtime.get();
  }

  /** Moves both clocks forward. */
  public void advance(long micros) {
    monotonic.addAndGet(micros);
    realtime.addAndGet(micros);
  }
}
