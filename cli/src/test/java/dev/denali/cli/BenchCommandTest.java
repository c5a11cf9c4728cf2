package dev.denali.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
  @Test
  void benchPrintsTheComparisonTable() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(new String[] {"bench", "--runs", "1", "fib"}, out, err);
    assertThat(status).isZero();
    String table = out.toString(StandardCharsets.UTF_8);
    assertThat(table).contains("kernel", "interp ms", "jit ms", "java ms", "fib",
        "geometric means");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("[1/1] fib");
  }

  @Test
  void unknownKernelsAreRefused() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(new String[] {"bench", "quicksort"}, new ByteArrayOutputStream(), err);
    assertThat(status).isEqualTo(Main.EXIT_USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no kernel 'quicksort'");
  }
}
