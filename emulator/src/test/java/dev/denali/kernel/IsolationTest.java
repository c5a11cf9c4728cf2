package dev.denali.kernel;

import static dev.denali.kernel.KernelFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Well-behaved VMs next to hostile ones: infinite loops, faults in a loop, memory writers and
 * d.idle(0) spinners. The good VMs finish their work, no hostile VM gets more than its share,
 * every hostile VM is accounted for, and the kernel goes on working.
 */
class IsolationTest {
  /** Three million loop iterations, then exit 0. */
  static final String GOOD = """
      _start:
          li t0, 3000000
      1:  addi t0, t0, -1
          bnez t0, 1b
          d.exit zero
      """;

  /** Writes every word from its .bss to the top of memory, over and over. */
  static final String MEMORY_WRITER = """
      _start:
          li t0, 0x1000
          lw t1, 0x08(t0)        # MEMORY_SIZE
      again:
          la t2, heap
      fill:
          sw t2, 0(t2)
          addi t2, t2, 4
          bltu t2, t1, fill
          j again
          .bss
      heap: .space 4
      """;

  /** d.idle with a zero timeout, forever. */
  static final String IDLE_SPINNER = """
      _start:
          li a1, 0
          d.idle a0, a1
          j _start
      """;

  @Test
  void hostileVmsHarmNobodyAndAreAccountedFor() throws Exception {
    KernelConfig config = KernelConfig.defaults().withWorkers(2).withQuantum(10_000);
    try (Kernel k = Kernel.start(config)) {
      VmOptions plain = VmOptions.defaults();
      RestartPolicy twice = new RestartPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2));
      List<Integer> good = new ArrayList<>();
      List<Integer> hogs = new ArrayList<>();
      List<Integer> faulters = k.spawn(load(k, "faulter", FAULTER), 4, plain.withRestart(twice));
      hogs.addAll(k.spawn(load(k, "spin", SPIN), 4, plain));
      hogs.addAll(k.spawn(load(k, "writer", MEMORY_WRITER), 4, plain));
      List<Integer> spinners = k.spawn(load(k, "idle0", IDLE_SPINNER), 4, plain);
      good.addAll(k.spawn(load(k, "good", GOOD), 8, plain));

      await("the good VMs to finish", Duration.ofSeconds(120),
          () -> good.stream().allMatch(id -> k.info(id).state() == VmState.EXITED));
      hogs.forEach(k::stop);
      spinners.forEach(k::stop);
      long goodWork = good.stream().mapToLong(id -> k.info(id).retired()).max().orElseThrow();
      for (int id : good) {
        assertThat(k.info(id).exitStatus()).isZero();
      }
      for (int id : hogs) {
        VmInfo hog = awaitState(k, id, VmState.STOPPED);
        // same weight as the good VMs: about the same instructions while they ran
        assertThat(hog.retired()).as("hog %d", id).isGreaterThan(0)
            .isLessThan(2 * goodWork + 2 * config.quantum());
        assertThat(hog.fault()).isNull();
      }
      for (int id : spinners) {
        VmInfo spinner = awaitState(k, id, VmState.STOPPED);
        assertThat(spinner.wakeups()).as("spinner %d", id).isPositive();
        assertThat(spinner.retired()).isLessThan(goodWork);
      }
      for (int id : faulters) {
        VmInfo f = awaitState(k, id, VmState.FAULTED);
        assertThat(f.restarts()).isEqualTo(2);
        assertThat(f.fault()).contains("load");
      }
      assertThat(k.list()).hasSize(24);

      int after = k.spawn(load(k, "short", SHORT), 1, plain).get(0);
      assertThat(awaitState(k, after, VmState.EXITED).exitStatus()).isEqualTo(7);
    }
  }
}
