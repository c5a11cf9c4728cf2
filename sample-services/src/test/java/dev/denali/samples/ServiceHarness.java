package dev.denali.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.denali.asm.testing.ExternalTool;
import dev.denali.isa.NetMessage;
import dev.denali.kernel.Binary;
import dev.denali.kernel.Kernel;
import dev.denali.kernel.KernelConfig;
import dev.denali.kernel.NetSink;
import dev.denali.kernel.VmOptions;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Runs a sample service in a kernel and talks to it in the gateway's messages (ISA manual,
 * "Network messages"), without a network: open a flow, send bytes, read what the guest sent
 * back for that flow and whether it closed it. For the tests of each service; the TCP tests go
 * through the real gateway.
 *
 * <pre>{@code
 * try (ServiceHarness h = ServiceHarness.start("hello")) {
 *   String response = h.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
 * }
 * }</pre>
 */
final class ServiceHarness implements AutoCloseable {
  final Kernel kernel;
  final int vm;
  private final AtomicInteger nextFlow = new AtomicInteger(1);
  private final Map<Integer, ByteArrayOutputStream> received = new ConcurrentHashMap<>();
  private final Map<Integer, Boolean> closed = new ConcurrentHashMap<>();

  private ServiceHarness(Kernel kernel, int vm) {
    this.kernel = kernel;
    this.vm = vm;
  }

  /** Boots a kernel running one VM of the built service {@code name}. */
  static ServiceHarness start(String name) throws Exception {
    return start(name, VmOptions.defaults());
  }

  static ServiceHarness start(String name, VmOptions options) throws Exception {
    return start(name, KernelConfig.defaults().withWorkers(2), options);
  }

  /**
   * Boots a kernel of {@code config} running one VM of {@code name}. A C service that was not
   * built because riscv64-unknown-elf-gcc is missing skips the test (fails it on CI), as the
   * guest-sdk's C tests do.
   */
  static ServiceHarness start(String name, KernelConfig config, VmOptions options)
      throws Exception {
    byte[] elf = Services.elf(name);
    if (elf == null && Files.exists(Path.of(name, name + ".c"))) {
      ExternalTool.require(BuildServices.GCC, "gcc-riscv64-unknown-elf");
    }
    assertThat(elf).as("service %s was built (target/classes/services)", name).isNotNull();
    Kernel k = Kernel.start(config);
    Binary b = k.load(name, elf);
    ServiceHarness h = new ServiceHarness(k, k.create(b, options));
    k.netSink(h.sink());
    k.start(h.vm);
    return h;
  }

  private NetSink sink() {
    return (vmId, m) -> {
      if (m.length < NetMessage.HEADER_BYTES) {
        return true;
      }
      int flow = ByteBuffer.wrap(m, NetMessage.FLOW_OFFSET, 4).order(ByteOrder.LITTLE_ENDIAN)
          .getInt();
      if (m[0] == NetMessage.DATA) {
        ByteArrayOutputStream out = received.computeIfAbsent(flow,
            f -> new ByteArrayOutputStream());
        synchronized (out) {
          out.write(m, NetMessage.HEADER_BYTES, m.length - NetMessage.HEADER_BYTES);
        }
      } else if (m[0] == NetMessage.CLOSE) {
        closed.put(flow, true);
      }
      return true;
    };
  }

  static byte[] message(int kind, int flow, byte[] payload, int from, int length) {
    ByteBuffer b = ByteBuffer.allocate(NetMessage.HEADER_BYTES + length)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) kind).put((byte) 0).putShort((short) 0).putInt(flow);
    b.put(payload, from, length);
    return b.array();
  }

  /** Opens a new flow (OPEN message); returns its id. */
  int open() {
    int flow = nextFlow.getAndIncrement();
    deliver(message(NetMessage.OPEN, flow, new byte[0], 0, 0));
    return flow;
  }

  /** Sends bytes on a flow, split into MTU-sized DATA messages. */
  void send(int flow, byte[] bytes) {
    int max = NetMessage.MTU - NetMessage.HEADER_BYTES;
    for (int at = 0; at < bytes.length; at += max) {
      deliver(message(NetMessage.DATA, flow, bytes, at, Math.min(max, bytes.length - at)));
    }
  }

  void send(int flow, String text) {
    send(flow, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The client side closes the flow (CLOSE message). */
  void close(int flow) {
    deliver(message(NetMessage.CLOSE, flow, new byte[0], 0, 0));
  }

  private void deliver(byte[] m) {
    long end = System.nanoTime() + 10_000_000_000L;
    while (!kernel.deliver(vm, m)) {
      if (System.nanoTime() > end) {
        fail("the guest's receive queue stayed full");
      }
      Thread.onSpinWait();
    }
  }

  /** Everything the guest sent on {@code flow} so far. */
  String received(int flow) {
    ByteArrayOutputStream out = received.get(flow);
    if (out == null) {
      return "";
    }
    synchronized (out) {
      return out.toString(StandardCharsets.ISO_8859_1);
    }
  }

  boolean closedByGuest(int flow) {
    return closed.containsKey(flow);
  }

  /** Waits until what the guest sent on {@code flow} satisfies {@code done}; returns it. */
  String await(int flow, Predicate<String> done) {
    long end = System.nanoTime() + 30_000_000_000L;
    while (true) {
      String text = received(flow);
      if (done.test(text)) {
        return text;
      }
      if (System.nanoTime() > end) {
        fail("timed out; the guest sent on flow " + flow + ":\n" + text + "\nVM: "
            + kernel.info(vm) + "\nconsole: " + kernel.console(vm));
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }

  /** True when {@code text} holds {@code count} complete HTTP responses (by Content-Length). */
  static boolean completeResponses(String text, int count) {
    int at = 0;
    for (int i = 0; i < count; i++) {
      int headEnd = text.indexOf("\r\n\r\n", at);
      if (headEnd < 0) {
        return false;
      }
      String head = text.substring(at, headEnd).toLowerCase();
      int cl = head.indexOf("content-length:");
      int length = 0;
      if (cl >= 0) {
        int eol = head.indexOf("\r\n", cl);
        length = Integer.parseInt(head.substring(cl + 15, eol < 0 ? head.length() : eol).trim());
      }
      at = headEnd + 4 + length;
      if (at > text.length()) {
        return false;
      }
    }
    return true;
  }

  /** Opens a flow, sends {@code request}, and returns the one complete response. */
  String exchange(String request) {
    int flow = open();
    send(flow, request);
    return await(flow, t -> completeResponses(t, 1));
  }

  @Override
  public void close() throws Exception {
    kernel.close();
  }
}
