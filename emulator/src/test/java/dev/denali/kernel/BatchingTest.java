package dev.denali.kernel;

import static dev.denali.isa.VirtualRegisters.IRQ_NET;
import static dev.denali.isa.VirtualRegisters.IRQ_TIMER;
import static dev.denali.kernel.KernelFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Interrupts raised while a VM is descheduled reach it in one delivery; with batching switched
 * off, each raise gets a delivery (and a turn) of its own.
 */
class BatchingTest {
  /** Installs a handler for the timer and NIC bits and idles forever, waking for each batch. */
  static final String LISTENER = """
      _start:
          li t0, 0x1000
          la t1, handler
          sw t1, 0x20(t0)        # HANDLER
          li t1, 3
          sw t1, 0x1c(t0)        # ENABLED: timer and NIC
      loop:
          li a1, -1
          d.idle a0, a1
          j loop
      handler:
          d.iret
      """;

  private static VmInfo raiseFourWhileStopped(boolean batching) throws Exception {
    try (Kernel k = Kernel.start(KernelConfig.defaults().withWorkers(2).withBatching(batching))) {
      int id = k.spawn(load(k, "listener", LISTENER), 1, VmOptions.defaults()).get(0);
      awaitState(k, id, VmState.IDLE);
      k.stop(id);
      awaitState(k, id, VmState.STOPPED);
      k.raise(id, IRQ_NET);
      k.raise(id, IRQ_NET);
      k.raise(id, IRQ_TIMER);
      k.raise(id, IRQ_NET);
      k.start(id);
      int expected = batching ? 1 : 4;
      await(expected + " deliveries", () -> k.info(id).deliveries() >= expected
          && k.info(id).state() == VmState.IDLE);
      Thread.sleep(20); // nothing more may arrive
      return k.info(id);
    }
  }

  @Test
  void eventsRaisedWhileDescheduledArriveInOneDelivery() throws Exception {
    VmInfo vm = raiseFourWhileStopped(true);
    assertThat(vm.deliveries()).isEqualTo(1);
    assertThat(vm.interrupts()).isEqualTo(2); // the NIC bit and the timer bit, once each
  }

  /**
   * Four raises (NET, NET, TIMER, NET) are four deliveries of one interrupt each: a turn carries
   * only its own event's bits. (perf's KernelThroughput once found the kernel delivering the union
   * of every waiting event's bits at each turn: 8 interrupts, not 4.)
   */
  @Test
  void withoutBatchingEveryEventIsDeliveredOnItsOwn() throws Exception {
    VmInfo vm = raiseFourWhileStopped(false);
    assertThat(vm.deliveries()).isEqualTo(4);
    assertThat(vm.interrupts()).as("one interrupt per event raised").isEqualTo(4);
  }
}
