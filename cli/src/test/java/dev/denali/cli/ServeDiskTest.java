package dev.denali.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code serve} options that cannot work together are refused before booting. */
class ServeDiskTest {
  @Test
  void oneDiskImageIsNotSharedBetweenInstances() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(new String[] {"serve", "-n", "2", "--disk", "kv2.img", "--port", "0",
        "--admin-port", "0", "kv.elf"}, out, err);
    assertThat(status).isEqualTo(Main.EXIT_USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--disk gives its image to one VM");
  }

  @Test
  void aCertificateWithoutItsKeyIsAUsageError() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(new String[] {"serve", "--tls-cert", "gw.crt", "--port", "0",
        "--admin-port", "0", "hello.elf"}, out, err);
    assertThat(status).isEqualTo(Main.EXIT_USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--tls-cert and --tls-key together");
  }
}
