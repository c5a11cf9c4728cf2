package dev.denali.kernel;

import static dev.denali.kernel.KernelFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand resident VMs, each waking five times on a 10 ms timer to do a little work, all run
 * to their end on two workers. (The 100,000-VM run is a perf measurement: perf/README.md.)
 */
class ScaleTest {
  static final String TICKER = """
      _start:
          li s0, 5
      1:  li a1, 10000
          d.idle a0, a1
          li t0, 100
      2:  addi t0, t0, -1
          bnez t0, 2b
          addi s0, s0, -1
          bnez s0, 1b
          d.exit zero
      """;

  @Test
  void tenThousandVmsWakeWorkAndFinish() throws Exception {
    try (Kernel k = Kernel.start(KernelConfig.defaults().withWorkers(2))) {
      Binary ticker = load(k, "ticker", TICKER);
      List<Integer> ids = k.spawn(ticker, 10_000, VmOptions.defaults());
      await("10,000 VMs to finish", Duration.ofMinutes(3),
          () -> k.stats().count(VmState.EXITED) == ids.size());
      long instructions = 0;
      for (VmInfo vm : k.list()) {
        assertThat(vm.exitStatus()).isZero();
        assertThat(vm.wakeups()).isEqualTo(5);
        instructions += vm.retired();
      }
      assertThat(instructions).isEqualTo(10_000L * (1 + 5 * (2 + 1 + 1 + 2 * 100 + 2) + 1));
      assertThat(k.stats().residentBytes()).isZero();
    }
  }
}
