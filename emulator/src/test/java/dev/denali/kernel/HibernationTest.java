package dev.denali.kernel;

import static dev.denali.isa.VirtualRegisters.IRQ_NET;
import static dev.denali.kernel.KernelFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.emu.EngineKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hibernation: an idle VM written to disk and read back continues exactly where it was; its
 * checksum of 16 KiB of memory and its retired-instruction count equal those of a VM that never
 * left memory, under every engine. The kernel hibernates by itself when memory passes the budget
 * and when VMs idle too long, and wakes hibernated VMs for timers and interrupts.
 */
class HibernationTest {
  private record End(int status, long retired) {}

  private static End runChecksum(EngineKind engine, boolean hibernate) throws Exception {
    try (Kernel k = Kernel.start(KernelConfig.defaults().withWorkers(2).withEngine(engine))) {
      int id = k.spawn(load(k, "checksum", CHECKSUM), 1, VmOptions.defaults()).get(0);
      awaitState(k, id, VmState.IDLE);
      if (hibernate) {
        assertThat(k.hibernate(id)).isTrue();
        VmInfo slept = k.info(id);
        assertThat(slept.state()).isEqualTo(VmState.HIBERNATED);
        assertThat(slept.residentBytes()).isZero();
        assertThat(slept.hibernatedBytes()).isPositive().isLessThan(32 * 1024);
        assertThat(k.stats().residentBytes()).isZero();
        assertThat(k.hibernate(id)).isFalse();
      }
      k.raise(id, IRQ_NET);
      VmInfo done = awaitState(k, id, VmState.EXITED);
      assertThat(done.hibernations()).isEqualTo(hibernate ? 1 : 0);
      return new End(done.exitStatus(), done.retired());
    }
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void aRestoredVmContinuesExactlyWhereItWas(EngineKind engine) throws Exception {
    End control = runChecksum(EngineKind.INTERP, false);
    assertThat(runChecksum(engine, true)).isEqualTo(control);
    assertThat(runChecksum(engine, false)).isEqualTo(control);
  }

  @Test
  void aHibernatedVmWakesForItsTimer() throws Exception {
    String nap = """
        _start:
            li a1, 100000          # 100 ms
            d.idle a0, a1
            d.exit a0
        """;
    try (Kernel k = Kernel.start(KernelConfig.defaults().withWorkers(2))) {
      int id = k.spawn(load(k, "nap", nap), 1, VmOptions.defaults()).get(0);
      awaitState(k, id, VmState.IDLE);
      assertThat(k.hibernate(id)).isTrue();
      VmInfo done = awaitState(k, id, VmState.EXITED);
      assertThat(done.exitStatus()).isZero();
      assertThat(k.stats().restores()).isEqualTo(1);
    }
  }

  @Test
  void vmsIdleLongerThanTheThresholdAreHibernated() throws Exception {
    String nap = """
        _start:
            li a1, 300000          # 300 ms
            d.idle a0, a1
            d.exit a0
        """;
    KernelConfig config = KernelConfig.defaults().withWorkers(2)
        .withHibernateAfter(Duration.ofMillis(20));
    try (Kernel k = Kernel.start(config)) {
      List<Integer> ids = k.spawn(load(k, "nap", nap), 50, VmOptions.defaults());
      await("all hibernated", () -> k.stats().count(VmState.HIBERNATED) == 50);
      assertThat(k.stats().residentBytes()).isZero();
      assertThat(k.stats().hibernatedBytes()).isPositive();
      await("all done", () -> k.stats().count(VmState.EXITED) == 50);
      for (int id : ids) {
        assertThat(k.info(id).exitStatus()).isZero();
        assertThat(k.info(id).hibernations()).isEqualTo(1);
      }
    }
  }

  @Test
  void pastTheBudgetTheLeastRecentlyActiveIdleVmsGoToDisk() throws Exception {
    Binary probe;
    long perVm;
    try (Kernel k = Kernel.start(KernelConfig.defaults())) {
      probe = load(k, "checksum", CHECKSUM);
      perVm = probe.memoryPerVm();
    }
    KernelConfig config = KernelConfig.defaults().withWorkers(2).withMemoryBudget(10 * perVm);
    try (Kernel k = Kernel.start(config)) {
      Binary b = load(k, "checksum", CHECKSUM);
      List<Integer> ids = new ArrayList<>();
      for (int batch = 0; batch < 6; batch++) {
        ids.addAll(k.spawn(b, 5, VmOptions.defaults()));
        await("batch idle", () -> k.stats().count(VmState.IDLE)
            + k.stats().count(VmState.HIBERNATED) == ids.size());
      }
      KernelStats s = k.stats();
      assertThat(s.residentBytes()).isLessThanOrEqualTo(10 * perVm);
      assertThat(s.count(VmState.HIBERNATED)).isGreaterThanOrEqualTo(20);
      // the first VMs to go idle were the first to go
      assertThat(k.info(ids.get(0)).state()).isEqualTo(VmState.HIBERNATED);
      assertThat(k.info(ids.get(ids.size() - 1)).state()).isEqualTo(VmState.IDLE);

      ids.forEach(id -> k.raise(id, IRQ_NET));
      await("all done", () -> k.stats().count(VmState.EXITED) == ids.size());
      End expected = runChecksum(EngineKind.INTERP, false);
      for (int id : ids) {
        assertThat(new End(k.info(id).exitStatus(), k.info(id).retired())).isEqualTo(expected);
      }
      assertThat(k.stats().residentBytes()).isZero();
    }
  }

  @Test
  void aFailedHibernationLeavesTheVmResidentAndRunnable() throws Exception {
    try (Kernel k = Kernel.start(KernelConfig.defaults().withWorkers(2))) {
      int id = k.spawn(load(k, "checksum", CHECKSUM), 1, VmOptions.defaults()).get(0);
      awaitState(k, id, VmState.IDLE);
      long resident = k.stats().residentBytes();
      Hibernator.capture = vm -> {
        throw new OutOfMemoryError("injected");
      };
      try {
        assertThat(k.hibernate(id)).isFalse();
      } finally {
        Hibernator.capture = dev.denali.emu.VmSnapshot::capture;
      }
      assertThat(k.info(id).state()).isEqualTo(VmState.IDLE);
      assertThat(k.stats().residentBytes()).isEqualTo(resident);
      assertThat(k.stats().hibernationFailures()).isEqualTo(1);
      // it still hibernates, wakes and ends as if nothing had happened
      assertThat(k.hibernate(id)).isTrue();
      k.raise(id, IRQ_NET);
      VmInfo done = awaitState(k, id, VmState.EXITED);
      assertThat(new End(done.exitStatus(), done.retired()))
          .isEqualTo(runChecksum(EngineKind.INTERP, false));
    }
  }

  @Test
  void vmsThatIdleBrieflyAreNotThrashedAndTheKernelClosesPromptly() throws Exception {
    String napper = """
        _start:
            li a1, 20000           # 20 ms
            d.idle a0, a1
            j _start
        """;
    long perVm;
    try (Kernel k = Kernel.start(KernelConfig.defaults())) {
      perVm = load(k, "napper", napper).memoryPerVm();
    }
    // 12 VMs that wake every 20 ms, and room for 8 of them
    Kernel k = Kernel.start(KernelConfig.defaults().withWorkers(2).withMemoryBudget(8 * perVm));
    Binary b = load(k, "napper", napper);
    k.spawn(b, 8, VmOptions.defaults());
    for (int made = 8; made < 12; ) { // each new one makes room by hibernating an idle one
      try {
        k.spawn(b, 1, VmOptions.defaults());
        made++;
      } catch (KernelException full) {
        Thread.sleep(2); // none idle at this instant
      }
    }
    long before = k.stats().hibernations();
    Thread.sleep(1500);
    KernelStats s = k.stats();
    // without a minimum residency each VM went to disk and back at nearly every wake
    assertThat(s.hibernations() - before).as("hibernations in 1.5 s").isLessThan(12);
    Thread closer = new Thread(() -> {
      try {
        k.close();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    closer.start();
    closer.join(60_000);
    assertThat(closer.isAlive()).as("close() returned").isFalse();
  }

  @Test
  void bigVmsGetRoomFromManySmallIdleOnes() throws Exception {
    String napper = """
        _start:
            li a1, 50000           # 50 ms
            d.idle a0, a1
            j _start
        """;
    String hoarder = """
        _start:
            li a1, -1
            d.idle a0, a1
            j _start
        """;
    try (Kernel probe = Kernel.start(KernelConfig.defaults())) {
      long small = load(probe, "napper", napper).memoryPerVm();
      // room for 60 small VMs; 50 of them, then big ones of 8 small ones each
      Kernel k = Kernel.start(KernelConfig.defaults().withWorkers(2)
          .withMemoryBudget(60 * small));
      try {
        k.spawn(load(k, "napper", napper), 50, VmOptions.defaults());
        Thread.sleep(300); // every napper has idled, woken and idled again
        Binary big = k.load("hoarder", dev.denali.emu.semantics.Guest.elf(hoarder,
            java.util.Map.of("memory", String.valueOf(8 * (small + 4096)))));
        for (int i = 0; i < 4; i++) {
          // makes room by hibernating idle nappers; they nap in step (spawned together), so at
          // the instant they all wake none is idle and spawn refuses: try again, as a caller
          // would (a CI run on a loaded machine met that instant)
          long deadline = System.nanoTime() + 10_000_000_000L;
          while (true) {
            try {
              k.spawn(big, 1, VmOptions.defaults());
              break;
            } catch (KernelException full) {
              if (System.nanoTime() > deadline) {
                throw full;
              }
              Thread.sleep(5);
            }
          }
        }
        assertThat(k.stats().hibernations()).isPositive();
      } finally {
        k.close();
      }
    }
  }
}
