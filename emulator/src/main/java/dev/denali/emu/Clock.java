package dev.denali.emu;

/** Time as guests see it; replaceable so tests can control it. */
public interface Clock {
  /** Microseconds of a monotonic clock (rdtime, the TIME virtual register, d.idle timeouts). */
  long monotonicMicros();

  /** Microseconds since 1970-01-01 UTC (d.clock.read, CLOCK_REALTIME). */
  long realtimeMicros();

  /** The host's clocks; monotonic time counts from when this clock was made. */
  static Clock system() {
    long origin = System.nanoTime();
    return new Clock() {
      @Override
      public long monotonicMicros() {
        return (System.nanoTime() - origin) / 1000;
      }

      @Override
      public long realtimeMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
      }
    };
  }
}
