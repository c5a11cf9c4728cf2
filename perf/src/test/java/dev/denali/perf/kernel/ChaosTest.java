package dev.denali.perf.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.emu.EngineKind;
import org.junit.jupiter.api.Test;

/**
 * A small chaos run (2 s): with spinners, yielders, fault loops, memory hoarders over a tight
 * budget and an interrupt storm around them, every kind makes progress, the computing VMs get
 * their turns, the well-behaved ones keep waking on time, nothing fails to hibernate, and the
 * kernel closes.
 */
class ChaosTest {
  @Test
  void everyKindOfGuestGetsItsShareAndTheKernelCloses() throws Exception {
    Chaos.Config c = new Chaos.Config(EngineKind.AUTO, 2, 2.0, 1);
    Chaos.Result r = Chaos.run(c);
    Chaos.report(c, r, System.out);
    Chaos.Kind spin = r.kind("spinner");
    Chaos.Kind yielder = r.kind("yielder");
    assertThat(spin.instructions()).as("spinners computed").isPositive();
    // equal virtual time for every turn: a spinner gets about as many turns as a yielder
    assertThat((double) spin.quanta() / spin.vms())
        .as("turns per spinner against turns per yielder (%d, %d)", spin.quanta(),
            yielder.quanta())
        .isGreaterThanOrEqualTo(0.5 * yielder.quanta() / yielder.vms());
    assertThat(r.tickerRate()).as("tickers' wake-ups against their period").isGreaterThan(0.5);
    assertThat(r.kind("faulter").restarts()).as("fault loops restarted").isPositive();
    assertThat(r.kind("stormed").wakeups()).as("stormed VMs woke").isPositive();
    assertThat(r.stats().hibernations()).as("the budget forced hibernation").isPositive();
    assertThat(r.stats().hibernationFailures()).isZero();
    assertThat(r.closeSeconds()).as("close() returned (a hang guard, not a speed test)")
        .isLessThan(30);
  }
}
