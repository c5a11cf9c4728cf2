package dev.denali.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code serve --disk} gives its image to one VM; asking for more is refused before booting. */
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
}
