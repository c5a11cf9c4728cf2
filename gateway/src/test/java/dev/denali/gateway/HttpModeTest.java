package dev.denali.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.kernel.Kernel;
import dev.denali.kernel.KernelConfig;
import dev.denali.kernel.VmOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP mode: requests, not connections, reach guests. Each request is routed by its own Host,
 * waits in its service's queue for a VM with room, and goes to it as a flow of its own; answers
 * come back in request order; idle connections hold no VM; slow, silent and failing guests and
 * clients get clean statuses.
 */
class HttpModeTest {
  private Kernel kernel;
  private Gateway gateway;

  @BeforeEach
  void boot() throws Exception {
    kernel = Kernel.start(KernelConfig.defaults().withWorkers(2));
    gateway = Gateway.start(kernel, GatewayConfig.defaults().withPort(0).withBind("127.0.0.1")
        .withHeadTimeout(Duration.ofMillis(300))
        .withHttp(GatewayConfig.HttpLimits.defaults().withRequestTimeout(Duration.ofMillis(700))
            .withQueue(2, 3)));
  }

  @AfterEach
  void shutDown() {
    gateway.close();
    try {
      kernel.close();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void deploy(String name, String source, int instances) throws Exception {
    gateway.deploy(name, kernel.load(name, TestGuests.elf(source)), instances,
        VmOptions.defaults(), 0);
  }

  /** Writes {@code text} on a new connection and reads until the server closes it. */
  private String exchange(String text) throws IOException {
    try (Socket s = new Socket("127.0.0.1", gateway.port())) {
      s.setSoTimeout(20_000);
      s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static String get(String host, boolean close) {
    return "GET / HTTP/1.1\r\nHost: " + host + "\r\n" + (close ? "Connection: close\r\n" : "")
        + "\r\n";
  }

  @Test
  void pipelinedRequestsForDifferentHostsReachTheirOwnServicesInOrder() throws Exception {
    deploy("alpha", TestGuests.answering("alpha"), 2);
    deploy("beta", TestGuests.answering("beta"), 1);
    String all = exchange(get("alpha", false) + get("beta", false) + get("2.alpha", false)
        + get("nothere", false) + get("beta", true));
    List<String> bodies = new ArrayList<>();
    for (String part : all.split("HTTP/1.1 ")) {
      if (!part.isEmpty()) {
        bodies.add(part.substring(0, 3) + " " + part.substring(part.indexOf("\r\n\r\n") + 4)
            .strip());
      }
    }
    assertThat(bodies).containsExactly("200 alpha", "200 beta", "200 alpha",
        "404 no service answers to this host", "200 beta");
    assertThat(all).doesNotContain("Connection: close\r\n\r\nalpha");

    try (dev.denali.gateway.admin.AdminServer admin = dev.denali.gateway.admin.AdminServer.start(
        gateway, dev.denali.gateway.admin.AdminConfig.loopback(0, "token-for-tests"))) {
      PrometheusText metrics = PrometheusText.parse(HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + "/metrics"))
              .header("Authorization", "Bearer token-for-tests").build(),
          HttpResponse.BodyHandlers.ofString()).body());
      assertThat(metrics.value("denali_service_requests_total", "service", "alpha", "code",
          "2xx")).isEqualTo(2.0);
      assertThat(metrics.value("denali_service_requests_total", "service", "beta", "code",
          "2xx")).isEqualTo(2.0);
      assertThat(metrics.type("denali_service_request_seconds")).isEqualTo("histogram");
      assertThat(metrics.value("denali_service_request_seconds_bucket", "service", "beta",
          "le", "+Inf")).isEqualTo(2.0);
      assertThat(metrics.value("denali_service_request_seconds_count", "service", "alpha"))
          .isEqualTo(2.0);
      assertThat(metrics.value("denali_service_request_seconds_sum", "service", "alpha"))
          .isPositive();
      assertThat(metrics.value("denali_service_requests_in_flight", "service", "alpha"))
          .isEqualTo(0.0);
    }
  }

  @Test
  void idleKeepAliveConnectionsHoldNoVm() throws Exception {
    deploy("alpha", TestGuests.answering("alpha"), 1);
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 100; i++) { // each gets its answer and stays open
        Socket s = new Socket("127.0.0.1", gateway.port());
        s.setSoTimeout(20_000);
        s.getOutputStream().write(get("alpha", false).getBytes(StandardCharsets.ISO_8859_1));
        idle.add(s);
        assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200").endsWith("alpha\n");
      }
      assertThat(gateway.flows()).as("flows held by idle connections").isZero();
      assertThat(exchange(get("alpha", true))).startsWith("HTTP/1.1 200");
      // and they can go on
      OutputStream out = idle.get(0).getOutputStream();
      out.write(get("alpha", false).getBytes(StandardCharsets.ISO_8859_1));
      assertThat(readResponse(idle.get(0).getInputStream())).startsWith("HTTP/1.1 200");
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
  }

  /** Reads one response with a Content-Length body. */
  private static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("closed after: " + head);
      }
      head.append((char) c);
    }
    String h = head.toString().toLowerCase(java.util.Locale.ROOT);
    int at = h.indexOf("content-length:");
    int n = Integer.parseInt(h.substring(at + 15, h.indexOf("\r\n", at)).trim());
    return head + new String(in.readNBytes(n), StandardCharsets.ISO_8859_1);
  }

  @Test
  void aGuestThatKeepsItsConnectionGetsRequestAfterRequestOnOneFlow() throws Exception {
    deploy("keep", TestGuests.KEEPALIVE, 1);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + gateway.port() + "/" + i)).header("Host", "keep").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("ok\n");
    }
    assertThat(gateway.stats.flowsOpened.sum()).as("flows opened for 20 requests").isEqualTo(1);
    assertThat(gateway.flows()).as("the one kept open").isEqualTo(1);
    // a guest that closes after each answer gets a flow per request, as before
    deploy("once", TestGuests.answering("once"), 1);
    for (int i = 0; i < 3; i++) {
      assertThat(exchange(get("once", true))).startsWith("HTTP/1.1 200");
    }
    assertThat(gateway.stats.flowsOpened.sum()).isEqualTo(4);
  }

  @Test
  void aPipeliningClientGetsItsAnswersInOrderAndAFloodIsCutOff() throws Exception {
    deploy("alpha", TestGuests.answering("alpha"), 2);
    try (Socket s = new Socket("127.0.0.1", gateway.port())) {
      s.setSoTimeout(30_000);
      s.getOutputStream().write(pipelined(100).getBytes(StandardCharsets.ISO_8859_1));
      Thread.sleep(200); // not reading yet
      InputStream in = s.getInputStream();
      for (int i = 0; i < 100; i++) {
        assertThat(readResponse(in)).matches("(?s)HTTP/1.1 (200|503).*"); // a queue of 3 here
      }
    }
    try (Socket s = new Socket("127.0.0.1", gateway.port())) { // 5,000 unanswered: cut off
      s.setSoTimeout(30_000);
      s.getOutputStream().write(pipelined(5000).getBytes(StandardCharsets.ISO_8859_1));
      s.getInputStream().readAllBytes(); // ends: the gateway closed the connection
    } catch (java.net.SocketException reset) {
      // the gateway closed the connection while the flood was still being written or read
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (gateway.service("alpha", true).inFlight() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(gateway.service("alpha", true).inFlight()).as("nothing left behind").isZero();
    assertThat(exchange(get("alpha", true))).startsWith("HTTP/1.1 200");
  }

  private static String pipelined(int n) {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < n; i++) {
      many.append("GET /").append(i).append(" HTTP/1.1\r\nHost: alpha\r\n\r\n");
    }
    return many.toString();
  }

  /** The gateway's {@code buffered_body_bytes} once it is {@code bytes} (within 10 s). */
  private long bufferedBecomes(long bytes) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    long held = gateway.stats.snapshot().get("buffered_body_bytes");
    while (held != bytes && System.nanoTime() < deadline) {
      Thread.sleep(5);
      held = gateway.stats.snapshot().get("buffered_body_bytes");
    }
    return held;
  }

  private static String post(String host, int bodyBytes) {
    return "POST / HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: " + bodyBytes
        + "\r\nConnection: close\r\n\r\n" + "b".repeat(bodyBytes);
  }

  @Test
  void bodiesHeldAtOnceHaveABudgetThatUploadsCannotTakeFromAnswers() throws Exception {
    gateway.close();
    gateway = Gateway.start(kernel, GatewayConfig.defaults().withPort(0).withBind("127.0.0.1")
        .withHttp(GatewayConfig.HttpLimits.defaults().withMaxBufferedBytes(48 * 1024)));
    deploy("alpha", TestGuests.answering("alpha"), 1);
    deploy("big", TestGuests.BIG_ANSWER, 1);
    // an answer larger than the whole budget: 503, and nothing stays held
    assertThat(exchange(get("big", true))).startsWith("HTTP/1.1 503")
        .contains("retry-after: 1").contains("no room for the answer");
    assertThat(bufferedBecomes(0)).isZero();
    try (Socket holder = new Socket("127.0.0.1", gateway.port())) {
      // 30,000 bytes of a 60,000-byte upload (read whole: not above BodyStream.STREAM_ABOVE),
      // then nothing: held (uploads may use 36 KiB)
      holder.getOutputStream().write(("POST / HTTP/1.1\r\nHost: alpha\r\nContent-Length: 60000"
          + "\r\n\r\n" + "h".repeat(30_000)).getBytes(StandardCharsets.ISO_8859_1));
      assertThat(bufferedBecomes(30_000)).isEqualTo(30_000);
      // 10,000 more do not fit: 503, and that client's connection closes
      assertThat(exchange(post("alpha", 10_000))).startsWith("HTTP/1.1 503")
          .contains("retry-after: 1").contains("no room for the request body");
      // a request without a body, and its answer, still have room
      assertThat(exchange(get("alpha", true))).startsWith("HTTP/1.1 200").endsWith("alpha\n");
    }
    assertThat(bufferedBecomes(0)).as("the holder's bytes are given back").isZero();
    assertThat(exchange(post("alpha", 10_000))).startsWith("HTTP/1.1 200");
    assertThat(bufferedBecomes(0)).isZero();
    assertThat(gateway.stats.snapshot().get("refused_no_buffer_room")).isEqualTo(2);
  }

  @Test
  void aLargeBodyGoesToTheGuestAsItArrivesAndAnEarlyAnswerComesBeforeItsEnd() throws Exception {
    deploy("alpha", TestGuests.answering("alpha"), 1); // answers at the first bytes it gets
    try (Socket s = new Socket("127.0.0.1", gateway.port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /up HTTP/1.1\r\nHost: alpha\r\nContent-Length: 1000000\r\n\r\n"
          + "a".repeat(100_000)).getBytes(StandardCharsets.ISO_8859_1));
      // read whole first, the request could not be answered before its last 900,000 bytes
      assertThat(readUntil(s.getInputStream(), "alpha\n")).startsWith("HTTP/1.1 200");
      out.write("b".repeat(900_000).getBytes(StandardCharsets.ISO_8859_1));
      // the rest of the body is read and dropped, and the connection goes on
      out.write(get("alpha", true).getBytes(StandardCharsets.ISO_8859_1));
      String next = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(next).startsWith("HTTP/1.1 200").endsWith("alpha\n");
    }
  }

  @Test
  void aStreamedBodyWaitingForItsVmCountsAgainstTheBudget() throws Exception {
    gateway.close();
    gateway = Gateway.start(kernel, GatewayConfig.defaults().withPort(0).withBind("127.0.0.1")
        .withHttp(GatewayConfig.HttpLimits.defaults().withMaxBufferedBytes(48 * 1024)));
    deploy("sink", TestGuests.SINK, 1);
    try (Socket first = new Socket("127.0.0.1", gateway.port());
        Socket second = new Socket("127.0.0.1", gateway.port())) {
      second.setSoTimeout(20_000);
      String head = "POST / HTTP/1.1\r\nHost: sink\r\nContent-Length: 1000000\r\n\r\n";
      // the first upload streams to the VM; the second waits for it (one at a time per VM),
      // its first parts waiting in the gateway: 40,000 bytes, more than uploads may hold
      first.getOutputStream().write((head + "x".repeat(10)).getBytes(StandardCharsets.ISO_8859_1));
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (gateway.stats.routed.sum() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      second.getOutputStream().write((head + "y".repeat(40_000))
          .getBytes(StandardCharsets.ISO_8859_1));
      assertThat(readUntil(second.getInputStream(), "try again")).startsWith("HTTP/1.1 503")
          .contains("retry-after: 1").contains("no room for the request body");
    }
    assertThat(bufferedBecomes(0)).isZero();
    assertThat(gateway.stats.snapshot().get("refused_no_buffer_room")).isEqualTo(1);
  }

  @Test
  void slowLargeUploadsHoldOnePlaceOfAVmNotAllOfThem() throws Exception {
    // a streamed body holds its VM's place until it ends; two slow ones must not take both of
    // the VM's places (requestsPerVm = 2 here), so that a GET still gets in (with both taken it
    // would wait for them, 30 s)
    gateway.close();
    gateway = Gateway.start(kernel, GatewayConfig.defaults().withPort(0).withBind("127.0.0.1")
        .withHttp(GatewayConfig.HttpLimits.defaults().withQueue(2, 3)));
    deploy("hold", TestGuests.HOLD_POSTS, 1);
    List<Socket> uploads = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        Socket s = new Socket("127.0.0.1", gateway.port());
        uploads.add(s);
        s.getOutputStream().write(("POST / HTTP/1.1\r\nHost: hold\r\nContent-Length: 1000000"
            + "\r\n\r\n" + "P".repeat(100)).getBytes(StandardCharsets.ISO_8859_1));
      }
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (gateway.stats.routed.sum() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(exchange(get("hold", true))).startsWith("HTTP/1.1 200");
    } finally {
      for (Socket s : uploads) {
        s.close();
      }
    }
  }

  /** The bytes the service {@code name} was sent once they are at least {@code n} (10 s). */
  private long bytesInReach(String name, long n) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    long in = gateway.service(name, true).bytesIn();
    while (in < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
      in = gateway.service(name, true).bytesIn();
    }
    return in;
  }

  @Test
  void aLargeBodyReachesTheGuestWholeWithoutTheGatewayHoldingIt() throws Exception {
    gateway.close();
    gateway = Gateway.start(kernel, GatewayConfig.defaults().withPort(0).withBind("127.0.0.1")
        .withHeadTimeout(Duration.ofSeconds(10))
        .withHttp(GatewayConfig.HttpLimits.defaults().withRequestTimeout(Duration.ofSeconds(10))));
    deploy("sink", TestGuests.SINK, 1); // reads everything, never answers
    try (Socket s = new Socket("127.0.0.1", gateway.port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST / HTTP/1.1\r\nHost: sink\r\nExpect: 100-continue\r\n"
          + "Content-Length: 2000000\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      assertThat(readUntil(s.getInputStream(), "\r\n\r\n")).startsWith("HTTP/1.1 100");
      out.write("s".repeat(1_500_000).getBytes(StandardCharsets.ISO_8859_1));
      // read whole first, nothing of the body would reach the guest before its end
      assertThat(bytesInReach("sink", 1_500_000)).as("before the body's end")
          .isGreaterThanOrEqualTo(1_500_000);
      assertThat(gateway.stats.snapshot().get("buffered_body_bytes")).isZero();
      out.write("s".repeat(500_000).getBytes(StandardCharsets.ISO_8859_1));
      assertThat(bytesInReach("sink", 2_000_000)).as("all of it")
          .isGreaterThan(2_000_000); // the head too
    }
  }

  @Test
  void aChunkedUploadReachesTheGuestWithALength() throws Exception {
    deploy("echo", TestGuests.ECHO_ONCE, 1);
    String r = exchange("POST /up HTTP/1.1\r\nHost: echo\r\nTransfer-Encoding: chunked\r\n"
        + "Connection: close\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 200 OK");
    String body = r.substring(r.indexOf("\r\n\r\n") + 4);
    assertThat(body).startsWith("POST /up HTTP/1.1\r\n").contains("content-length: 11")
        .doesNotContainIgnoringCase("transfer-encoding").doesNotContainIgnoringCase("connection:")
        .endsWith("\r\n\r\nhello world");
  }

  @Test
  void theJdkClientWorksWithKeepAliveAndBodies() throws Exception {
    deploy("echo", TestGuests.ECHO_ONCE, 2);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + gateway.port() + "/n/" + i)).header("Host", "echo")
          .POST(HttpRequest.BodyPublishers.ofString("body " + i)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).startsWith("POST /n/" + i + " HTTP/1.1").endsWith("body " + i);
    }
  }

  @Test
  void aVmThatFaultsGives502AndOneThatNeverAnswers504() throws Exception {
    deploy("crash", TestGuests.FAULT_AT_ONCE, 1);
    deploy("deaf", TestGuests.DEAF, 1);
    assertThat(exchange(get("crash", true))).startsWith("HTTP/1.1 502");
    assertThat(exchange(get("deaf", true))).startsWith("HTTP/1.1 504");
    assertThat(gateway.stats.requestTimeouts.sum()).isEqualTo(1);
  }

  @Test
  void aGuestThatStopsInTheMiddleOfItsAnswerGives504() throws Exception {
    // the HTTP/1.1 text of a guest's answer cut off by the deadline: the codec's complaint
    // about the half-read answer once kept the 504 from going out at all
    deploy("stall", TestGuests.STALL_MID_RESPONSE, 1);
    assertThat(exchange(get("stall", true))).startsWith("HTTP/1.1 504");
    assertThat(exchange(get("stall", true))).startsWith("HTTP/1.1 504");
  }

  @Test
  void aRunawayHandlerGets504AndItsVmIsRestarted() throws Exception {
    deploy("loop", TestGuests.SPIN_ON_S, 1);
    assertThat(exchange(get("loop", true))).startsWith("HTTP/1.1 200");
    assertThat(exchange("GET /spin HTTP/1.1\r\nHost: loop\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 504");
    int vm = gateway.service("loop", true).vms().get(0);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (kernel.info(vm).restarts() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(kernel.info(vm).restarts()).as("the stuck VM restarted").isEqualTo(1);
    assertThat(exchange(get("loop", true))).as("the service recovered").startsWith("HTTP/1.1 200");
  }

  /** Reads from {@code in} until what came contains {@code text}; returns all of it. */
  private static String readUntil(java.io.InputStream in, String text) throws IOException {
    StringBuilder got = new StringBuilder();
    while (!got.toString().contains(text)) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      got.append((char) b);
    }
    return got.toString();
  }

  @Test
  void eachRequestOnAKeptConnectionHasItsOwnTimeouts() throws Exception {
    // the connection's timers are armed by the first request and re-armed for later ones: a
    // request that comes while a timer set for an earlier one is pending still times out
    deploy("alpha", TestGuests.answering("alpha"), 1);
    deploy("deaf", TestGuests.DEAF, 1);
    for (boolean deadline : new boolean[] {true, false}) {
      try (Socket s = new Socket("127.0.0.1", gateway.port())) {
        s.setSoTimeout(20_000);
        java.io.OutputStream out = s.getOutputStream();
        out.write(get("alpha", false).getBytes(StandardCharsets.ISO_8859_1));
        assertThat(readUntil(s.getInputStream(), "alpha")).startsWith("HTTP/1.1 200");
        Thread.sleep(400); // the timers armed by that request (700 and 1,000 ms) are pending
        if (deadline) {
          out.write(get("deaf", false).getBytes(StandardCharsets.ISO_8859_1));
          assertThat(readUntil(s.getInputStream(), "in time")).contains("HTTP/1.1 504");
        } else {
          out.write(("POST / HTTP/1.1\r\nHost: alpha\r\nContent-Length: 100\r\n\r\nx")
              .getBytes(StandardCharsets.ISO_8859_1));
          assertThat(readUntil(s.getInputStream(), "arrive")).contains("HTTP/1.1 408");
        }
      }
    }
    assertThat(gateway.stats.requestTimeouts.sum()).isEqualTo(1);
  }

  @Test
  void aFullQueueGets503WithRetryAfter() throws Exception {
    deploy("deaf", TestGuests.DEAF, 1); // 2 requests in hand, 3 waiting, then 503
    List<Socket> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        Socket s = new Socket("127.0.0.1", gateway.port());
        s.getOutputStream().write(get("deaf", true).getBytes(StandardCharsets.ISO_8859_1));
        clients.add(s);
      }
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (gateway.service("deaf", true) != null && System.nanoTime() < deadline
          && gateway.stats.routed.sum() < 5) {
        Thread.sleep(5);
      }
      String busy = exchange(get("deaf", true));
      assertThat(busy).startsWith("HTTP/1.1 503").contains("retry-after: 1");
    } finally {
      for (Socket s : clients) {
        s.close();
      }
    }
  }

  @Test
  void aTrickledRequestGets408WhileOthersAreServed() throws Exception {
    deploy("alpha", TestGuests.answering("alpha"), 1);
    try (Socket slow = new Socket("127.0.0.1", gateway.port())) {
      slow.setSoTimeout(20_000);
      slow.getOutputStream().write(("POST / HTTP/1.1\r\nHost: alpha\r\nContent-Length: 100\r\n"
          + "\r\nx").getBytes(StandardCharsets.ISO_8859_1));
      assertThat(exchange(get("alpha", true))).startsWith("HTTP/1.1 200");
      String r = new String(slow.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(r).startsWith("HTTP/1.1 408");
    }
  }

  @Test
  void headsThatCannotBeRoutedSafelyAreRefused() throws Exception {
    deploy("alpha", TestGuests.answering("alpha"), 1);
    assertThat(exchange("GET / HTTP/1.1\r\nHost: alpha\r\nHost: beta\r\n\r\n"))
        .startsWith("HTTP/1.1 400").contains("more than one Host");
    assertThat(exchange("\u0001\u0002 junk\r\n\r\n")).startsWith("HTTP/1.1 400");
    assertThat(exchange(get("9.alpha", true))).startsWith("HTTP/1.1 404");
    assertThat(exchange(get("0.alpha", true))).startsWith("HTTP/1.1 404");
    assertThat(exchange(get("1.alpha.example.com:8080", true))).startsWith("HTTP/1.1 200");
    // with one service deployed, any other host (even a bare dot) reaches it
    assertThat(exchange(get(".", true))).startsWith("HTTP/1.1 200");
    assertThat(exchange(get("1234567890.alpha", true))).startsWith("HTTP/1.1 200");
  }

  @Test
  void anAccessLogHasALinePerAnswerAndNothingAClientCanForge(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    java.nio.file.Path log = dir.resolve("access.log");
    try (Kernel k = Kernel.start(KernelConfig.defaults().withWorkers(1));
        Gateway g = Gateway.start(k, GatewayConfig.defaults().withPort(0).withBind("127.0.0.1")
            .withHttp(GatewayConfig.HttpLimits.defaults().withAccessLog(log)))) {
      g.deploy("alpha", k.load("alpha", TestGuests.elf(TestGuests.answering("alpha"))), 1,
          VmOptions.defaults(), 0);
      g.deploy("beta", k.load("beta", TestGuests.elf(TestGuests.answering("beta"))), 1,
          VmOptions.defaults(), 0); // two services: an unknown Host reaches neither
      try (Socket s = new Socket("127.0.0.1", g.port())) {
        s.getOutputStream().write(("GET /a%22b\"x HTTP/1.1\r\nHost: alpha\r\n\r\n"
            + "GET /none HTTP/1.1\r\nHost: nothere\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        s.getInputStream().readAllBytes();
      }
    } // closing the gateway flushes the log
    List<String> lines = new ArrayList<>(java.nio.file.Files.readAllLines(log));
    lines.sort(null); // in the order answered: the 404 needs no guest and may come first
    assertThat(lines).hasSize(2);
    java.util.Collections.swap(lines, 0, lines.get(0).contains("/none") ? 1 : 0);
    assertThat(lines.get(0)).matches("127\\.0\\.0\\.1 - - \\[[^]]+\\] \"GET /a%22b\\?x HTTP/1\\.1\" 200 6"
        + " alpha vm=1 us=\\d+");
    assertThat(lines.get(1)).matches(".*\"GET /none HTTP/1\\.1\" 404 \\d+ - vm=- us=\\d+");
  }
}
