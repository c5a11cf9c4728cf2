package dev.denali.kernel;

import static dev.denali.kernel.KernelFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Creating, starting, stopping, resuming and destroying VMs through the Java API. */
class KernelLifecycleTest {
  private static KernelConfig config() {
    return KernelConfig.defaults().withWorkers(2).withQuantum(10_000);
  }

  @Test
  void aVmRunsToItsExitAndReportsIt() throws Exception {
    try (Kernel k = Kernel.start(config())) {
      Binary b = load(k, "short", SHORT);
      int id = k.create(b, VmOptions.defaults());
      assertThat(k.info(id).state()).isEqualTo(VmState.CREATED);
      k.start(id);
      VmInfo done = awaitState(k, id, VmState.EXITED);
      assertThat(done.exitStatus()).isEqualTo(7);
      assertThat(done.retired()).isEqualTo(1 + 2 * 1000 + 2); // li, the loop, li and d.exit
      assertThat(done.residentBytes()).isZero();
      assertThat(k.stats().residentBytes()).isZero();
      assertThatThrownBy(() -> k.start(id)).isInstanceOf(KernelException.class)
          .hasMessageContaining("has ended");
    }
  }

  @Test
  void stopHoldsAVmAndStartResumesIt() throws Exception {
    try (Kernel k = Kernel.start(config())) {
      int id = k.spawn(load(k, "spin", SPIN), 1, VmOptions.defaults()).get(0);
      await("progress", () -> k.info(id).retired() > 100_000);
      k.stop(id);
      awaitState(k, id, VmState.STOPPED);
      long held = k.info(id).retired();
      Thread.sleep(20);
      assertThat(k.info(id).retired()).isEqualTo(held);
      k.start(id);
      await("progress after resume", () -> k.info(id).retired() > held);
      k.destroy(id);
      await("destroy", () -> k.info(id) == null);
      assertThat(k.stats().residentBytes()).isZero();
      assertThatThrownBy(() -> k.stop(id)).isInstanceOf(KernelException.class)
          .hasMessage("no VM " + id);
    }
  }

  @Test
  void aFaultIsReportedAndRestartedWithBackoffUpToThePolicy() throws Exception {
    try (Kernel k = Kernel.start(config())) {
      RestartPolicy policy = new RestartPolicy(3, Duration.ofMillis(1), Duration.ofMillis(4));
      int id = k.spawn(load(k, "faulter", FAULTER), 1, VmOptions.defaults().withRestart(policy))
          .get(0);
      VmInfo info = awaitState(k, id, VmState.FAULTED);
      assertThat(info.restarts()).isEqualTo(3);
      assertThat(info.fault()).contains("load").contains("pc 0x00010000").contains("lw");
      assertThat(k.stats().residentBytes()).isZero();
    }
  }

  @Test
  void consoleOutputIsKeptPerVm() throws Exception {
    String hello = """
        _start:
            la a0, msg
            li a1, 6
            d.console.write a0, a0, a1
            d.exit zero
            .data
        msg: .ascii "hello\\n"
        """;
    try (Kernel k = Kernel.start(config())) {
      int id = k.spawn(load(k, "hello", hello), 1, VmOptions.defaults()).get(0);
      VmInfo info = awaitState(k, id, VmState.EXITED);
      assertThat(k.console(id)).isEqualTo("hello\n");
      assertThat(info.consoleBytes()).isEqualTo(6);
    }
  }

  @Test
  void theMemoryBudgetRefusesVmsThatCannotFit() throws Exception {
    try (Kernel k = Kernel.start(config().withMemoryBudget(200_000))) {
      Binary spin = load(k, "spin", SPIN);
      k.spawn(spin, 200_000 / spin.memoryPerVm(), VmOptions.defaults());
      assertThatThrownBy(() -> k.create(spin, VmOptions.defaults()))
          .isInstanceOf(KernelException.class).hasMessageContaining("memory budget");
    }
  }

  @Test
  void aClosedKernelRefusesWork() throws Exception {
    Kernel k = Kernel.start(config());
    Binary b = load(k, "short", SHORT);
    k.close();
    assertThatThrownBy(() -> k.create(b, VmOptions.defaults()))
        .isInstanceOf(KernelException.class).hasMessageContaining("shut down");
  }

  @Test
  void aVmLargerThanTheWholeBudgetIsRefusedWithAMessageThatSaysWhatToDo() throws Exception {
    long perVm;
    try (Kernel k = Kernel.start(KernelConfig.defaults())) {
      perVm = load(k, "spin", SPIN).memoryPerVm();
    }
    try (Kernel k = Kernel.start(KernelConfig.defaults().withMemoryBudget(perVm - 1))) {
      Binary b = load(k, "spin", SPIN);
      assertThatThrownBy(() -> k.create(b, VmOptions.defaults()))
          .isInstanceOf(KernelException.class)
          .hasMessageContaining("more than the kernel's whole memory budget")
          .hasMessageContaining("DENALI_JAVA_OPTS=-Xmx");
      assertThat(k.list()).isEmpty();
    }
  }

  @Test
  void restartStartsAVmStuckInALoopAfresh() throws Exception {
    try (Kernel k = Kernel.start(KernelConfig.defaults().withWorkers(1))) {
      int id = k.spawn(load(k, "spin", SPIN), 1, VmOptions.defaults()).get(0);
      await("it has run", () -> k.info(id).retired() > 1_000_000);
      k.restart(id);
      await("restarted", () -> k.info(id).restarts() == 1);
      await("running again", () -> k.info(id).quanta() > 0
          && k.info(id).state() != VmState.DESTROYED);
      k.stop(id);
      await("stopped", () -> k.info(id).state() == VmState.STOPPED);
      k.restart(id); // from stopped: it runs again, afresh
      await("restarted twice", () -> k.info(id).restarts() == 2);
      await("runnable", () -> k.info(id).state() != VmState.STOPPED);
      k.destroy(id);
      assertThatThrownBy(() -> k.restart(id)).isInstanceOf(KernelException.class);
    }
  }
}
