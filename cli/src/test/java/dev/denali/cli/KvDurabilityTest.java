package dev.denali.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.asm.testing.ExternalTool;
import dev.denali.emu.Disk;
import dev.denali.samples.Services;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kv service keeps every acknowledged write across a kill -9 of the kernel's process: a child
 * JVM runs {@code denali serve} over a disk image, clients PUT keys (some while the process is
 * killed mid-stream), and a second process on the same image answers every acknowledged key with
 * its value.
 */
class KvDurabilityTest {
  @TempDir Path dir;

  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Starts {@code denali serve} in a child JVM; returns it once it serves. */
  private Process serve(Path elf, Path disk, int port) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "dev.denali.cli.Main", "serve", "--bind", "127.0.0.1", "--port", Integer.toString(port),
        "--admin-port", Integer.toString(freePort()), "--disk", disk.toString(),
        "kv=" + elf).redirectErrorStream(true).start();
    CountDownLatch serving = new CountDownLatch(1);
    StringBuilder log = new StringBuilder();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (log) {
            log.append(line).append('\n');
          }
          if (line.startsWith("serving")) {
            serving.countDown();
          }
        }
      } catch (IOException gone) {
        // the process was killed
      }
    });
    reader.setDaemon(true);
    reader.start();
    if (!serving.await(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      synchronized (log) {
        throw new AssertionError("denali serve did not start:\n" + log);
      }
    }
    return p;
  }

  private int put(int port, String key, String value) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + key))
        .timeout(Duration.ofSeconds(10)).PUT(HttpRequest.BodyPublishers.ofString(value)).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private HttpResponse<String> get(int port, String key) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + key))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void acknowledgedWritesSurviveKillMinus9() throws Exception {
    byte[] kv = Services.elf("kv");
    if (kv == null) { // a C service: built only where gcc for RISC-V is installed
      ExternalTool.require("riscv64-unknown-elf-gcc", "gcc-riscv64-unknown-elf");
      throw new AssertionError("kv was not built although gcc is installed: rebuild"
          + " sample-services");
    }
    Path elf = dir.resolve("kv.elf");
    Files.write(elf, kv);
    Path disk = dir.resolve("kv.img");
    Files.write(disk, new byte[1024 * Disk.BLOCK]);
    int port = freePort();
    Map<String, String> acknowledged = new ConcurrentHashMap<>();

    Process first = serve(elf, disk, port);
    for (int i = 0; i < 100; i++) {
      String key = "k" + i;
      String value = "value " + i + " " + "x".repeat(i * 7);
      int status = put(port, key, value);
      assertThat(status).as("PUT %s", key).isBetween(200, 299);
      acknowledged.put(key, value);
    }
    // keep writing while the process dies: whatever was acknowledged must survive
    Thread writer = new Thread(() -> {
      for (int i = 100; i < 100_000; i++) {
        String key = "late" + i;
        String value = "late value " + i;
        try {
          if (put(port, key, value) / 100 == 2) {
            acknowledged.put(key, value);
          }
        } catch (Exception killed) {
          return;
        }
      }
    });
    writer.start();
    Thread.sleep(300);
    first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    writer.join(30_000);
    assertThat(acknowledged.size()).isGreaterThan(100);

    Process second = serve(elf, disk, port);
    try {
      for (Map.Entry<String, String> e : acknowledged.entrySet()) {
        HttpResponse<String> r = get(port, e.getKey());
        assertThat(r.statusCode()).as("GET %s after kill -9", e.getKey()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(e.getValue());
      }
      assertThat(put(port, "after", "restart")).isBetween(200, 299);
      assertThat(get(port, "after").body()).isEqualTo("restart");
    } finally {
      second.destroyForcibly();
      second.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
