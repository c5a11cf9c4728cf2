package dev.denali.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.samples.Services;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API's protection as an operator meets it: {@code serve} writes a token only its user
 * can read, {@code denali admin} sends it, a wrong or missing one is refused, and the API will
 * not listen off loopback without TLS.
 */
class AdminTokenTest {
  @TempDir Path dir;

  private record Outcome(int status, String out, String err) {}

  private static Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(args, out, err);
    return new Outcome(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theAdminCommandUsesTheTokenTheKernelWrote() throws Exception {
    Path hello = dir.resolve("hello.elf");
    Files.write(hello, Services.elf("hello"));
    Path token = dir.resolve("state/admin.token");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread server = new Thread(() -> Main.run(new String[] {"serve", "--port", "0",
        "--admin-port", "0", "--bind", "127.0.0.1", "--duration", "20s",
        "--admin-token-file", token.toString(), hello.toString()}, out,
        new ByteArrayOutputStream()));
    server.setDaemon(true);
    server.start();
    Pattern p = Pattern.compile("admin API: (http://127.0.0.1:\\d+)/ \\(token in (\\S+)\\)");
    Matcher m = null;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < end) {
      m = p.matcher(out.toString(StandardCharsets.UTF_8));
      if (m.find()) {
        break;
      }
      m = null;
      Thread.sleep(10);
    }
    assertThat(m).as("serve started:\n" + out).isNotNull();
    String url = m.group(1);
    assertThat(m.group(2)).isEqualTo(token.toString());
    assertThat(Files.readString(token).strip()).matches("[0-9a-f]{64}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token.getParent())))
        .isEqualTo("rwx------");

    Outcome ok = run("admin", "--url", url, "--token-file", token.toString(), "service", "hello");
    assertThat(ok.status()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("hello");

    Path wrong = dir.resolve("wrong.token");
    Files.writeString(wrong, "0123\n");
    Outcome refused = run("admin", "--url", url, "--token-file", wrong.toString(), "services");
    assertThat(refused.status()).isEqualTo(Main.EXIT_USER_ERROR);
    assertThat(refused.err()).startsWith("denali: ").contains("wrong admin token");

    Outcome none = run("admin", "--url", url, "--token-file", dir.resolve("none").toString(),
        "services");
    assertThat(none.status()).isEqualTo(Main.EXIT_USER_ERROR);
    assertThat(none.err()).contains("no admin token in");

    Outcome deploy = run("admin", "--url", url, "--token-file", token.toString(), "deploy",
        "second", hello.toString());
    assertThat(deploy.status()).as(deploy.err()).isZero();

    server.interrupt();
  }

  @Test
  void theAdminApiListensOffLoopbackOnlyWithTls() {
    Outcome r = run("serve", "--port", "0", "--admin-port", "0", "--admin-bind", "0.0.0.0",
        "--admin-token-file", dir.resolve("t").toString(), "--duration", "1s",
        "sample-that-is-never-read.elf");
    assertThat(r.status()).isEqualTo(Main.EXIT_USER_ERROR);
    assertThat(r.err()).contains("off loopback, only with TLS");
    assertThat(dir.resolve("t")).doesNotExist();
  }

  /** A port that is taken is named: the gateway's or the admin API's. */
  @Test
  void aTakenPortIsNamed() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      String port = Integer.toString(taken.getLocalPort());
      Path hello = Path.of("").toAbsolutePath().getParent().resolve("examples/hello.s");
      Outcome gateway = run("serve", "--bind", "127.0.0.1", "--port", port, "--admin-port", "0",
          "--admin-token-file", dir.resolve("t1").toString(), "--duration", "1s",
          hello.toString());
      assertThat(gateway.status()).isEqualTo(Main.EXIT_USER_ERROR);
      assertThat(gateway.err()).contains("denali serve: cannot listen on port " + port + ": ");
      Outcome admin = run("serve", "--port", "0", "--admin-port", port,
          "--admin-token-file", dir.resolve("t2").toString(), "--duration", "1s",
          hello.toString());
      assertThat(admin.status()).isEqualTo(Main.EXIT_USER_ERROR);
      assertThat(admin.err()).contains("denali serve: cannot listen on admin port " + port + ": ");
    }
  }

  @Test
  void aBadServicePortRangeIsAUsageError() {
    Outcome r = run("serve", "--service-ports", "2000-1000", "x.elf");
    assertThat(r.status()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.err()).contains("port range");
  }
}
