package dev.denali.gateway;

import static org.assertj.core.api.Assertions.assertThat;

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
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void boot() throws Exception {
    kernel = Kernel.start(KernelConfig.defaults().withWorkers(2));
    gateway = Gateway.start(kernel, GatewayConfig.defaults().withPort(0).withBind("127.0.0.1"));
    admin = AdminServer.start(gateway, "127.0.0.1", 0);
  }

  @AfterEach
  void shutDown() throws Exception {
    admin.close();
    gateway.close();
    kernel.close();
  }

  private HttpResponse<String> call(String method, String path, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port()
        + path)).timeout(Duration.ofSeconds(20));
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

    String metrics = call("GET", "/metrics", null).body();
    assertThat(metrics).contains("# TYPE denali_vms gauge")
        .contains("denali_service_instances{service=\"ok\"} 5")
        .contains("denali_service_connections_total{service=\"ok\"} 1")
        .contains("denali_gateway_connections_routed_total 1")
        .contains("denali_vms{state=\"hibernated\"} 1");
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
}
