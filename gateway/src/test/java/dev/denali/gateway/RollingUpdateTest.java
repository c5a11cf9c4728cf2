package dev.denali.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.denali.kernel.Kernel;
import dev.denali.kernel.KernelConfig;
import dev.denali.kernel.VmOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rolling update under load: clients keep sending requests while every VM of the service is
 * replaced by one of the new binary, and none of them fails.
 */
class RollingUpdateTest {
  private Kernel kernel;
  private Gateway gateway;

  @BeforeEach
  void boot() throws Exception {
    kernel = Kernel.start(KernelConfig.defaults().withWorkers(2));
    gateway = Gateway.start(kernel, GatewayConfig.defaults().withPort(0).withBind("127.0.0.1")
        .withHttp(GatewayConfig.HttpLimits.defaults()));
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

  @Test
  void everyRequestIsAnsweredWhileTheServiceIsReplacedVmByVm() throws Exception {
    gateway.deploy("svc", kernel.load("svc", TestGuests.elf(TestGuests.answering("v1"))), 4,
        VmOptions.defaults(), 0);
    List<Integer> before = gateway.service("svc", true).vms();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger answered = new AtomicInteger();
    Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    Set<String> bodies = ConcurrentHashMap.newKeySet();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      Thread t = new Thread(() -> {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + gateway.port() + "/")).header("Host", "svc").timeout(Duration.ofSeconds(20))
            .build();
        while (!stop.get()) {
          try {
            HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
              bodies.add(r.body());
              answered.incrementAndGet();
            } else {
              failures.computeIfAbsent("status " + r.statusCode(), k -> new AtomicInteger())
                  .incrementAndGet();
            }
          } catch (IOException e) {
            failures.computeIfAbsent(e.toString(), k -> new AtomicInteger()).incrementAndGet();
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      t.setDaemon(true);
      t.start();
      clients.add(t);
    }
    while (answered.get() < 200) {
      Thread.sleep(5);
    }
    ServiceInfo updated = gateway.update("svc",
        kernel.load("svc", TestGuests.elf(TestGuests.answering("v2"))));
    int atUpdate = answered.get();
    while (answered.get() < atUpdate + 200) {
      Thread.sleep(5);
    }
    stop.set(true);
    for (Thread t : clients) {
      t.join(30_000);
    }
    assertThat(failures).as("requests that failed during the update").isEmpty();
    assertThat(bodies).containsExactlyInAnyOrder("v1\n", "v2\n");
    assertThat(updated.vms()).hasSize(4).doesNotContainAnyElementsOf(before);
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 1; i <= 4; i++) { // every instance runs the new binary
      assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + gateway.port() + "/")).header("Host", i + ".svc").build(),
          HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("v2\n");
    }
    long end = System.nanoTime() + 10_000_000_000L; // a destroy completes after a turn
    while (kernel.list().stream().anyMatch(v -> before.contains(v.id())
        && v.state() != dev.denali.kernel.VmState.DESTROYED) && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    assertThat(kernel.list()).as("the old VMs are gone").noneMatch(v -> before.contains(v.id())
        && v.state() != dev.denali.kernel.VmState.DESTROYED);
  }

  /**
   * An update waits for the old VM to answer what it has; meanwhile the admin API keeps
   * answering (the dashboard, top and Prometheus scrapes do not stall behind it).
   */
  @Test
  void theAdminApiAnswersWhileAnUpdateWaitsForAVm() throws Exception {
    gateway.close();
    gateway = Gateway.start(kernel, GatewayConfig.defaults().withPort(0).withBind("127.0.0.1")
        .withHttp(GatewayConfig.HttpLimits.defaults()
            .withRequestTimeout(Duration.ofMillis(2500))));
    gateway.deploy("slow", kernel.load("slow", TestGuests.elf(TestGuests.SINK)), 1,
        VmOptions.defaults(), 0);
    HttpClient http = HttpClient.newHttpClient();
    var held = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + gateway.port() + "/")).header("Host", "slow").build(),
        HttpResponse.BodyHandlers.ofString()); // the VM takes it and never answers
    while (gateway.service("slow", true).inFlight() == 0) {
      Thread.sleep(5);
    }
    try (dev.denali.gateway.admin.AdminServer admin = dev.denali.gateway.admin.AdminServer.start(
        gateway, dev.denali.gateway.admin.AdminConfig.loopback(0, "token"))) {
      String api = "http://127.0.0.1:" + admin.port();
      var update = http.sendAsync(HttpRequest.newBuilder(URI.create(api
          + "/services/slow/update")).header("Authorization", "Bearer token")
          .POST(HttpRequest.BodyPublishers.ofByteArray(TestGuests.elf(
              TestGuests.answering("v2")))).build(), HttpResponse.BodyHandlers.ofString());
      Thread.sleep(300); // the update has begun and waits for the held request
      HttpResponse<String> stats = http.send(HttpRequest.newBuilder(URI.create(api + "/stats"))
          .header("Authorization", "Bearer token").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(stats.statusCode()).isEqualTo(200);
      assertThat(update).as("the update still waits for the old VM").isNotDone();
      assertThat(update.get().statusCode()).isEqualTo(200);
      assertThat(held.get().statusCode()).isEqualTo(504);
    }
  }

  @Test
  void anUpdateOfNothingOrThatChangesHowTheServiceTakesHttpIsRefused() throws Exception {
    gateway.deploy("svc", kernel.load("svc", TestGuests.elf(TestGuests.answering("v1"))), 1,
        VmOptions.defaults(), 0);
    List<Integer> before = gateway.service("svc", true).vms();
    assertThatThrownBy(() -> gateway.update("nosuch", kernel.load("x",
        TestGuests.elf(TestGuests.answering("v2"))))).hasMessageContaining("no service");
    byte[] messages = dev.denali.emu.semantics.Guest.elf(TestGuests.answering("v2"),
        Map.of("memory", "128K", "http", "message"));
    assertThatThrownBy(() -> gateway.update("svc", kernel.load("svc", messages)))
        .hasMessageContaining("remove the service and deploy it again");
    assertThat(gateway.service("svc", true).vms()).isEqualTo(before);
  }
}
