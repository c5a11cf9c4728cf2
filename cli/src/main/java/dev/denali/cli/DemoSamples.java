package dev.denali.cli;

import dev.denali.emu.Disk;
import dev.denali.gateway.GatewayConfig;
import dev.denali.gateway.SelfSignedTls;
import dev.denali.samples.Services;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The demo's other samples: static (with its site on a disk), kv (with a fresh disk), compute. */
final class DemoSamples {
  private DemoSamples() {}

  /** Blocks of the kv store's disk: 4 MiB. */
  static final int KV_BLOCKS = 1024;

  static void deployOthers(Server server, Path scratch, PrintWriter out) throws Exception {
    for (String name : Services.available()) {
      if (name.equals("hello")) {
        continue;
      }
      Path disk = null;
      byte[] image = Services.diskImage(name);
      if (image != null) {
        disk = scratch.resolve(name + ".img");
        Files.write(disk, image);
      } else if (name.equals("kv")) {
        disk = scratch.resolve("kv.img");
        Files.write(disk, new byte[KV_BLOCKS * Disk.BLOCK]);
      }
      server.deploy(name, Services.elf(name), 1, Server.serviceOptions(disk));
      out.printf(Locale.ROOT, "%-8s 1 VM%s%n", name + ":", disk == null ? ""
          : ", disk " + VmTable.size(Files.size(disk)));
    }
    List<String> missing = Services.ALL.stream()
        .filter(s -> !Services.available().contains(s)).toList();
    if (!missing.isEmpty()) {
      out.println("(not built: " + String.join(", ", missing) + "; C services need"
          + " riscv64-unknown-elf-gcc when the project is built)");
    }
  }

  /** One request to each other sample, through the gateway, with what came back. */
  static void smoke(Server server, PrintWriter out) {
    // the samples are reached by Host, which the JDK client sets itself unless allowed to
    if (System.getProperty("jdk.httpclient.allowRestrictedHeaders") == null) {
      System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }
    String base = "http://127.0.0.1:" + server.gateway.port();
    out.println("  samples");
    for (String name : Services.available()) {
      switch (name) {
        case "static" -> show(out, name, "GET", base + "/", null);
        case "kv" -> {
          show(out, name, "PUT", base + "/demo", "hello from the demo");
          show(out, name, "GET", base + "/demo", null);
        }
        case "compute" -> show(out, name, "GET", base + "/primes?n=1000000", null);
        default -> { }
      }
    }
    GatewayConfig.Tls tls = server.gateway.config().tls();
    if (tls != null) {
      tlsSmoke(out, tls, "https://localhost:" + server.gateway.port() + "/");
    }
  }

  /**
   * One request over TLS, trusting the demo's self-signed certificate. In HTTP/1.1: the JDK's
   * HTTP/2 client sends a Host header beside {@code :authority} rather than instead of it, which
   * makes the request malformed (RFC 9113, 8.3.1); curl, as the endpoints list shows, does HTTP/2.
   */
  private static void tlsSmoke(PrintWriter out, GatewayConfig.Tls tls, String url) {
    String result;
    try {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .sslContext(SelfSignedTls.trusting(tls.certificate()))
          .connectTimeout(Duration.ofSeconds(5)).build();
      long t0 = System.nanoTime();
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url))
          .header("Host", "hello").timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      result = String.format(Locale.ROOT, "%d  %s over TLS, %.1f ms", r.statusCode(),
          r.version() == HttpClient.Version.HTTP_2 ? "HTTP/2" : "HTTP/1.1",
          (System.nanoTime() - t0) / 1e6);
    } catch (IOException | InterruptedException | RuntimeException e) {
      result = "failed: " + e.getMessage();
    }
    out.printf(Locale.ROOT, "    %-8s %-6s %-22s -> %s%n", "hello", "GET", url, result);
    out.flush();
  }

  private static void show(PrintWriter out, String service, String method, String url,
      String body) {
    String result;
    // a client of its own per request: the gateway routes a connection once, by its first Host,
    // and a shared client would reuse one connection for every service
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try {
      long t0 = System.nanoTime();
      HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Host", service)
          .timeout(Duration.ofSeconds(30)).method(method, body == null
              ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
          .build();
      HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
      String first = r.body().lines().findFirst().orElse("");
      result = String.format(Locale.ROOT, "%d  %-40s %.1f ms", r.statusCode(),
          first.length() > 40 ? first.substring(0, 39) + "~" : first,
          (System.nanoTime() - t0) / 1e6);
    } catch (IOException | InterruptedException | RuntimeException e) {
      result = "failed: " + e.getMessage();
    }
    out.printf(Locale.ROOT, "    %-8s %-6s %-22s -> %s%n", service, method,
        url.substring(url.indexOf('/', 8)), result);
    out.flush();
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temporary directory left behind is not worth failing for
    }
  }
}
