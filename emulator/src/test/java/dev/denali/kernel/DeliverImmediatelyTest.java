package dev.denali.kernel;

import static dev.denali.isa.VirtualRegisters.IRQ_NET;
import static dev.denali.isa.VirtualRegisters.IRQ_TIMER;
import static dev.denali.kernel.KernelFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * With batching off, each raise is delivered on its own with only its own bits: four raises
 * (NET, NET, TIMER, NET) are four deliveries of one interrupt each. (perf's KernelThroughput found
 * the kernel once delivering the union of every waiting event's bits at each turn: 8, not 4.)
 */
class DeliverImmediatelyTest {
  @Test
  void withoutBatchingEachBitRaisedOnceIsDeliveredOnce() throws Exception {
    try (Kernel k = Kernel.start(KernelConfig.defaults().withWorkers(2).withBatching(false))) {
      int id = k.spawn(load(k, "listener", BatchingTest.LISTENER), 1, VmOptions.defaults())
          .get(0);
      awaitState(k, id, VmState.IDLE);
      k.stop(id);
      awaitState(k, id, VmState.STOPPED);
      k.raise(id, IRQ_NET);
      k.raise(id, IRQ_NET);
      k.raise(id, IRQ_TIMER);
      k.raise(id, IRQ_NET);
      k.start(id);
      await("4 deliveries", () -> k.info(id).deliveries() >= 4
          && k.info(id).state() == VmState.IDLE);
      Thread.sleep(20);
      VmInfo vm = k.info(id);
      assertThat(vm.deliveries()).isEqualTo(4);
      assertThat(vm.interrupts()).as("one interrupt per event raised").isEqualTo(4);
    }
  }
}
