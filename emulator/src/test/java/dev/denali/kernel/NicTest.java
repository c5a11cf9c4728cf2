package dev.denali.kernel;

import static dev.denali.kernel.KernelFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.emu.EngineKind;
import dev.denali.isa.NetMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The kernel's virtual NIC: messages in through deliver, out through the NetSink. */
class NicTest {
  /** Echoes every DATA message back; idles when the queue is empty. */
  static final String ECHO = """
      _start:
          la s0, buf
          li s1, 8192
      loop:
          d.net.recv a2, s0, s1
          bltz a2, sleep
          lbu t0, 0(s0)
          li t1, 2
          bne t0, t1, loop
          d.net.send a3, s0, a2
          j loop
      sleep:
          li a1, -1
          d.idle a0, a1
          j loop
          .bss
      buf: .space 8192
      """;

  private static byte[] data(int flow, String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] m = new byte[NetMessage.HEADER_BYTES + payload.length];
    m[0] = NetMessage.DATA;
    m[4] = (byte) flow;
    System.arraycopy(payload, 0, m, NetMessage.HEADER_BYTES, payload.length);
    return m;
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void messagesGoInAndComeBackOut(EngineKind engine) throws Exception {
    try (Kernel k = Kernel.start(KernelConfig.defaults().withWorkers(2).withEngine(engine))) {
      ConcurrentLinkedQueue<String> out = new ConcurrentLinkedQueue<>();
      k.netSink((vm, m) -> out.add(vm + ":" + m[4] + ":" + new String(m,
          NetMessage.HEADER_BYTES, m.length - NetMessage.HEADER_BYTES, StandardCharsets.UTF_8)));
      int id = k.spawn(load(k, "echo", ECHO), 1, VmOptions.defaults()).get(0);
      awaitState(k, id, VmState.IDLE);
      for (int i = 0; i < 100; i++) {
        assertThat(k.deliver(id, data(i, "m" + i))).isTrue();
      }
      await("100 echoes", () -> out.size() == 100);
      assertThat(out).first().isEqualTo(id + ":0:m0");
      assertThat(out).last().isEqualTo(id + ":99:m99");
      awaitState(k, id, VmState.IDLE);
      assertThat(k.queuedBytes(id)).isZero();
    }
  }

  /**
   * A deferred delivery leaves the woken VM for the caller: runDeferred runs its turn on the
   * calling thread (the echo is out when it returns); a VM nobody runs is queued by the sweep.
   */
  @Test
  void deferredDeliveriesRunOnTheCallerOrFallBackToTheWorkers() throws Exception {
    try (Kernel k = Kernel.start(KernelConfig.defaults().withWorkers(1))) {
      ConcurrentLinkedQueue<String> out = new ConcurrentLinkedQueue<>();
      k.netSink((vm, m) -> out.add(Thread.currentThread().getName() + ":" + m[4]));
      int id = k.spawn(load(k, "echo", ECHO), 1, VmOptions.defaults()).get(0);
      awaitState(k, id, VmState.IDLE);

      assertThat(k.deliver(id, data(1, "a"), true)).isTrue();
      assertThat(k.runDeferred(id)).isTrue();
      assertThat(out).containsExactly(Thread.currentThread().getName() + ":1");
      assertThat(k.runDeferred(id)).as("nothing deferred any more").isFalse();

      awaitState(k, id, VmState.IDLE);
      assertThat(k.deliver(id, data(2, "b"), true)).isTrue();
      await("the sweep to hand it to a worker", () -> out.size() == 2);
      assertThat(out).last().asString().startsWith("denali-worker-0:");
    }
  }

  @Test
  void aFullQueueRefusesAndDrainingIsReported() throws Exception {
    KernelConfig config = KernelConfig.defaults().withWorkers(1).withNicQueueBytes(20_000);
    try (Kernel k = Kernel.start(config)) {
      List<Integer> drained = new CopyOnWriteArrayList<>();
      k.netSink(new NetSink() {
        @Override
        public boolean transmit(int vmId, byte[] message) {
          return true;
        }

        @Override
        public void drained(int vmId) {
          drained.add(vmId);
        }
      });
      int id = k.create(load(k, "echo", ECHO), VmOptions.defaults());
      byte[] big = new byte[NetMessage.MTU];
      big[0] = NetMessage.DATA;
      assertThat(k.deliver(id, big)).isTrue();
      assertThat(k.deliver(id, big)).isTrue();
      assertThat(k.deliver(id, big)).as("past 20,000 bytes").isFalse();
      assertThat(k.deliver(id, new byte[NetMessage.MTU + 1])).as("over the MTU").isFalse();
      assertThat(k.queuedBytes(id)).isEqualTo(2L * NetMessage.MTU);
      k.start(id);
      await("drained", () -> k.queuedBytes(id) == 0 && drained.contains(id));
      assertThat(k.deliver(999, big)).as("no such VM").isFalse();
    }
  }

  @Test
  void listenersHearOfFaultsAndEnds() throws Exception {
    try (Kernel k = Kernel.start(KernelConfig.defaults().withWorkers(1))) {
      List<String> events = new CopyOnWriteArrayList<>();
      k.addListener(new VmListener() {
        @Override
        public void ended(int id, VmState state) {
          events.add("ended " + id + " " + state);
        }

        @Override
        public void faulted(int id, String fault) {
          events.add("faulted " + id);
        }
      });
      int f = k.spawn(load(k, "faulter", FAULTER), 1, VmOptions.defaults()).get(0);
      int s = k.spawn(load(k, "short", SHORT), 1, VmOptions.defaults()).get(0);
      int e = k.spawn(load(k, "echo", ECHO), 1, VmOptions.defaults()).get(0);
      awaitState(k, f, VmState.FAULTED);
      awaitState(k, s, VmState.EXITED);
      k.destroy(e);
      await("three ends", () -> events.size() == 4);
      assertThat(events).contains("faulted " + f, "ended " + f + " FAULTED",
          "ended " + s + " EXITED", "ended " + e + " DESTROYED");
    }
  }
}
