package dev.denali.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.asm.testing.ExternalTool;
import dev.denali.samples.Services;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code denali serve} with real clients (the JDK's, and curl where present), driven by the
 * {@code denali admin} commands over the admin API.
 */
class ServeAndAdminTest {
  @TempDir Path dir;

  private record Outcome(int status, String out, String err) {}

  private static Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(args, out, err);
    return new Outcome(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  /** Starts {@code denali serve ARGS} in the background; returns {gateway port, admin port}. */
  private static int[] serve(ByteArrayOutputStream out, String... args) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread t = new Thread(() -> Main.run(args, out, err));
    t.setDaemon(true);
    t.start();
    Pattern p = Pattern.compile("gateway: http://[^:]+:(\\d+)/ .*admin API: "
        + "http://127.0.0.1:(\\d+)/");
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < end) {
      String text = out.toString(StandardCharsets.UTF_8);
      Matcher m = p.matcher(text);
      if (text.contains("serving; Ctrl-C stops") && m.find()) {
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
      }
      Thread.sleep(10);
    }
    throw new AssertionError("serve did not start:\n" + out + err);
  }

  private static HttpResponse<String> get(int port, String host) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + port + "/")).header("Host", host).timeout(Duration.ofSeconds(20))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A service that prints a line for each request it answers. */
  private static final String TALKER = """
              .include "http.inc"
              .include "start.s"
              .include "lib.s"
              .include "net.s"
              .include "http.s"
              denali_settings memory=128K, stack=8K, service=talker
              net_config flows=8, bufsize=1024, outsize=2048
              .text
              .globl  main
      main:   la      a0, handle
              call    http_serve
      handle: addi    sp, sp, -16
              sw      ra, 12(sp)
              sw      a0, 8(sp)
              print_lit "answered a request\\n"
              lw      a0, 8(sp)
              li      a1, 200
              la      a2, http_text_plain
              la      a3, body
              li      a4, 3
              lw      ra, 12(sp)
              addi    sp, sp, 16
              tail    http_respond
              .rodata
      body:   .ascii  "ok\\n"
      """;

  @Test
  void logsShowEachVmsConsoleLinesAndFollowThem() throws Exception {
    Path talker = dir.resolve("talker.s");
    Files.writeString(talker, TALKER);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int[] ports = serve(out, "serve", "--port", "0", "--admin-port", "0", "--bind", "127.0.0.1",
        "-n", "2", "--duration", "60s", talker.toString());
    String admin = "http://127.0.0.1:" + ports[1];
    for (String host : List.of("1.talker", "1.talker", "2.talker")) {
      assertThat(get(ports[0], host).body()).isEqualTo("ok\n");
    }
    Outcome logs = run("admin", "--url", admin, "logs", "talker");
    assertThat(logs.status()).as(logs.err()).isZero();
    assertThat(logs.out()).isEqualTo("[vm 1] answered a request\n[vm 1] answered a request\n"
        + "[vm 2] answered a request\n");

    // following: what was there, then what comes, once each
    ByteArrayOutputStream followed = new ByteArrayOutputStream();
    Thread follower = new Thread(() -> Main.run(new String[] {"admin", "--url", admin, "logs",
        "talker", "-f", "--count", "120"}, followed, new ByteArrayOutputStream()));
    follower.setDaemon(true);
    follower.start();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!followed.toString(StandardCharsets.UTF_8).contains("[vm 2]")
        && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    assertThat(get(ports[0], "2.talker").body()).isEqualTo("ok\n");
    while (followed.toString(StandardCharsets.UTF_8).split("\\[vm 2\\]", -1).length < 3
        && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    assertThat(followed.toString(StandardCharsets.UTF_8)).isEqualTo(
        "[vm 1] answered a request\n[vm 1] answered a request\n[vm 2] answered a request\n"
        + "[vm 2] answered a request\n");

    Outcome none = run("admin", "--url", admin, "logs", "nosuch");
    assertThat(none.status()).isEqualTo(Main.EXIT_USER_ERROR);
    assertThat(none.err()).isEqualTo("denali: no service nosuch\n");
  }

  /**
   * Deploys, scales, removals and faults reach the operator as SLF4J events, written by the
   * command's backend (here to the file surefire names, on stderr for a user).
   */
  @Test
  void servicesAndFaultsAreLoggedAsEvents() throws Exception {
    Path crash = dir.resolve("crash.s");
    Files.writeString(crash, """
                .text
                .globl  _start
        _start: lw      a0, 0(zero)
        """);
    Path hello = dir.resolve("hello.elf");
    Files.write(hello, Services.elf("hello"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int[] ports = serve(out, "serve", "--port", "0", "--admin-port", "0", "--bind", "127.0.0.1",
        "--duration", "60s", crash.toString(), "greeter=" + hello);
    String admin = "http://127.0.0.1:" + ports[1];
    assertThat(run("admin", "--url", admin, "scale", "greeter", "3").status()).isZero();
    assertThat(run("admin", "--url", admin, "remove", "greeter").status()).isZero();
    Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "no-log-file"));
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(log),
        "the events go to stderr when the log file is not set (run by maven)");
    List<String> wanted = List.of("gateway - service crash deployed: 1 VM of crash",
        "gateway - service greeter deployed: 1 VM of greeter",
        "gateway - service greeter scaled from 1 to 3 VMs",
        "gateway - service greeter removed (3 VMs destroyed)");
    Pattern fault = Pattern.compile("WARN kernel - vm \\d+ \\(crash\\) faulted: .*; (restart 1"
        + " in \\d+ ms|stays faulted .*)");
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String text = "";
    while (System.nanoTime() < end) {
      text = Files.readString(log);
      String seen = text;
      if (wanted.stream().allMatch(seen::contains) && fault.matcher(text).find()) {
        break;
      }
      Thread.sleep(20);
    }
    assertThat(text).contains(wanted).containsPattern(fault);
  }

  /**
   * The dashboard in a real browser (headless Chromium): the address {@code denali admin
   * dashboard} prints shows the kernel, the services and the VMs as the API gives them.
   */
  @Test
  void theDashboardShowsTheServicesInABrowser() throws Exception {
    Path chromium = ExternalTool.require("chromium", "chromium");
    Path hello = dir.resolve("hello.elf");
    Files.write(hello, Services.elf("hello"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int[] ports = serve(out, "serve", "--port", "0", "--admin-port", "0", "--bind", "127.0.0.1",
        "-n", "2", "--duration", "60s", hello.toString());
    for (int i = 0; i < 3; i++) {
      assertThat(get(ports[0], "hello").statusCode()).isEqualTo(200);
    }
    Outcome dashboard = run("admin", "--url", "http://127.0.0.1:" + ports[1], "dashboard");
    assertThat(dashboard.status()).as(dashboard.err()).isZero();
    String address = dashboard.out().lines().findFirst().orElseThrow();
    assertThat(address).matches("http://127\\.0\\.0\\.1:\\d+/dashboard#token=\\S+");
    Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--user-data-dir=" + dir.resolve("chromium"),
        "--virtual-time-budget=5000", "--dump-dom", address)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(dom).contains("<td>hello</td><td>2</td>") // the service and its VMs
        .contains("<span>VMs 2 (2 idle)</span>")
        .containsPattern("<td>1</td><td>hello</td><td>idle</td><td>[0-9,]+</td>")
        .containsPattern("id=\"status\"[^>]*>updated ")
        .containsPattern("<div id=\"legend\"><span><i [^>]*></i>hello</span></div>");
    // a screenshot, kept as a build artefact (cli/target/dashboard.png)
    Path png = Path.of("target", "dashboard.png").toAbsolutePath();
    Files.deleteIfExists(png);
    Process shot = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--user-data-dir=" + dir.resolve("chromium"), "--window-size=1200,800",
        "--virtual-time-budget=5000", "--screenshot=" + png, address)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(shot.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(png).isNotEmptyFile();
  }

  /**
   * A manifest: {@code serve denali.yaml} runs what it declares, and {@code admin apply} makes a
   * running kernel what a changed one declares (a deploy, a rolling update with a scale, a
   * removal with --prune), and nothing more when applied again.
   */
  @Test
  void aManifestIsServedAndAppliedIdempotently() throws Exception {
    Files.write(dir.resolve("hello.elf"), Services.elf("hello"));
    Files.writeString(dir.resolve("talker.s"), TALKER);
    Path manifest = dir.resolve("denali.yaml");
    Files.writeString(manifest, """
        # what this kernel runs
        services:
          site:
            binary: hello.elf
            instances: 2
          talk:
            binary: talker.s
        """);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int[] ports = serve(out, "serve", "--port", "0", "--admin-port", "0", "--bind", "127.0.0.1",
        "--duration", "60s", manifest.toString());
    String admin = "http://127.0.0.1:" + ports[1];
    assertThat(get(ports[0], "2.site").body()).startsWith("Hello from Denali VM");
    assertThat(get(ports[0], "talk").body()).isEqualTo("ok\n");

    Files.writeString(manifest, """
        services:
          site:
            binary: talker.s
            instances: 3
          extra:
            binary: hello.elf
            weight: 2
        """);
    // clients keep asking site for its page while the apply replaces its binary
    java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger answered =
        new java.util.concurrent.atomic.AtomicInteger();
    List<String> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    List<Thread> clients = new java.util.ArrayList<>();
    for (int c = 0; c < 3; c++) {
      Thread t = new Thread(() -> {
        while (!stop.get()) {
          try {
            HttpResponse<String> r = get(ports[0], "site");
            if (r.statusCode() == 200) {
              answered.incrementAndGet();
            } else {
              failures.add("status " + r.statusCode());
            }
          } catch (Exception e) {
            failures.add(e.toString());
          }
        }
      });
      t.setDaemon(true);
      t.start();
      clients.add(t);
    }
    while (answered.get() < 50) {
      Thread.sleep(5);
    }
    Outcome apply = run("admin", "--url", admin, "apply", manifest.toString());
    int atApply = answered.get();
    while (answered.get() < atApply + 50) {
      Thread.sleep(5);
    }
    stop.set(true);
    for (Thread t : clients) {
      t.join(30_000);
    }
    assertThat(failures).as("requests that failed during the apply").isEmpty();
    assertThat(apply.status()).as(apply.err()).isZero();
    assertThat(apply.out()).isEqualTo("site: updated to the new binary (rolling, VM by VM),"
        + " scaled from 2 to 3 VMs\nextra: deployed, 1 VMs\n"
        + "talk: not in the manifest, left running (--prune removes it)\n");
    for (String host : List.of("1.site", "2.site", "3.site", "talk")) {
      assertThat(get(ports[0], host).body()).isEqualTo("ok\n");
    }
    assertThat(get(ports[0], "extra").body()).startsWith("Hello from Denali VM");

    Outcome again = run("admin", "--url", admin, "apply", "--prune", manifest.toString());
    assertThat(again.status()).as(again.err()).isZero();
    assertThat(again.out()).isEqualTo("site: unchanged\nextra: unchanged\ntalk: removed\n");
    assertThat(get(ports[0], "talk").statusCode()).isEqualTo(404);

    Files.writeString(manifest, "services:\n  site:\n    binary: talker.s\n    instance: 3\n");
    Outcome bad = run("admin", "--url", admin, "apply", manifest.toString());
    assertThat(bad.status()).isEqualTo(Main.EXIT_USER_ERROR);
    assertThat(bad.err()).contains("service site: unknown setting 'instance' (known: binary,"
        + " disk, instances, restarts, weight)");
    Files.writeString(manifest, "services: [\n");
    Outcome broken = run("serve", "--port", "0", "--admin-port", "0", manifest.toString());
    assertThat(broken.status()).isEqualTo(Main.EXIT_USER_ERROR);
    assertThat(broken.err()).startsWith("denali serve: " + manifest + ": not valid YAML: ")
        .contains("line 2, column 1").hasLineCount(1);
  }

  /** {@code admin update} replaces a running service's binary, VM by VM, keeping its name. */
  @Test
  void updateReplacesAServicesBinaryInPlace() throws Exception {
    Path hello = dir.resolve("hello.elf");
    Files.write(hello, Services.elf("hello"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int[] ports = serve(out, "serve", "--port", "0", "--admin-port", "0", "--bind", "127.0.0.1",
        "-n", "2", "--duration", "60s", "site=" + hello);
    String admin = "http://127.0.0.1:" + ports[1];
    assertThat(get(ports[0], "site").body()).startsWith("Hello from Denali VM");
    Path talker = dir.resolve("talker.s");
    Files.writeString(talker, TALKER);
    Outcome update = run("admin", "--url", admin, "update", "site", talker.toString());
    assertThat(update.status()).as(update.err()).isZero();
    assertThat(update.out()).contains("\"name\":\"site\"").contains("\"vms\":[3,4]");
    for (String host : List.of("1.site", "2.site")) {
      assertThat(get(ports[0], host).body()).isEqualTo("ok\n");
    }
    Outcome none = run("admin", "--url", admin, "update", "nosuch", talker.toString());
    assertThat(none.status()).isEqualTo(Main.EXIT_USER_ERROR);
    assertThat(none.err()).contains("no service nosuch");
  }

  @Test
  void serveDeploysServicesThatClientsAndTheAdminCommandsReach() throws Exception {
    Path hello = dir.resolve("hello.elf");
    Files.write(hello, Services.elf("hello"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int[] ports = serve(out, "serve", "--port", "0", "--admin-port", "0", "--bind", "127.0.0.1",
        "-n", "3", "--duration", "60s", hello.toString(), "hi=" + hello);
    int port = ports[0];
    String admin = "http://127.0.0.1:" + ports[1];
    assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("hello +3 VMs")
        .containsPattern("hi +3 VMs");

    HttpResponse<String> r = get(port, "hello");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("Hello from Denali VM");
    assertThat(get(port, "2.hi").body()).isEqualTo("Hello from Denali VM 5\n");

    Outcome services = run("admin", "--url", admin, "services", "--json");
    assertThat(services.status()).as(services.err()).isZero();
    assertThat(services.out()).contains("\"name\":\"hello\"").contains("\"name\":\"hi\"");
    assertThat(run("admin", "--url", admin, "scale", "hi", "5").out())
        .contains("\"vms\":[4,5,6,7,8]");
    assertThat(run("admin", "--url", admin, "deploy", "third", hello.toString(), "2").out())
        .contains("\"name\":\"third\"");
    assertThat(get(port, "third").body()).startsWith("Hello from Denali VM");
    assertThat(run("admin", "--url", admin, "stop", "1").out()).contains("\"state\":");
    assertThat(run("admin", "--url", admin, "restart", "2").out()).contains("\"restarts\":1");
    assertThat(run("admin", "--url", admin, "vms", "third").out()).contains("\"id\":9")
        .contains("\"id\":10");
    assertThat(run("admin", "--url", admin, "metrics").out())
        .contains("denali_service_instances{service=\"hi\"} 5");
    assertThat(run("admin", "--url", admin, "top", "--count", "2").out())
        .containsPattern("hi +5 ").contains("INSTRUCTIONS").contains("VMs 10 (");
    assertThat(run("admin", "--url", admin, "remove", "third").status()).isZero();
    Outcome missing = run("admin", "--url", admin, "service", "third");
    assertThat(missing.status()).isEqualTo(Main.EXIT_USER_ERROR);
    assertThat(missing.err()).isEqualTo("denali: no service third\n");

    Path curl = ExternalTool.require("curl", "curl");
    Process p = new ProcessBuilder(curl.toString(), "-s", "-H", "Host: 3.hello",
        "http://127.0.0.1:" + port + "/").redirectErrorStream(true).start();
    String body = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    assertThat(body).isEqualTo("Hello from Denali VM 3\n");
    // HEAD, in both HTTP versions: the length of the answer hello gives a GET, no body (hello
    // takes HTTP messages and answers HEAD as GET; the gateway keeps the length only)
    for (String version : new String[] {"--http1.1", "--http2-prior-knowledge"}) {
      Process head = new ProcessBuilder(curl.toString(), "-sS", "-I", version, "-H",
          "Host: 3.hello", "http://127.0.0.1:" + port + "/").redirectErrorStream(true).start();
      String answer = new String(head.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(head.waitFor()).as(answer).isZero();
      assertThat(answer).as(version).containsIgnoringCase("content-length: 23\r\n")
          .endsWith("\r\n\r\n");
    }
  }

  /**
   * Runs {@code denali ARGS} as {@code main} does: into auto-flushing writers that are not
   * flushed afterwards, so whatever the command leaves unflushed is lost, as it is when the
   * JVM exits.
   */
  private static Outcome runAsMain(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Outcome(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void adminPrintsTheServersErrorsAndServicesAsATable() throws Exception {
    Path hello = dir.resolve("hello.elf");
    Files.write(hello, Services.elf("hello"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int[] ports = serve(out, "serve", "--port", "0", "--admin-port", "0", "--bind", "127.0.0.1",
        "-n", "3", "--duration", "60s", hello.toString());
    String admin = "http://127.0.0.1:" + ports[1];

    Map<List<String>, String> errors = Map.of(
        List.of("deploy", "hello", hello.toString()),
        "service hello is already deployed (scale it, or remove it first)",
        List.of("scale", "nosuch", "3"), "no service nosuch",
        List.of("remove", "nosuch"), "no service nosuch",
        List.of("vm", "9999"), "no VM 9999",
        List.of("destroy", "9999"), "no VM 9999");
    for (Map.Entry<List<String>, String> e : errors.entrySet()) {
      List<String> args = new ArrayList<>(List.of("admin", "--url", admin));
      args.addAll(e.getKey());
      Outcome r = runAsMain(args.toArray(String[]::new));
      assertThat(r.status()).as("%s", e.getKey()).isEqualTo(Main.EXIT_USER_ERROR);
      assertThat(r.err()).as("%s", e.getKey()).isEqualTo("denali: " + e.getValue() + "\n");
      assertThat(r.out()).isEmpty();
    }

    assertThat(runAsMain("admin", "--url", admin, "scale", "hello", "500").status()).isZero();
    Outcome table = runAsMain("admin", "--url", admin, "services");
    assertThat(table.status()).as(table.err()).isZero();
    List<String> lines = table.out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).containsSubsequence("SERVICE", "INSTANCES", "REACHED BY", "MEMORY",
        "CONNECTIONS", "VMS BY STATE");
    assertThat(lines.get(1)).startsWith("hello ").contains(" 500 ").contains("Host: hello")
        .containsPattern(" KiB|MiB").containsPattern("[0-9,]+ (idle|runnable|running|created)")
        .hasSizeLessThan(160);
    Outcome raw = runAsMain("admin", "--url", admin, "services", "--json");
    assertThat(raw.status()).isZero();
    assertThat(raw.out()).startsWith("[{\"name\":\"hello\"").contains("\"vms\":[1,2,3,");
  }

  @Test
  void adminWithoutAServerSaysSo() throws IOException {
    Outcome r = run("admin", "--url", "http://127.0.0.1:1", "services");
    assertThat(r.status()).isEqualTo(Main.EXIT_USER_ERROR);
    assertThat(r.err()).contains("nothing answers at http://127.0.0.1:1");
    assertThat(run("admin", "frobnicate").status()).isEqualTo(Main.EXIT_USAGE);
  }

  @Test
  void theDemoBootsLoadsSummarizesAndExits() {
    Outcome r = run("demo", "--vms", "300", "--seconds", "2", "--warmup", "1", "--port", "0",
        "--admin-port", "0", "--connections", "8", "--exit");
    assertThat(r.status()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("hello:   300 VMs started").contains("summary")
        .containsPattern("requests\\s+[0-9,]+ in [0-9.]+ s: [0-9,]+ req/s, 0 errors")
        .contains("curl -H 'Host: hello'")
        // the same port serves TLS with a self-signed certificate the demo made
        .containsPattern("hello +GET +https://localhost:[0-9]+/ -> 200  HTTP/1.1 over TLS")
        .containsPattern("TLS on the same port: curl --http2 --cacert \\S+gateway.crt");
  }
}
