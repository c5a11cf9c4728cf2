package dev.denali.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.samples.Services;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code denali serve} routes every HTTP request by its own Host (HTTP mode, the default): the
 * samples answer as before, one keep-alive connection reaches any instance of any service, and
 * kv takes a chunked upload.
 */
class ServeHttpTest {
  @TempDir Path dir;

  /** Starts {@code denali serve ARGS} in the background; returns the gateway's port. */
  private static int serve(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread t = new Thread(() -> Main.run(args, out, new ByteArrayOutputStream()));
    t.setDaemon(true);
    t.start();
    Pattern p = Pattern.compile("gateway: http://[^:]+:(\\d+)/");
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < end) {
      String text = out.toString(StandardCharsets.UTF_8);
      Matcher m = p.matcher(text);
      if (text.contains("serving; Ctrl-C stops") && m.find()) {
        return Integer.parseInt(m.group(1));
      }
      Thread.sleep(10);
    }
    throw new AssertionError("serve did not start:\n" + out);
  }

  @Test
  void oneKeepAliveConnectionReachesEveryInstanceOfEveryService() throws Exception {
    Path hello = dir.resolve("hello.elf");
    Files.write(hello, Services.elf("hello"));
    int port = serve("serve", "--port", "0", "--admin-port", "0", "--bind", "127.0.0.1",
        "--admin-token-file", dir.resolve("token").toString(), "-n", "4", "--duration", "60s",
        "--access-log", dir.resolve("access.log").toString(), hello.toString(),
        "other=" + hello);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Random random = new Random(7);
    for (int i = 0; i < 40; i++) {
      int instance = 1 + random.nextInt(4);
      boolean other = random.nextBoolean();
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + port + "/")).header("Host", instance + "."
          + (other ? "other" : "hello")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      // VMs 1-4 are hello's instances 1-4, VMs 5-8 other's
      assertThat(r.body()).isEqualTo("Hello from Denali VM " + (instance + (other ? 4 : 0))
          + "\n");
    }
    Path log = dir.resolve("access.log");
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while ((!Files.exists(log) || Files.readAllLines(log).size() < 40)
        && System.nanoTime() < end) {
      Thread.sleep(20); // the log is written by a thread of its own
    }
    assertThat(Files.readAllLines(log)).hasSize(40)
        .allMatch(l -> l.matches(".*\"GET / HTTP/1\\.1\" 200 \\d+ (hello|other) vm=\\d+ us=\\d+"));
  }

  @Test
  void kvTakesAChunkedUpload() throws Exception {
    Path kv = dir.resolve("kv.elf");
    Files.write(kv, Services.elf("kv"));
    Path image = dir.resolve("kv.img");
    try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
      f.setLength(4 << 20);
    }
    int port = serve("serve", "--port", "0", "--admin-port", "0", "--bind", "127.0.0.1",
        "--admin-token-file", dir.resolve("token").toString(), "--disk", image.toString(),
        "--duration", "60s", kv.toString());
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      s.getOutputStream().write(("PUT /k HTTP/1.1\r\nHost: kv\r\nTransfer-Encoding: chunked\r\n"
          + "\r\n4\r\nchun\r\n3\r\nked\r\n0\r\n\r\n"
          + "GET /k HTTP/1.1\r\nHost: kv\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      String both = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(both).startsWith("HTTP/1.1 201").contains("HTTP/1.1 200")
          .endsWith("\r\n\r\nchunked");
    }
  }
}
