package dev.denali.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Fault lines: what they say, and that a fault storm writes at most 20 a second. */
class KernelEventsTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aFaultSaysWhatAndWhetherTheVmRestarts() {
    KernelEvents events = new KernelEvents();
    assertThat(events.faultLine(0, 3, "kv", "load fault at pc 0x10000", 1, 200_000))
        .isEqualTo("vm 3 (kv) faulted: load fault at pc 0x10000; restart 2 in 200 ms");
    assertThat(events.faultLine(0, 3, "kv", "ebreak", 5, -1))
        .isEqualTo("vm 3 (kv) faulted: ebreak; stays faulted (5 restarts, its restart"
            + " policy's most)");
  }

  @Test
  void aFaultStormWritesTwentyLinesASecondAndCountsTheRest() {
    KernelEvents events = new KernelEvents();
    int written = 0;
    for (int i = 0; i < 1000; i++) {
      if (events.faultLine(5 * SECOND + i, i, "spin", "ebreak", 0, 100_000) != null) {
        written++;
      }
    }
    assertThat(written).isEqualTo(KernelEvents.FAULTS_PER_SECOND);
    assertThat(events.faultLine(6 * SECOND, 7, "spin", "ebreak", 0, 100_000))
        .endsWith("restart 1 in 100 ms (and 980 more faults not written)");
    assertThat(events.faultLine(6 * SECOND + 1, 7, "spin", "ebreak", 1, 100_000))
        .doesNotContain("more faults");
  }
}
