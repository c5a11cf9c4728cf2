package dev.denali.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.gateway.admin.AdminConfig;
import dev.denali.gateway.admin.AdminServer;
import dev.denali.kernel.Kernel;
import dev.denali.kernel.KernelConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API over HTTP: deploy, scale, list, control, metrics, and its errors. */
class AdminApiTest {
  private Kernel kernel;
  private Gateway gateway;
  private AdminServer admin;
  private static final String TOKEN = "test-token-0123456789";
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void boot() throws Exception {
    kernel = Kernel.start(KernelConfig.defaults().withWorkers(2));
    gateway = Gateway.start(kernel, GatewayConfig.defaults().withPort(0).withBind("127.0.0.1"));
    admin = AdminServer.start(gateway, AdminConfig.loopback(0, TOKEN));
  }

  @AfterEach
  void shutDown() throws Exception {
    admin.close();
    gateway.close();
    kernel.close();
  }

  private HttpResponse<String> call(String method, String path, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port()
        + path)).timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + TOKEN);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(body));
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> viaGateway(String host) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
        + "/")).header("Host", host).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void deployScaleInspectAndRemoveAService() throws Exception {
    HttpResponse<String> deployed = call("POST", "/services/ok?instances=2",
        TestGuests.elf(TestGuests.ONESHOT));
    assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
    assertThat(deployed.body()).contains("\"name\":\"ok\"").contains("\"vms\":[1,2]");
    assertThat(viaGateway("ok").body()).isEqualTo("ok\n");

    assertThat(call("POST", "/services/ok/scale?instances=5", null).body())
        .contains("\"vms\":[1,2,3,4,5]");
    assertThat(call("GET", "/vms?service=ok", null).body()).contains("\"id\":5")
        .contains("\"state\":\"idle\"");
    assertThat(call("GET", "/services", null).body()).contains("\"connections\":1");

    assertThat(call("POST", "/vms/3/stop", null).body()).contains("\"state\":\"stopped\"");
    assertThat(call("POST", "/vms/3/start", null).statusCode()).isEqualTo(200);
    assertThat(call("POST", "/vms/4/hibernate", null).body())
        .contains("\"state\":\"hibernated\"");

    PrometheusText metrics = PrometheusText.parse(call("GET", "/metrics", null).body());
    assertThat(metrics.type("denali_vms")).isEqualTo("gauge");
    assertThat(metrics.type("denali_service_connections")).isEqualTo("counter");
    assertThat(metrics.type("denali_wake_latency_microseconds")).isEqualTo("summary");
    assertThat(metrics.value("denali_service_instances", "service", "ok")).isEqualTo(5.0);
    assertThat(metrics.value("denali_service_connections_total", "service", "ok"))
        .isEqualTo(1.0);
    assertThat(metrics.value("denali_gateway_connections_routed_total")).isEqualTo(1.0);
    assertThat(metrics.value("denali_vms", "state", "hibernated")).isEqualTo(1.0);
    assertThat(metrics.value("denali_service_hibernations_total", "service", "ok"))
        .isEqualTo(1.0);
    assertThat(metrics.value("denali_service_hibernated_bytes", "service", "ok")).isPositive();
    assertThat(metrics.value("denali_service_resident_bytes", "service", "ok")).isPositive();
    assertThat(metrics.value("denali_service_vms_faulted", "service", "ok")).isEqualTo(0.0);
    assertThat(call("GET", "/stats", null).body()).contains("\"transport\":");

    assertThat(call("DELETE", "/services/ok", null).statusCode()).isEqualTo(200);
    assertThat(call("GET", "/services", null).body()).isEqualTo("[]\n");
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!kernel.list().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(kernel.list()).isEmpty();
  }

  @Test
  void badRequestsGetClearErrors() throws Exception {
    HttpResponse<String> junk = call("POST", "/services/x", "not an elf".getBytes());
    assertThat(junk.statusCode()).isEqualTo(422);
    assertThat(junk.body()).contains("not a loadable guest");
    assertThat(call("POST", "/services/Bad%20Name", TestGuests.elf(TestGuests.ECHO)).statusCode())
        .isEqualTo(400);
    assertThat(call("GET", "/nothing", null).statusCode()).isEqualTo(404);
    assertThat(call("GET", "/vms/77", null).statusCode()).isEqualTo(404);
    assertThat(call("POST", "/services/ok/scale", null).body()).contains("give ?instances=N");
    assertThat(call("GET", "/", null).body()).contains("Denali admin API");
  }

  /** Sends {@code head} (lines without the final blank line) raw; returns the response text. */
  private String raw(String head) throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", admin.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write((head.replace("\n", "\r\n") + "\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      return new String(s.getInputStream().readAllBytes(),
          java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void everyRequestNeedsTheTokenTheRightHostAndNoForeignOrigin() throws Exception {
    String host = "Host: 127.0.0.1:" + admin.port();
    String deploy = "POST /services/x?instances=1 HTTP/1.1\nContent-Length: 0\nConnection: close";
    // what a web page (or anyone on the machine) could send before
    assertThat(raw(deploy + "\n" + host + "\nOrigin: http://evil.example"
        + "\nContent-Type: text/plain")).startsWith("HTTP/1.1 403");
    assertThat(raw(deploy + "\n" + host)).startsWith("HTTP/1.1 401")
        .containsIgnoringCase("WWW-Authenticate: Bearer");
    assertThat(raw("GET /services HTTP/1.1\n" + host + "\nConnection: close"))
        .startsWith("HTTP/1.1 401");
    assertThat(raw("GET /services HTTP/1.1\n" + host
        + "\nAuthorization: Bearer wrong\nConnection: close")).startsWith("HTTP/1.1 401")
        .contains("wrong admin token");
    String auth = "\nAuthorization: Bearer " + TOKEN + "\nConnection: close";
    assertThat(raw("GET /services HTTP/1.1\n" + host + auth)).startsWith("HTTP/1.1 200");
    assertThat(raw("GET /services HTTP/1.1\nHost: localhost:" + admin.port() + auth))
        .startsWith("HTTP/1.1 200");
    // a page of another origin, even one that had the token; DNS rebinding
    assertThat(raw("GET /services HTTP/1.1\n" + host + auth + "\nOrigin: http://evil.example"))
        .startsWith("HTTP/1.1 403").contains("cross-origin");
    assertThat(raw("GET /services HTTP/1.1\n" + host + auth + "\nSec-Fetch-Site: cross-site"))
        .startsWith("HTTP/1.1 403");
    assertThat(raw("GET /services HTTP/1.1\nHost: evil.example:" + admin.port() + auth))
        .startsWith("HTTP/1.1 403").contains("does not answer to that Host");
    assertThat(raw("GET /services HTTP/1.0" + auth)).startsWith("HTTP/1.1 400")
        .contains("Host header is required");
    assertThat(kernel.list()).as("nothing was deployed").isEmpty();
  }

  /**
   * The dashboard's page and script come without the token (they hold no data) but with the
   * Host and cross-origin checks, never framed, running only their own script; anything else
   * under that name still needs the token.
   */
  @Test
  void theDashboardPageNeedsNoTokenButTheSameOriginAndCannotBeFramed() throws Exception {
    String host = "Host: 127.0.0.1:" + admin.port();
    String page = raw("GET /dashboard HTTP/1.1\n" + host + "\nConnection: close");
    assertThat(page).startsWith("HTTP/1.1 200").containsIgnoringCase("content-type: text/html")
        .containsIgnoringCase("X-Frame-Options: DENY")
        .containsIgnoringCase("Content-Security-Policy: default-src 'none'; script-src 'self';")
        .contains("<script src=\"dashboard.js\"></script>");
    assertThat(raw("GET /dashboard.js HTTP/1.1\n" + host + "\nConnection: close"))
        .startsWith("HTTP/1.1 200").containsIgnoringCase("content-type: text/javascript")
        .contains("textContent").doesNotContain("innerHTML");
    assertThat(raw("GET /dashboard HTTP/1.1\n" + host + "\nOrigin: http://evil.example"
        + "\nConnection: close")).startsWith("HTTP/1.1 403");
    assertThat(raw("GET /dashboard HTTP/1.1\nHost: evil.example:" + admin.port()
        + "\nConnection: close")).startsWith("HTTP/1.1 403");
    assertThat(raw("POST /dashboard HTTP/1.1\n" + host + "\nContent-Length: 0"
        + "\nConnection: close")).startsWith("HTTP/1.1 401");
    assertThat(raw("GET /dashboard/x HTTP/1.1\n" + host + "\nConnection: close"))
        .startsWith("HTTP/1.1 401");
  }

  @Test
  void offLoopbackOnlyWithTls() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AdminServer.start(gateway,
        AdminConfig.loopback(0, TOKEN).withBind("0.0.0.0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only with TLS");
  }

  @Test
  void servicePortsOnlyFromTheAllowedRange() throws Exception {
    HttpResponse<String> r = call("POST", "/services/x?port=22", TestGuests.elf(TestGuests.ECHO));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("port 22 is outside the ports services may use (1024-65535)");
    assertThat(kernel.list()).isEmpty();
  }

  @Test
  void inputsAreValidatedAndEveryRequestAnswered() throws Exception {
    byte[] elf = TestGuests.elf(TestGuests.ECHO);
    for (String bad : new String[] {"instances=-1", "instances=300000000",
        "instances=2147483648", "instances=x", "weight=0", "port=70000"}) {
      HttpResponse<String> r = call("POST", "/services/v?" + bad, elf);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(r.body()).as(bad).contains("\"error\"").doesNotContain("Capacity")
          .doesNotContain("Exception");
    }
    assertThat(call("GET", "/vms?limit=-5", null).body()).contains("limit=-5 is out of range");
    assertThat(call("GET", "/vms?state=bogus", null).body()).contains("is none of");
    assertThat(kernel.list()).isEmpty();
  }

  @Test
  void aDeployThatDoesNotFitLeavesNothingBehind() throws Exception {
    admin.close();
    gateway.close();
    kernel.close();
    byte[] elf = TestGuests.elf(TestGuests.SPIN);
    long perVm;
    kernel = Kernel.start(KernelConfig.defaults().withWorkers(1));
    perVm = kernel.load("probe", elf).memoryPerVm();
    kernel.close();
    kernel = Kernel.start(KernelConfig.defaults().withWorkers(1).withMemoryBudget(perVm * 3));
    gateway = Gateway.start(kernel, GatewayConfig.defaults().withPort(0).withBind("127.0.0.1"));
    admin = AdminServer.start(gateway, AdminConfig.loopback(0, TOKEN));

    HttpResponse<String> r = call("POST", "/services/many?instances=100", elf);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("memory budget");
    long deadline = System.nanoTime() + 10_000_000_000L; // one may be ending its first turn
    while (!kernel.list().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(kernel.list()).as("no orphan VMs").isEmpty();
    assertThat(kernel.stats().residentBytes()).isZero();
    assertThat(call("GET", "/services/many", null).statusCode()).isEqualTo(404);
    // and the budget is whole again: three fit
    assertThat(call("POST", "/services/many?instances=3", elf).statusCode()).isEqualTo(201);
    assertThat(call("POST", "/services/many/scale?instances=50", null).statusCode())
        .isEqualTo(400);
    deadline = System.nanoTime() + 10_000_000_000L;
    while (kernel.list().size() != 3 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(kernel.list()).hasSize(3);
  }

  @Test
  void aRunawayVmRestartsAfreshAndADestroyedOneIsReplaced() throws Exception {
    HttpResponse<String> r = call("POST", "/services/spin?instances=2",
        TestGuests.elf(TestGuests.SPIN));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    int first = gateway.service("spin", true).vms().get(0);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (kernel.info(first).retired() < 1_000_000 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(call("POST", "/vms/" + first + "/restart", null).statusCode()).isEqualTo(200);
    while (kernel.info(first).restarts() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(kernel.info(first).restarts()).as("a VM that never yields restarted").isEqualTo(1);

    assertThat(call("DELETE", "/vms/" + first, null).statusCode()).isEqualTo(200);
    while (gateway.service("spin", true).vms().contains(first)
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    ServiceInfo s = gateway.service("spin", true);
    assertThat(s.vms()).hasSize(2).doesNotContain(first);
    assertThat(s.replaced()).isEqualTo(1);
    assertThat(kernel.info(s.vms().get(0)).state()).isNotEqualTo(dev.denali.kernel.VmState.DESTROYED);
    // a scale down is not undone
    assertThat(call("POST", "/services/spin/scale?instances=1", null).statusCode())
        .isEqualTo(200);
    Thread.sleep(50);
    assertThat(gateway.service("spin", true).vms()).hasSize(1);
  }
}
