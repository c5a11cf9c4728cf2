package dev.denali.kernel;

import static dev.denali.kernel.KernelFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.emu.semantics.TestClock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Idle VMs sleep on the kernel's timer queue and wake in deadline order, never early. */
class TimerWakeTest {
  private static final int VMS = 2000;

  /**
   * 2,000 VMs sleep (VM id x 100) microseconds on a clock the test moves by hand, 1 ms at a time:
   * after each step exactly the VMs whose deadline has passed have woken (and exited), and not
   * one more.
   */
  @Test
  void thousandsOfSleepersWakeInDeadlineOrderAndNotEarly() throws Exception {
    TestClock clock = TestClock.frozen(0, 0);
    KernelConfig config = KernelConfig.defaults().withWorkers(2).withClock(clock);
    try (Kernel k = Kernel.start(config)) {
      List<Integer> ids = k.spawn(load(k, "sleeper", SLEEPER), VMS, VmOptions.defaults());
      assertThat(ids).startsWith(1).endsWith(VMS);
      await("all asleep", () -> k.stats().count(VmState.IDLE) == VMS);
      for (long now = 1000; now <= VMS * 100L; now += 1000) {
        clock.advance(1000);
        int due = (int) (now / 100);
        await(due + " woken at " + now + " us", () -> k.stats().count(VmState.EXITED) == due);
        for (VmInfo vm : k.list()) {
          boolean isDue = vm.id() * 100L <= now;
          assertThat(vm.state()).as("VM %d at %d us", vm.id(), now)
              .isEqualTo(isDue ? VmState.EXITED : VmState.IDLE);
          if (isDue) {
            assertThat(vm.exitStatus()).as("pending bits of VM %d", vm.id()).isZero();
          }
        }
      }
      assertThat(k.stats().wakeLatencyMicros().count()).isEqualTo(VMS);
    }
  }

  /** On the real clock, each guest measures its own sleep with rdtime: never shorter than asked. */
  @Test
  void onTheHostClockNoSleepEndsEarly() throws Exception {
    String measuring = """
        _start:
            li t0, 0x1000
            lw a1, 0x0c(t0)        # VM_ID
            li t1, 97
            mul a1, a1, t1         # up to 48 ms
            rdtime s0
            d.idle a0, a1
            rdtime s1
            sub s1, s1, s0
            sltu a0, s1, a1        # 1 when it woke early
            d.exit a0
        """;
    try (Kernel k = Kernel.start(KernelConfig.defaults().withWorkers(2))) {
      List<Integer> ids = k.spawn(load(k, "measuring", measuring), 500, VmOptions.defaults());
      await("all done", () -> k.stats().count(VmState.EXITED) == ids.size());
      assertThat(k.list()).allSatisfy(vm -> assertThat(vm.exitStatus()).as("VM %d", vm.id())
          .isZero());
    }
  }

  /**
   * VMs woken early by interrupts leave stale timer entries (cancelling is lazy); the queue purges
   * them as it grows, so 1,000 VMs woken 30 times each hold at most a few thousand entries, not
   * 30,000.
   */
  @Test
  void earlyWakesDoNotPileUpInTheTimerQueue() throws Exception {
    String napper = """
        _start:
            li a1, 10000000        # 10 s
            d.idle a0, a1
            li t0, 0x1000
            sw a0, 0x18(t0)        # PENDING: write 1 to clear what woke it
            j _start
        """;
    try (Kernel k = Kernel.start(KernelConfig.defaults().withWorkers(2))) {
      List<Integer> ids = k.spawn(load(k, "napper", napper), 1000, VmOptions.defaults());
      for (int round = 0; round < 30; round++) {
        await("all asleep", () -> k.stats().count(VmState.IDLE) == ids.size());
        ids.forEach(id -> k.raise(id, dev.denali.isa.VirtualRegisters.IRQ_NET));
      }
      await("all asleep", () -> k.stats().count(VmState.IDLE) == ids.size());
      assertThat(k.list()).allSatisfy(v -> assertThat(v.wakeups()).isEqualTo(30));
      assertThat(k.stats().sleepers()).isLessThanOrEqualTo(4096);
    }
  }
}
