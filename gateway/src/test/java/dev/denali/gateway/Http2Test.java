package dev.denali.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.asm.testing.ExternalTool;
import dev.denali.kernel.Kernel;
import dev.denali.kernel.KernelConfig;
import dev.denali.kernel.VmOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP mode speaks HTTP/2: over TLS by ALPN (and HTTP/1.1 to clients that ask for it), and in
 * cleartext with prior knowledge. Requests of one HTTP/2 connection are routed each by its own
 * {@code :authority}.
 */
class Http2Test {
  @TempDir Path dir;

  private interface Body {
    void run(Gateway gateway) throws Exception;
  }

  private void withGateway(GatewayConfig.Tls tls, Body body) throws Exception {
    try (Kernel kernel = Kernel.start(KernelConfig.defaults().withWorkers(2));
        Gateway gateway = Gateway.start(kernel, GatewayConfig.defaults().withPort(0)
            .withBind("127.0.0.1").withHttp(GatewayConfig.HttpLimits.defaults()).withTls(tls))) {
      gateway.deploy("alpha", kernel.load("alpha", TestGuests.elf(TestGuests.answering("alpha"))),
          2, VmOptions.defaults(), 0);
      gateway.deploy("beta", kernel.load("beta", TestGuests.elf(TestGuests.answering("beta"))),
          1, VmOptions.defaults(), 0);
      body.run(gateway);
    }
  }

  /** Runs curl with {@code args}; returns what it printed (body, then -w's text). */
  private static String curl(String... args) throws IOException, InterruptedException {
    Path curl = ExternalTool.require("curl", "curl");
    List<String> cmd = new ArrayList<>(List.of(curl.toString(), "-s", "--max-time", "20"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("curl %s: %s", cmd, out).isZero();
    return out;
  }

  @Test
  void h2OverTlsRoutesEachStreamByItsAuthority() throws Exception {
    TestCertificates certs = TestCertificates.make(dir);
    withGateway(certs.files, gateway -> {
      int port = gateway.port();
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
          .sslContext(certs.trusting()).build();
      for (int i = 0; i < 10; i++) { // one connection; Host localhost: the fallback service
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(
            "https://localhost:" + port + "/" + i)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.statusCode()).isEqualTo(404); // two services: localhost names neither
      }
      for (String svc : new String[] {"alpha", "beta"}) {
        String out = curl("--http2", "--cacert", certs.files.certificate().toString(),
            "--resolve", svc + ".test:" + port + ":127.0.0.1", "-w", " %{http_version}",
            "https://" + svc + ".test:" + port + "/");
        assertThat(out).isEqualTo(svc + "\n 2");
      }
      String h1 = curl("--http1.1", "--cacert", certs.files.certificate().toString(),
          "--resolve", "beta.test:" + port + ":127.0.0.1", "-w", " %{http_version}",
          "https://beta.test:" + port + "/");
      assertThat(h1).isEqualTo("beta\n 1.1");
      assertThat(gateway.stats.http2.sum()).isGreaterThanOrEqualTo(3);
    });
  }

  @Test
  void theJdkClientsConcurrentRequestsOverTlsAllGetAnswersBeyondAFullQueue() throws Exception {
    TestCertificates certs = TestCertificates.make(dir);
    try (Kernel kernel = Kernel.start(KernelConfig.defaults().withWorkers(2));
        Gateway gateway = Gateway.start(kernel, GatewayConfig.defaults().withPort(0)
            .withBind("127.0.0.1").withTls(certs.files)
            .withHttp(GatewayConfig.HttpLimits.defaults().withQueue(1, 2)))) {
      gateway.deploy("alpha", kernel.load("alpha", TestGuests.elf(TestGuests.answering("alpha"))),
          1, VmOptions.defaults(), 0); // the only service: what Host localhost reaches
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
          .sslContext(certs.trusting()).build();
      List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers =
          new ArrayList<>();
      for (int i = 0; i < 300; i++) { // over one connection, 100 streams at a time
        answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create(
            "https://localhost:" + gateway.port() + "/" + i)).build(),
            HttpResponse.BodyHandlers.ofString()));
      }
      for (java.util.concurrent.CompletableFuture<HttpResponse<String>> a : answers) {
        HttpResponse<String> r = a.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("alpha\n");
      }
      assertThat(gateway.stats.overLimit.sum()).isZero();
      assertThat(gateway.stats.pauses.sum()).as("requests waited on the connection").isPositive();
    }
  }

  @Test
  void onePortTakesTlsAndCleartextWhenAskedToAndOnlyTlsOtherwise() throws Exception {
    TestCertificates certs = TestCertificates.make(dir);
    String cacert = certs.files.certificate().toString();
    withGateway(certs.files.withCleartext(), gateway -> {
      String port = Integer.toString(gateway.port());
      String resolve = "beta.test:" + port + ":127.0.0.1";
      assertThat(curl("--http2", "--cacert", cacert, "--resolve", resolve, "-w",
          " %{http_version}", "https://beta.test:" + port + "/")).isEqualTo("beta\n 2");
      assertThat(curl("--http1.1", "--cacert", cacert, "--resolve", resolve, "-w",
          " %{http_version}", "https://beta.test:" + port + "/")).isEqualTo("beta\n 1.1");
      assertThat(curl("-H", "Host: alpha", "-w", " %{http_version}",
          "http://127.0.0.1:" + port + "/")).isEqualTo("alpha\n 1.1");
      assertThat(curl("--http2-prior-knowledge", "-H", "Host: alpha", "-w", " %{http_version}",
          "http://127.0.0.1:" + port + "/")).isEqualTo("alpha\n 2");
    });
    withGateway(certs.files, gateway -> { // TLS only: a cleartext request gets no answer
      Path curl = ExternalTool.require("curl", "curl");
      Process p = new ProcessBuilder(curl.toString(), "-s", "--max-time", "10", "-H",
          "Host: alpha", "http://127.0.0.1:" + gateway.port() + "/").start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).isNotZero();
      assertThat(out).doesNotContain("alpha");
    });
  }

  @Test
  void anIdleHttp2ConnectionIsClosedLikeAnIdleHttp1One() throws Exception {
    try (Kernel kernel = Kernel.start(KernelConfig.defaults().withWorkers(1));
        Gateway gateway = Gateway.start(kernel, GatewayConfig.defaults().withPort(0)
            .withBind("127.0.0.1").withHttp(GatewayConfig.HttpLimits.defaults())
            .withIdleTimeout(java.time.Duration.ofMillis(500)))) {
      for (boolean h2 : new boolean[] {false, true}) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", gateway.port())) {
          s.setSoTimeout(20_000);
          if (h2) { // the client preface and an empty SETTINGS frame, then nothing
            s.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
          } else {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: nobody\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
          }
          long before = gateway.stats.idleClosed.sum();
          java.io.InputStream in = s.getInputStream();
          while (in.read() >= 0) { // the gateway's answer, then the end of the connection
          }
          assertThat(gateway.stats.idleClosed.sum()).as("h2 %s", h2).isEqualTo(before + 1);
        }
      }
    }
  }

  @Test
  void cleartextH2WithPriorKnowledgeAndHttp1SideBySide() throws Exception {
    withGateway(null, gateway -> {
      int port = gateway.port();
      assertThat(curl("--http2-prior-knowledge", "-H", "Host: beta", "-w", " %{http_version}",
          "http://127.0.0.1:" + port + "/")).isEqualTo("beta\n 2");
      assertThat(curl("--http2-prior-knowledge", "-H", "Host: 2.alpha", "-w",
          " %{http_version}", "http://127.0.0.1:" + port + "/")).isEqualTo("alpha\n 2");
      // a Host header that differs from :authority makes the request malformed (RFC 9113
      // 8.3.1): a stream error, never an answer from a service
      Path nghttp = ExternalTool.require("nghttp", "nghttp2-client");
      Process p = new ProcessBuilder(nghttp.toString(), "-nv", "-H", "host: beta",
          "http://127.0.0.1:" + port + "/").redirectErrorStream(true).start();
      String frames = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      assertThat(frames).contains("RST_STREAM").doesNotContain(":status: 200");
      assertThat(curl("-H", "Host: alpha", "-w", " %{http_version}",
          "http://127.0.0.1:" + port + "/")).isEqualTo("alpha\n 1.1");
      // an upgrade to h2c is not taken: the answer comes in HTTP/1.1
      assertThat(curl("--http2", "-H", "Host: beta", "-w", " %{http_version}",
          "http://127.0.0.1:" + port + "/")).isEqualTo("beta\n 1.1");
    });
  }

  @Test
  void h2BodiesAndAnswersThatFindNoRoomInTheBufferBudgetGet503() throws Exception {
    try (Kernel kernel = Kernel.start(KernelConfig.defaults().withWorkers(2));
        Gateway gateway = Gateway.start(kernel, GatewayConfig.defaults().withPort(0)
            .withBind("127.0.0.1")
            .withHttp(GatewayConfig.HttpLimits.defaults().withMaxBufferedBytes(16 * 1024)))) {
      gateway.deploy("echo", kernel.load("echo", TestGuests.elf(TestGuests.ECHO_ONCE)), 1,
          VmOptions.defaults(), 0);
      gateway.deploy("big", kernel.load("big", TestGuests.elf(TestGuests.BIG_ANSWER)), 1,
          VmOptions.defaults(), 0);
      String url = "http://127.0.0.1:" + gateway.port() + "/";
      Path body = dir.resolve("body.bin");
      java.nio.file.Files.writeString(body, "u".repeat(20_000)); // uploads may hold 12 KiB
      Path curl = ExternalTool.require("curl", "curl");
      Process p = new ProcessBuilder(curl.toString(), "-s", "--max-time", "20",
          "--http2-prior-knowledge", "-H", "Host: echo", "--data-binary", "@" + body, "-D", "-",
          "-o", "/dev/null", url).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(); // curl may report the reset of the stream it was still sending on
      assertThat(out).startsWith("HTTP/2 503").contains("retry-after: 1");
      assertThat(curl("--http2-prior-knowledge", "-H", "Host: big", "-w", " %{http_code}", url))
          .as("an answer larger than the budget").endsWith(" 503");
      assertThat(curl("--http2-prior-knowledge", "-H", "Host: echo", "-d", "ok", "-w",
          " %{http_code}", url)).endsWith("ok 200");
      assertThat(gateway.stats.snapshot()).containsEntry("refused_no_buffer_room", 2L);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (gateway.stats.snapshot().get("buffered_body_bytes") != 0
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(gateway.stats.snapshot()).containsEntry("buffered_body_bytes", 0L);
    }
  }

  @Test
  void h2RequestBodiesReachTheGuestWhole() throws Exception {
    try (Kernel kernel = Kernel.start(KernelConfig.defaults().withWorkers(2));
        Gateway gateway = Gateway.start(kernel, GatewayConfig.defaults().withPort(0)
            .withBind("127.0.0.1")
            .withHttp(GatewayConfig.HttpLimits.defaults().withMaxBodyBytes(6000)))) {
      gateway.deploy("echo", kernel.load("echo", TestGuests.elf(TestGuests.ECHO_ONCE)), 1,
          VmOptions.defaults(), 0);
      String url = "http://127.0.0.1:" + gateway.port() + "/up?x=1";
      StringBuilder text = new StringBuilder();
      for (int i = 0; text.length() < 5000; i++) {
        text.append("line ").append(i).append('\n');
      }
      Path body = dir.resolve("body.txt");
      java.nio.file.Files.writeString(body, text);
      for (String expect : new String[] {"Expect:", "Expect: 100-continue"}) {
        String out = curl("--http2-prior-knowledge", "-H", "Host: echo", "-H", expect,
            "--data-binary", "@" + body, "-w", "\n%{http_code} %{http_version}", url);
        // the guest echoes the request as it got it: head, then the whole body
        assertThat(out).as(expect).startsWith("POST /up?x=1 HTTP/1.1\r\n")
            .contains("content-length: " + text.length())
            .doesNotContainIgnoringCase("x-http2-stream-id")
            .endsWith("\r\n\r\n" + text + "\n200 2");
      }
      assertThat(curl("--http2-prior-knowledge", "-H", "Host: echo", "-d", "ok", "-w",
          " %{http_code}", url)).endsWith("ok 200");
    }
  }

  /**
   * A body over the limit gets 413 and a reset with NO_ERROR (RFC 9113, 8.1: stop sending, keep
   * the answer), whether its length is declared or only its DATA tell, and the connection goes
   * on. Raw frames, not curl: curl 7.88 sometimes reports no status at all when the answer and
   * the reset arrive while it is still sending its body.
   */
  @Test
  void oversizedH2BodiesGet413AndAResetWithoutError() throws Exception {
    h2c(GatewayConfig.defaults().withHttp(GatewayConfig.HttpLimits.defaults()
        .withMaxBodyBytes(6000)), (kernel, gateway, s) -> {
      gateway.deploy("alpha", kernel.load("alpha", TestGuests.elf(TestGuests.answering("alpha"))),
          1, VmOptions.defaults(), 0);
      java.io.OutputStream out = s.getOutputStream();
      java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
      startPost(out, 10_000); // stream 1 declares 10,000 bytes
      out.write(frame(0, 0, 1, new byte[1000]));
      out.flush();
      assertRefused(out, in, 1);
      // stream 3 declares nothing; its DATA pass the limit
      java.io.ByteArrayOutputStream h = new java.io.ByteArrayOutputStream();
      h.write(new byte[] {(byte) 0x83, (byte) 0x86, 0x04, 3, '/', 'u', 'p', 0x01, 5});
      h.write("alpha".getBytes(StandardCharsets.US_ASCII));
      out.write(frame(1, 0x4, 3, h.toByteArray())); // END_HEADERS
      for (int i = 0; i < 7; i++) {
        out.write(frame(0, 0, 3, new byte[1000]));
      }
      out.flush();
      assertRefused(out, in, 3);
      assertThat(gateway.stats.bodyTooLarge.sum()).isEqualTo(2);
      assertThat(gateway.stats.snapshot()).containsEntry("refused_body_too_large", 2L);
      assertAlphaAnswers(out, in, 5); // the connection goes on
    });
  }

  /**
   * Reads frames until stream {@code id} is reset: it must have got HEADERS that end it (the
   * 413), then RST_STREAM with NO_ERROR; answers the server's SETTINGS on the way.
   */
  private static void assertRefused(java.io.OutputStream out, java.io.DataInputStream in, int id)
      throws IOException {
    List<Integer> types = new ArrayList<>();
    Frame reset = null;
    while (reset == null) {
      Frame f = Frame.read(in);
      if (f.stream() == id) {
        types.add(f.type());
        if (f.type() == 1) {
          assertThat(f.flags() & 1).as("the 413 ends stream %d", id).isEqualTo(1);
        } else if (f.type() == 3) {
          reset = f;
        }
      } else if (f.type() == 4 && (f.flags() & 1) == 0) {
        out.write(frame(4, 1, 0, new byte[0])); // SETTINGS ACK
        out.flush();
      }
    }
    assertThat(types).as("stream %d: HEADERS (the 413), then RST_STREAM", id)
        .containsExactly(1, 3);
    assertThat(reset.payload()).as("RST_STREAM NO_ERROR").containsExactly(0, 0, 0, 0);
  }

  /** A GET to alpha on stream {@code id} of the connection is answered "alpha". */
  private static void assertAlphaAnswers(java.io.OutputStream out, java.io.DataInputStream in,
      int id) throws IOException {
    java.io.ByteArrayOutputStream g = new java.io.ByteArrayOutputStream();
    g.write(new byte[] {(byte) 0x82, (byte) 0x86, (byte) 0x84, 0x01, 5}); // GET, http, /
    g.write("alpha".getBytes(StandardCharsets.US_ASCII));
    out.write(frame(1, 0x5, id, g.toByteArray())); // END_STREAM | END_HEADERS
    out.flush();
    String body = "";
    while (!body.contains("alpha")) {
      Frame f = Frame.read(in);
      if (f.stream() == id && f.type() == 0) {
        body += new String(f.payload(), StandardCharsets.US_ASCII);
      }
    }
    assertThat(body).isEqualTo("alpha\n");
  }

  /** One HTTP/2 frame: a 9-byte header and its payload. */
  /**
   * Writes the client preface, SETTINGS and, on stream 1, HEADERS (HPACK without Huffman:
   * :method POST, :scheme http, :path /up, :authority alpha, content-length {@code length}).
   */
  private static void startPost(java.io.OutputStream out, int length) throws IOException {
    preface(out);
    java.io.ByteArrayOutputStream h = new java.io.ByteArrayOutputStream();
    h.write(new byte[] {(byte) 0x83, (byte) 0x86, 0x04, 3, '/', 'u', 'p', 0x01, 5});
    h.write("alpha".getBytes(StandardCharsets.US_ASCII));
    byte[] digits = Integer.toString(length).getBytes(StandardCharsets.US_ASCII);
    h.write(new byte[] {0x0f, 13, (byte) digits.length}); // content-length, by its index
    h.write(digits);
    out.write(frame(1, 0x4, 1, h.toByteArray())); // END_HEADERS
  }

  /** An HTTP/2 frame as the raw h2c tests read it. */
  private record Frame(int type, int flags, int stream, byte[] payload) {
    static Frame read(java.io.DataInputStream in) throws IOException {
      int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
      int type = in.readUnsignedByte();
      int flags = in.readUnsignedByte();
      int stream = in.readInt() & 0x7fffffff;
      return new Frame(type, flags, stream, in.readNBytes(length));
    }
  }

  private static byte[] frame(int type, int flags, int stream, byte[] payload) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(9 + payload.length);
    b.put((byte) (payload.length >> 16)).put((byte) (payload.length >> 8))
        .put((byte) payload.length).put((byte) type).put((byte) flags).putInt(stream)
        .put(payload);
    return b.array();
  }

  @Test
  void aLargeH2BodyGoesToTheGuestAsItArrivesAndAnEarlyAnswerComesBeforeItsEnd()
      throws Exception {
    h2c(GatewayConfig.defaults()
        .withHttp(GatewayConfig.HttpLimits.defaults()), (kernel, gateway, s) -> {
      gateway.deploy("alpha", kernel.load("alpha", TestGuests.elf(TestGuests.answering("alpha"))),
          1, VmOptions.defaults(), 0);
      java.io.OutputStream out = s.getOutputStream();
      // POST /up to alpha, content-length 200000; then 3 DATA of 16,384 bytes (within the
      // stream's first window), and nothing more: read whole, it could not be answered
      startPost(out, 200_000);
      for (int i = 0; i < 3; i++) {
        out.write(frame(0, 0, 1, new byte[16_384]));
      }
      out.flush();
      java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
      String body = "";
      int status = -1;
      while (!body.contains("alpha")) {
        Frame f = Frame.read(in);
        if (f.stream() == 1 && f.type() == 1) {
          status = f.payload()[0] & 0xFF; // HPACK: 0x88 is ":status 200" from the static table
        } else if (f.stream() == 1 && f.type() == 0) {
          body += new String(f.payload(), StandardCharsets.US_ASCII);
        } else if (f.type() == 4 && (f.flags() & 1) == 0) {
          out.write(frame(4, 1, 0, new byte[0])); // SETTINGS ACK
        }
      }
      assertThat(status).as(":status 200").isEqualTo(0x88);
      assertThat(body).isEqualTo("alpha\n");
    });
  }

  private interface H2cBody {
    void run(Kernel kernel, Gateway gateway, java.net.Socket s) throws Exception;
  }

  /**
   * Runs {@code body} with a kernel of two workers, a cleartext gateway made from {@code config}
   * on a free loopback port, and a client socket to it (20 s read timeout).
   */
  private static void h2c(GatewayConfig config, H2cBody body) throws Exception {
    try (Kernel kernel = Kernel.start(KernelConfig.defaults().withWorkers(2));
        Gateway gateway = Gateway.start(kernel, config.withPort(0).withBind("127.0.0.1"));
        java.net.Socket s = new java.net.Socket("127.0.0.1", gateway.port())) {
      s.setSoTimeout(20_000);
      body.run(kernel, gateway, s);
    }
  }

  /** The client's connection preface and an empty SETTINGS frame. */
  private static void preface(java.io.OutputStream out) throws IOException {
    out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.write(frame(4, 0, 0, new byte[0])); // SETTINGS
  }

  /** alpha (one VM answering "alpha") and deaf ({@code deafVms} VMs that never answer). */
  private static void deployAlphaAndDeaf(Kernel kernel, Gateway gateway, int deafVms)
      throws Exception {
    gateway.deploy("alpha", kernel.load("alpha", TestGuests.elf(TestGuests.answering("alpha"))),
        1, VmOptions.defaults(), 0);
    gateway.deploy("deaf", kernel.load("deaf", TestGuests.elf(TestGuests.DEAF)), deafVms,
        VmOptions.defaults(), 0);
  }

  /** A GET of / from {@code authority} on {@code stream}, ending the stream. */
  private static byte[] get(int stream, String authority) throws IOException {
    java.io.ByteArrayOutputStream g = new java.io.ByteArrayOutputStream();
    g.write(new byte[] {(byte) 0x82, (byte) 0x86, (byte) 0x84, 0x01, (byte) authority.length()});
    g.write(authority.getBytes(StandardCharsets.US_ASCII)); // GET, http, /, :authority
    return frame(1, 0x5, stream, g.toByteArray()); // END_STREAM | END_HEADERS
  }

  @Test
  void streamsThatGetNoAnswerGet504EachAtItsOwnDeadlineWhileOthersAreAnswered()
      throws Exception {
    long timeout = 700;
    h2c(GatewayConfig.defaults()
        .withHttp(GatewayConfig.HttpLimits.defaults()
            .withRequestTimeout(java.time.Duration.ofMillis(timeout))), (kernel, gateway, s) -> {
      deployAlphaAndDeaf(kernel, gateway, 2);
      java.io.OutputStream out = s.getOutputStream();
      preface(out);
      long sent1 = System.nanoTime();
      out.write(get(1, "deaf"));
      out.write(get(3, "alpha"));
      out.flush();
      Thread.sleep(300);
      long sent5 = System.nanoTime();
      out.write(get(5, "deaf"));
      out.flush();
      java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
      java.util.Map<Integer, String> bodies = new java.util.LinkedHashMap<>();
      java.util.Map<Integer, Long> ended = new java.util.HashMap<>();
      while (ended.size() < 3) {
        Frame f = Frame.read(in);
        if (f.type() == 0 && f.stream() > 0) {
          bodies.merge(f.stream(), new String(f.payload(), StandardCharsets.US_ASCII),
              String::concat);
          if ((f.flags() & 1) != 0) {
            ended.put(f.stream(), System.nanoTime());
          }
        } else if (f.type() == 4 && (f.flags() & 1) == 0) {
          out.write(frame(4, 1, 0, new byte[0])); // SETTINGS ACK
          out.flush();
        }
      }
      assertThat(bodies.keySet()).as("the answered stream first").startsWith(3);
      assertThat(bodies.get(3)).isEqualTo("alpha\n");
      assertThat(bodies.get(1)).contains("did not answer in time");
      assertThat(bodies.get(5)).contains("did not answer in time");
      long ms = 1_000_000;
      assertThat(ended.get(1) - sent1).isGreaterThanOrEqualTo((timeout - 50) * ms);
      assertThat(ended.get(5) - sent5).as("stream 5 waited for its own deadline")
          .isGreaterThanOrEqualTo((timeout - 50) * ms);
      assertThat(gateway.stats.requestTimeouts.sum()).isEqualTo(2);
    });
  }

  @Test
  void streamsBeyondAFullServiceQueueWaitWithTheirConnectionInsteadOf503() throws Exception {
    h2c(GatewayConfig.defaults()
        .withHttp(GatewayConfig.HttpLimits.defaults().withQueue(1, 2)), (kernel, gateway, s) -> {
      gateway.deploy("alpha", kernel.load("alpha", TestGuests.elf(TestGuests.answering("alpha"))),
          1, VmOptions.defaults(), 0);
      java.io.OutputStream out = s.getOutputStream();
      preface(out);
      int streams = 40; // one VM taking one request at a time, two waiting: 37 beyond the queue
      for (int i = 0; i < streams; i++) {
        out.write(get(2 * i + 1, "alpha"));
      }
      out.flush();
      java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
      java.util.Map<Integer, String> bodies = new java.util.HashMap<>();
      int ended = 0;
      while (ended < streams) {
        Frame f = Frame.read(in);
        if (f.type() == 0 && f.stream() > 0) {
          bodies.merge(f.stream(), new String(f.payload(), StandardCharsets.US_ASCII),
              String::concat);
          ended += f.flags() & 1;
        } else if (f.type() == 4 && (f.flags() & 1) == 0) {
          out.write(frame(4, 1, 0, new byte[0])); // SETTINGS ACK
          out.flush();
        }
      }
      assertThat(bodies).hasSize(streams);
      assertThat(bodies.values()).as("every stream answered by the service, none with 503")
          .containsOnly("alpha\n");
      assertThat(gateway.stats.overLimit.sum()).isZero();
      assertThat(gateway.stats.pauses.sum()).as("some waited").isPositive();
    });
  }

  @Test
  void aStreamTheClientResetsLetsGoOfItsRequestAndTheConnectionGoesOn() throws Exception {
    h2c(GatewayConfig.defaults()
        .withHttp(GatewayConfig.HttpLimits.defaults()
            .withRequestTimeout(java.time.Duration.ofMillis(500))), (kernel, gateway, s) -> {
      deployAlphaAndDeaf(kernel, gateway, 1);
      java.io.OutputStream out = s.getOutputStream();
      preface(out);
      out.write(get(1, "deaf")); // routed to a VM that never answers
      out.flush();
      java.util.function.Supplier<ServiceInfo> deaf = () -> gateway.service("deaf", true);
      long until = System.nanoTime() + 10_000_000_000L;
      while (deaf.get().inFlight() == 0 && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      out.write(frame(3, 0, 1, new byte[] {0, 0, 0, 8})); // RST_STREAM (CANCEL)
      out.write(get(3, "alpha"));
      out.flush();
      java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
      String body = "";
      while (!body.contains("alpha")) {
        Frame f = Frame.read(in);
        assertThat(f.stream()).as("nothing more on the reset stream").isNotEqualTo(1);
        if (f.stream() == 3 && f.type() == 0) {
          body += new String(f.payload(), StandardCharsets.US_ASCII);
        } else if (f.type() == 4 && (f.flags() & 1) == 0) {
          out.write(frame(4, 1, 0, new byte[0])); // SETTINGS ACK
          out.flush();
        }
      }
      assertThat(body).isEqualTo("alpha\n");
      until = System.nanoTime() + 10_000_000_000L;
      while (deaf.get().abandoned() == 0 && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      assertThat(deaf.get().abandoned()).as("the reset request was let go").isEqualTo(1);
      assertThat(deaf.get().inFlight()).isZero();
      Thread.sleep(800); // past the request timeout: a request still held would get its 504
      assertThat(gateway.stats.requestTimeouts.sum()).isZero();
    });
  }

  @Test
  void aClientThatOpensAndResetsStreamsWithoutEndIsCutOffAndLeavesNothingBehind()
      throws Exception {
    h2c(GatewayConfig.defaults()
        .withHttp(GatewayConfig.HttpLimits.defaults()), (kernel, gateway, s) -> {
      deployAlphaAndDeaf(kernel, gateway, 1);
      java.io.OutputStream out = s.getOutputStream();
      preface(out);
      // the "rapid reset" attack: each stream's request is routed (to a VM that never answers)
      // and reset at once, so the client never holds more than one stream open
      java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
      for (int i = 0; i < 1000; i++) {
        burst.write(get(2 * i + 1, "deaf"));
        burst.write(frame(3, 0, 2 * i + 1, new byte[] {0, 0, 0, 8})); // RST_STREAM (CANCEL)
      }
      try {
        out.write(burst.toByteArray());
        out.flush();
      } catch (IOException closedMidway) {
        // the gateway may close before it has read all of it
      }
      java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
      boolean cutOff = false;
      try {
        while (!cutOff) {
          cutOff = Frame.read(in).type() == 7; // GOAWAY
        }
      } catch (java.net.SocketTimeoutException stillOpen) {
        // the connection went on: the assertion below fails
      } catch (IOException closed) {
        cutOff = true; // closed (or reset, taking the GOAWAY with it) before it was read
      }
      assertThat(cutOff).as("the codec's limit on resets ends the connection").isTrue();
      java.util.function.Supplier<ServiceInfo> deaf = () -> gateway.service("deaf", true);
      long until = System.nanoTime() + 10_000_000_000L;
      while ((deaf.get().inFlight() > 0 || deaf.get().queued() > 0)
          && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      assertThat(deaf.get().inFlight()).as("every reset request let go").isZero();
      assertThat(deaf.get().queued()).isZero();
      assertThat(curl("--http2-prior-knowledge", "-H", "Host: alpha",
          "http://127.0.0.1:" + gateway.port() + "/")).isEqualTo("alpha\n");
    });
  }

  @Test
  void aTrickledH2BodyGets408AndAResetWhileTheConnectionGoesOn() throws Exception {
    h2c(GatewayConfig.defaults()
        .withHeadTimeout(java.time.Duration.ofMillis(300))
        .withHttp(GatewayConfig.HttpLimits.defaults()
            .withRequestTimeout(java.time.Duration.ofMillis(700))), (kernel, gateway, s) -> {
      gateway.deploy("alpha", kernel.load("alpha", TestGuests.elf(TestGuests.answering("alpha"))),
          1, VmOptions.defaults(), 0);
      java.io.OutputStream out = s.getOutputStream();
      // POST /up to alpha, content-length 1000; then DATA of 5 bytes, and nothing more
      startPost(out, 1000);
      out.write(frame(0, 0, 1, "hello".getBytes(StandardCharsets.US_ASCII)));
      out.flush();
      java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
      List<Integer> stream1 = new ArrayList<>(); // frame types the server sends on stream 1
      while (!stream1.contains(3)) { // until RST_STREAM
        Frame f = Frame.read(in);
        if (f.stream() == 1) {
          stream1.add(f.type());
          if (f.type() == 1) {
            assertThat(f.flags() & 1).as("the 408 ends the stream").isEqualTo(1);
          }
        } else if (f.type() == 4 && (f.flags() & 1) == 0) {
          out.write(frame(4, 1, 0, new byte[0])); // SETTINGS ACK
        }
      }
      assertThat(stream1).as("HEADERS (the 408), then RST_STREAM").containsExactly(1, 3);
      assertThat(gateway.stats.headTimeout.sum()).as("408s").isEqualTo(1);
      assertAlphaAnswers(out, in, 3); // the connection goes on
    });
  }
}
