package dev.denali.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.kernel.Binary;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway with real TCP clients: routing, errors, limits, faults, backpressure. */
class GatewayTest {
  private Kernel kernel;
  private Gateway gateway;

  @BeforeEach
  void boot() throws Exception {
    kernel = Kernel.start(KernelConfig.defaults().withWorkers(2).withNicQueueBytes(64 << 10));
    gateway = Gateway.start(kernel, GatewayConfig.defaults().withPort(0).withBind("127.0.0.1")
        .withHeadTimeout(Duration.ofMillis(300)).withMaxConnectionsPerService(50));
  }

  @AfterEach
  void shutDown() throws Exception {
    gateway.close();
    kernel.close();
  }

  private Binary load(String name, String source) throws Exception {
    return kernel.load(name, TestGuests.elf(source));
  }

  private HttpResponse<String> get(String host, String path) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
        + path)).header("Host", host).timeout(Duration.ofSeconds(20)).build();
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(req, HttpResponse.BodyHandlers.ofString());
  }

  /** Sends raw bytes on a new connection and returns everything read until the server closes. */
  private String raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", gateway.port())) {
      s.setSoTimeout(20_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void theHostHeaderPicksTheService() throws Exception {
    gateway.deploy("ok", load("ok", TestGuests.ONESHOT), 3, VmOptions.defaults(), 0);
    gateway.deploy("echo", load("echo", TestGuests.ECHO), 1, VmOptions.defaults(), 0);
    for (String host : new String[] {"ok", "ok.localhost", "2.ok.example.com"}) {
      HttpResponse<String> r = get(host, "/");
      assertThat(r.statusCode()).as(host).isEqualTo(200);
      assertThat(r.body()).isEqualTo("ok\n");
    }
    String missing = raw("GET / HTTP/1.1\r\nHost: nothere\r\n\r\n");
    assertThat(missing).startsWith("HTTP/1.1 404 Not Found")
        .as("a public error page names no other service").doesNotContain("echo");
    assertThat(gateway.service("ok", true).connections()).isEqualTo(3);
  }

  @Test
  void newConnectionsGoToTheVmWithFewerOpenOnes() throws Exception {
    gateway.deploy("echo", load("echo", TestGuests.ECHO), 2, VmOptions.defaults(), 0);
    int first = gateway.service("echo", true).vms().get(0);
    int second = gateway.service("echo", true).vms().get(1);
    java.util.List<Socket> held = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) { // idle keep-alive clients all on instance 1
        held.add(openTo(i < 4 ? "1.echo" : "echo"));
      }
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (gateway.flows() < 6 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(gateway.flows.openFlows(first)).isEqualTo(4);
      assertThat(gateway.flows.openFlows(second)).as("the two without an instance").isEqualTo(2);
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  /** A connection that sent one request head to {@code host} and stays open. */
  private Socket openTo(String host) throws IOException {
    Socket s = new Socket("127.0.0.1", gateway.port());
    s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
    return s;
  }

  @Test
  void headsThatCannotBeRoutedSafelyAreRefused() throws Exception {
    gateway.deploy("ok", load("ok", TestGuests.ONESHOT), 3, VmOptions.defaults(), 0);
    gateway.deploy("echo", load("echo", TestGuests.ECHO), 1, VmOptions.defaults(), 0);
    String twoHosts = raw("GET / HTTP/1.1\r\nHost: ok\r\nHost: echo\r\n\r\n");
    assertThat(twoHosts).startsWith("HTTP/1.1 400 Bad Request").contains("more than one Host");
    String junk = raw("\u0001\u0002 junk\r\n\r\n");
    assertThat(junk).startsWith("HTTP/1.1 400 Bad Request").doesNotContain("null")
        .doesNotContain("echo");
    for (String host : new String[] {"4.ok", "99999.ok", "0.ok"}) {
      String r = raw("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
      assertThat(r).as(host).startsWith("HTTP/1.1 404").contains("no such instance");
    }
    assertThat(get("3.ok", "/").statusCode()).isEqualTo(200);
    assertThat(gateway.service("ok", true).connections()).isEqualTo(1);
  }

  @Test
  void aServiceOnItsOwnPortCarriesAnyTcpStream() throws Exception {
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      int port = probe.getLocalPort();
      probe.close();
      gateway.deploy("echo", load("echo", TestGuests.ECHO), 1, VmOptions.defaults(), port);
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(20_000);
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        byte[] big = new byte[100_000];
        for (int i = 0; i < big.length; i++) {
          big[i] = (byte) (i * 31);
        }
        out.write(big);
        byte[] back = in.readNBytes(big.length);
        assertThat(back).isEqualTo(big);
      }
    }
  }

  @Test
  void aHibernatedVmWakesForAClientAndAnswers() throws Exception {
    gateway.deploy("ok", load("ok", TestGuests.ONESHOT), 1, VmOptions.defaults(), 0);
    int vm = gateway.service("ok", true).vms().get(0);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (kernel.info(vm).state() != dev.denali.kernel.VmState.IDLE
        && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    assertThat(kernel.hibernate(vm)).isTrue();
    assertThat(kernel.info(vm).state()).isEqualTo(dev.denali.kernel.VmState.HIBERNATED);
    HttpResponse<String> r = get("ok", "/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok\n");
    assertThat(kernel.stats().restores()).isEqualTo(1);
  }

  @Test
  void aServicePortInUseIsRefusedCleanly() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
      Binary b = load("echo", TestGuests.ECHO);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> gateway.deploy("echo", b, 1,
          VmOptions.defaults(), taken.getLocalPort()))
          .isInstanceOf(dev.denali.kernel.KernelException.class)
          .hasMessageContaining("cannot listen on port " + taken.getLocalPort());
      assertThat(gateway.services()).isEmpty();
      long deadline = System.nanoTime() + 10_000_000_000L; // one may be ending its first turn
      while (kernel.list().stream().anyMatch(v -> v.state() != dev.denali.kernel.VmState.DESTROYED)
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(kernel.list()).allSatisfy(v -> assertThat(v.state())
          .isEqualTo(dev.denali.kernel.VmState.DESTROYED));
    }
  }

  @Test
  void oversizedAndSlowHeadsAreRefused() throws Exception {
    gateway.deploy("ok", load("ok", TestGuests.ONESHOT), 1, VmOptions.defaults(), 0);
    String huge = "GET / HTTP/1.1\r\nHost: ok\r\nX-Pad: " + "a".repeat(10_000) + "\r\n\r\n";
    assertThat(raw(huge)).startsWith("HTTP/1.1 431 ");
    assertThat(raw("GET / HTTP/1.1\r\nHost: ok\r\n")).startsWith("HTTP/1.1 408 ");
    assertThat(gateway.stats().snapshot()).containsEntry("refused_head_too_large", 1L)
        .containsEntry("refused_head_timeout", 1L);
    assertThat(get("ok", "/").statusCode()).isEqualTo(200);
  }

  @Test
  void aVmThatFaultsBeforeAnsweringGivesBadGatewayAndOthersGoOn() throws Exception {
    gateway.deploy("bad", load("bad", TestGuests.FAULT_AT_ONCE), 1, VmOptions.defaults(), 0);
    gateway.deploy("ok", load("ok", TestGuests.ONESHOT), 1, VmOptions.defaults(), 0);
    String r = raw("GET / HTTP/1.1\r\nHost: bad\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 502 Bad Gateway");
    assertThat(get("ok", "/").body()).isEqualTo("ok\n");
    assertThat(raw("GET / HTTP/1.1\r\nHost: bad\r\n\r\n")).startsWith("HTTP/1.1 503 ");
    assertThat(gateway.service("bad", true).badGateway()).isEqualTo(1);
  }

  @Test
  void aVmThatFaultsMidResponseClosesThatConnectionOnly() throws Exception {
    gateway.deploy("half", load("half", TestGuests.FAULT_MID_RESPONSE), 1, VmOptions.defaults(),
        0);
    gateway.deploy("ok", load("ok", TestGuests.ONESHOT), 1, VmOptions.defaults(), 0);
    try (Socket slow = new Socket("127.0.0.1", gateway.port())) {
      slow.getOutputStream().write("GET / HTTP/1.1\r\nHost: ok\r\n"
          .getBytes(StandardCharsets.US_ASCII)); // a second client, mid-request meanwhile
      String r = raw("GET / HTTP/1.1\r\nHost: half\r\n\r\n");
      // the client sees the start of the response, then the end of the connection: with 7 of
      // the 100 promised bytes, it knows the response is incomplete
      assertThat(r).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
      slow.getOutputStream().write("\r\n".getBytes(StandardCharsets.US_ASCII));
      slow.setSoTimeout(20_000);
      String other = new String(slow.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(other).startsWith("HTTP/1.1 200 OK").endsWith("ok\n");
    }
    assertThat(gateway.service("half", true).badGateway()).isEqualTo(1);
  }

  @Test
  void aGuestThatDoesNotReadMakesTheGatewayStopReadingNotBuffer() throws Exception {
    gateway.deploy("deaf", load("deaf", TestGuests.DEAF), 1, VmOptions.defaults(), 0);
    int vm = gateway.service("deaf", true).vms().get(0);
    try (Socket s = new Socket("127.0.0.1", gateway.port())) {
      OutputStream out = s.getOutputStream();
      out.write("POST / HTTP/1.1\r\nHost: deaf\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      Thread writer = new Thread(() -> {
        byte[] chunk = new byte[64 << 10];
        try {
          for (int i = 0; i < 256; i++) {
            out.write(chunk); // 16 MiB: far more than any buffer; blocks when TCP fills
          }
        } catch (IOException closed) {
          // the test ends by closing the socket
        }
      });
      writer.setDaemon(true);
      writer.start();
      Thread.sleep(500);
      assertThat(kernel.queuedBytes(vm)).isLessThanOrEqualTo(64 << 10);
      assertThat(gateway.stats().snapshot().get("backpressure_pauses")).isPositive();
      assertThat(writer.isAlive()).as("the client is blocked by TCP flow control").isTrue();
    }
  }

  @Test
  void theConnectionLimitPerServiceHolds() throws Exception {
    gateway.deploy("deaf", load("deaf", TestGuests.DEAF), 1, VmOptions.defaults(), 0);
    Socket[] held = new Socket[50];
    try {
      for (int i = 0; i < held.length; i++) {
        held[i] = new Socket("127.0.0.1", gateway.port());
        held[i].getOutputStream().write("GET / HTTP/1.1\r\nHost: deaf\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
      }
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (gateway.service("deaf", true).activeConnections() < 50
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(raw("GET / HTTP/1.1\r\nHost: deaf\r\n\r\n")).startsWith("HTTP/1.1 503 ");
    } finally {
      for (Socket s : held) {
        if (s != null) {
          s.close();
        }
      }
    }
  }

  @Test
  void clientsThatHangUpMidRequestCloseTheirFlows() throws Exception {
    gateway.deploy("echo", load("echo", TestGuests.ECHO), 1, VmOptions.defaults(), 0);
    for (int i = 0; i < 20; i++) {
      try (Socket s = new Socket("127.0.0.1", gateway.port())) {
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: echo\r\n\r\nhalf a bo"
            .getBytes(StandardCharsets.US_ASCII));
      }
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while ((gateway.stats().snapshot().get("connections_accepted") < 20 || gateway.flows() > 0
        || gateway.stats().snapshot().get("connections_active") > 0)
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(gateway.flows()).isZero();
    assertThat(gateway.stats().snapshot()).containsEntry("connections_active", 0L);
  }
}
