package dev.denali.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.isa.NetMessage;
import dev.denali.kernel.Binary;
import dev.denali.kernel.Kernel;
import dev.denali.kernel.KernelConfig;
import dev.denali.kernel.VmInfo;
import dev.denali.kernel.VmOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hello service (sample-services/hello): every request gets its greeting. */
class HelloServiceTest {
  static ServiceHarness h;

  @BeforeAll
  static void boot() throws Exception {
    h = ServiceHarness.start("hello");
  }

  @AfterAll
  static void shutdown() throws Exception {
    h.close();
  }

  static String expectedBody() {
    return "Hello from Denali VM " + h.vm + "\n";
  }

  /** A request in the gateway's HTTP message form (isa-spec README, "HTTP messages"). */
  static byte[] requestMessage(String method, String target, String host, String lines) {
    byte[] fields = (method + target + host + lines).getBytes(StandardCharsets.ISO_8859_1);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16 + fields.length)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0xD1).put((byte) 1).putShort((short) method.length())
        .putShort((short) target.length()).putShort((short) host.length())
        .putInt(lines.length()).putInt(0);
    return b.put(fields).array();
  }

  /** What curl sends besides the request line and Host. */
  static final String CURL_LINES = "User-Agent: curl/7.88.1\r\nAccept: */*\r\n";

  /** The response message hello sends: text/plain, its greeting as one chunk, the end. */
  static String responseMessage() {
    String body = expectedBody();
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 10 + 4 + body.length() + 4)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0xD1).put((byte) 1).putShort((short) 200).putShort((short) 10)
        .putShort((short) 0).put("text/plain".getBytes(StandardCharsets.ISO_8859_1))
        .putInt(body.length()).put(body.getBytes(StandardCharsets.ISO_8859_1)).putInt(0);
    return new String(b.array(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void answersHttpMessagesInKindForUnderAFifthOfTheInstructionsOfText() {
    int flow = h.open();
    String one = responseMessage();
    h.send(flow, requestMessage("GET", "/", "hello", CURL_LINES)); // a first request: warm paths
    h.await(flow, t -> t.length() >= one.length());
    assertThat(h.received(flow)).isEqualTo(one);
    int n = 20;
    long before = h.kernel.info(h.vm).retired();
    for (int i = 0; i < n; i++) {
      h.send(flow, requestMessage("GET", "/", "hello", CURL_LINES));
      int want = (i + 2) * one.length();
      h.await(flow, t -> t.length() >= want);
    }
    long perMessage = (h.kernel.info(h.vm).retired() - before) / n;
    assertThat(h.received(flow)).isEqualTo(one.repeat(n + 1));
    assertThat(h.closedByGuest(flow)).isFalse(); // the flow carries the next request

    int text = h.open();
    String req = "GET / HTTP/1.1\r\nHost: hello\r\n" + CURL_LINES + "\r\n";
    h.exchange(req);
    before = h.kernel.info(h.vm).retired();
    for (int i = 0; i < n; i++) {
      h.send(text, req);
      int count = i + 1;
      h.await(text, t -> ServiceHarness.completeResponses(t, count));
    }
    long perText = (h.kernel.info(h.vm).retired() - before) / n;
    System.out.printf("[hello] guest instructions per request: %d as HTTP messages, %d as"
        + " HTTP/1.1 text%n", perMessage, perText);
    assertThat(perMessage).as("instructions per request: %d as messages, %d as text",
        perMessage, perText).isLessThan(perText / 5);
  }

  @Test
  void answersGet() {
    String r = h.exchange("GET / HTTP/1.1\r\nHost: example\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 200 OK\r\n")
        .contains("\r\nContent-Type: text/plain\r\n")
        .contains("\r\nContent-Length: " + expectedBody().length() + "\r\n")
        .contains("\r\nConnection: keep-alive\r\n")
        .endsWith("\r\n\r\n" + expectedBody());
  }

  @Test
  void anyMethodAndTarget() {
    String r = h.exchange("POST /x/y?z=1 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc");
    assertThat(r).startsWith("HTTP/1.1 200 OK\r\n").endsWith(expectedBody());
  }

  @Test
  void headHasNoBody() {
    int flow = h.open();
    h.send(flow, "HEAD / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n");
    String r = h.await(flow, t -> ServiceHarness.completeResponses(t, 1)
        && t.endsWith(expectedBody()));
    assertThat(r).startsWith("HTTP/1.1 200 OK\r\n")
        .contains("Content-Length: " + expectedBody().length());
    // the first response has the headers only; the body that follows is the GET's
    assertThat(r.split("HTTP/1.1 200 OK", -1)).hasSize(3);
    assertThat(r.indexOf(expectedBody())).isEqualTo(r.lastIndexOf(expectedBody()));
  }

  @Test
  void memoryIsSmall() {
    VmInfo info = h.kernel.info(h.vm);
    System.out.println("[hello] resident bytes per VM: " + info.residentBytes()
        + " (memory 128 KiB; text and rodata are shared by the binary's VMs)");
    assertThat(info.residentBytes()).isLessThanOrEqualTo(64 * 1024);
  }

  @Test
  void pipelinedRequestsLargerThanTheFlowBuffer() {
    int flow = h.open();
    String one = "GET /pipelined HTTP/1.1\r\nHost: a.example\r\n\r\n";
    h.send(flow, one.repeat(100));      // about 4.5 KiB in one message; the flow buffer is 1 KiB
    String all = h.await(flow, t -> ServiceHarness.completeResponses(t, 100));
    assertThat(all.split("HTTP/1.1 200 OK", -1)).hasSize(101);
    assertThat(h.closedByGuest(flow)).isFalse();
  }

  @Test
  void requestLargerThanTheFlowBufferIs431() {
    int flow = h.open();
    h.send(flow, "GET / HTTP/1.1\r\nCookie: " + "c".repeat(2000) + "\r\n\r\n");
    String r = h.await(flow, t -> h.closedByGuest(flow));
    assertThat(r).startsWith("HTTP/1.1 431 ");
  }

  @Test
  void instructionsPerRequest() {
    int flow = h.open();
    String req = "GET / HTTP/1.1\r\nHost: example\r\nUser-Agent: test\r\nAccept: */*\r\n\r\n";
    h.send(flow, req);
    h.await(flow, t -> ServiceHarness.completeResponses(t, 1));
    long before = h.kernel.info(h.vm).retired();
    int n = 200;
    for (int i = 2; i <= n + 1; i++) {
      h.send(flow, req);
      int count = i;
      h.await(flow, t -> ServiceHarness.completeResponses(t, count));
    }
    long perRequest = (h.kernel.info(h.vm).retired() - before) / n;
    System.out.println("[hello] guest instructions per request (one request per message): "
        + perRequest);
    assertThat(perRequest).isBetween(100L, 20_000L);
  }

  @Test
  void manyVmsEachAnswerWithTheirOwnId() throws Exception {
    Map<Integer, StringBuilder> got = new ConcurrentHashMap<>();
    try (Kernel k = Kernel.start(KernelConfig.defaults().withWorkers(2))) {
      Binary b = k.load("hello", Services.elf("hello"));
      k.netSink((vm, m) -> {
        if (m[0] == NetMessage.DATA) {
          StringBuilder sb = got.computeIfAbsent(vm, x -> new StringBuilder());
          synchronized (sb) {
            sb.append(new String(m, NetMessage.HEADER_BYTES, m.length - NetMessage.HEADER_BYTES,
                StandardCharsets.ISO_8859_1));
          }
        }
        return true;
      });
      List<Integer> vms = k.spawn(b, 300, VmOptions.defaults());
      byte[] request = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      for (int vm : vms) {
        assertThat(k.deliver(vm, ServiceHarness.message(NetMessage.OPEN, 1, new byte[0], 0, 0)))
            .isTrue();
        assertThat(k.deliver(vm, ServiceHarness.message(NetMessage.DATA, 1, request, 0,
            request.length))).isTrue();
      }
      long end = System.nanoTime() + 60_000_000_000L;
      for (int vm : vms) {
        while (true) {
          StringBuilder sb = got.get(vm);
          String text;
          if (sb == null) {
            text = "";
          } else {
            synchronized (sb) {
              text = sb.toString();
            }
          }
          if (text.endsWith("Hello from Denali VM " + vm + "\n")) {
            break;
          }
          assertThat(System.nanoTime()).as("VM %d answered: %s", vm, text).isLessThan(end);
          Thread.sleep(1);
        }
      }
      assertThat(k.info(vms.get(0)).residentBytes()).isLessThanOrEqualTo(64 * 1024);
    }
  }
}
