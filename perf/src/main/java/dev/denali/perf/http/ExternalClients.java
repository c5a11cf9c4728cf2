package dev.denali.perf.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Running the load clients {@link HttpBench} does not contain: {@link Wrk}, {@link H2load}. */
final class ExternalClients {
  private ExternalClients() {}

  /** Whether {@code tool} runs (with {@code --version}): it is installed and on the PATH. */
  static boolean installed(String tool) {
    try {
      Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor(5, TimeUnit.SECONDS);
      return true;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /**
   * Runs a load client's command line for a run of {@code seconds}; what it printed (stdout and
   * stderr), or an IOException when it failed or ran a minute past its time.
   */
  static String output(List<String> cmd, double seconds) throws IOException,
      InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor((long) seconds + 60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("the load client failed: " + String.join(" ", cmd) + "\n" + text);
    }
    return text;
  }
}
