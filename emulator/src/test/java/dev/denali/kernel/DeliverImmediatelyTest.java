package dev.denali.kernel;

import static dev.denali.isa.VirtualRegisters.IRQ_NET;
import static dev.denali.isa.VirtualRegisters.IRQ_TIMER;
import static dev.denali.kernel.KernelFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Exposes a bug found by perf's KernelThroughput: with batching off ("every event is delivered
 * on its own", KernelConfig), each event's turn delivers the union of the bits of all events
 * still undelivered, so a bit raised once is delivered again at every later turn of the backlog.
 * Four raises (NET, NET, TIMER, NET) give four deliveries, as BatchingTest checks, but eight
 * interrupts: NET and TIMER each time (Worker.runTurn puts every bit it took back into
 * {@code external} when more events wait). Disabled until the kernel keeps each event's bits
 * apart; remove {@code @Disabled} with the fix. To see it fail now (expected 4, was 8):
 *
 * <pre>
 *   mvn -B -ntp -pl emulator -am test -Dtest=DeliverImmediatelyTest \
 *       -Dsurefire.failIfNoSpecifiedTests=false \
 *       '-Djunit.jupiter.conditions.deactivate=org.junit.*DisabledCondition'
 * </pre>
 */
class DeliverImmediatelyTest {
  @Test
  @Disabled("kernel bug: deliver-immediately mode re-delivers the union of pending bits")
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
