package dev.denali.gateway;

import static org.junit.jupiter.api.Assertions.fail;

import dev.denali.asm.testing.ExternalTool;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Metrics text read by a real Prometheus parser: the Prometheus project's Python client
 * ({@code prometheus_client.parser}, Debian package {@code python3-prometheus-client}), so that
 * the tests check what a scraper would make of {@code /metrics}, not our own idea of it. A
 * parse error fails the test.
 */
final class PrometheusText {
  private static final String SCRIPT = """
      import sys
      try:
          from prometheus_client.parser import text_string_to_metric_families
      except ImportError:
          print("NO-PARSER"); sys.exit(3)
      for f in text_string_to_metric_families(sys.stdin.read()):
          print("TYPE\\t%s\\t%s" % (f.name, f.type))
          for s in f.samples:
              labels = ",".join("%s=%s" % (k, s.labels[k]) for k in sorted(s.labels))
              print("SAMPLE\\t%s\\t%s\\t%r" % (s.name, labels, s.value))
      """;

  /** Sample values by {@code name{label=value,...}} (labels sorted by name). */
  private final Map<String, Double> samples = new TreeMap<>();
  /** Family types by family name (counters without their {@code _total}). */
  private final Map<String, String> types = new HashMap<>();

  private PrometheusText() {}

  static PrometheusText parse(String text) throws IOException, InterruptedException {
    // Debian's python3, which python3-prometheus-client installs into, before another on the
    // PATH (a pyenv shim, say)
    String python = java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/python3"))
        ? "/usr/bin/python3" : ExternalTool.require("python3", "python3").toString();
    Process p = new ProcessBuilder(python, "-c", SCRIPT).redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("the Prometheus parser did not finish");
    }
    if (p.exitValue() == 3 && out.startsWith("NO-PARSER")) {
      String why = "needs python3's prometheus_client: apt-get install python3-prometheus-client";
      if (ExternalTool.onCi()) {
        fail(why);
      }
      Assumptions.abort(why);
    }
    if (p.exitValue() != 0) {
      fail("the Prometheus parser refused the metrics:\n" + out + "\n--- the text:\n" + text);
    }
    PrometheusText parsed = new PrometheusText();
    for (String line : out.split("\n")) {
      String[] f = line.split("\t", -1);
      if (f[0].equals("TYPE")) {
        parsed.types.put(f[1], f[2]);
      } else if (f[0].equals("SAMPLE")) {
        parsed.samples.put(f[1] + "{" + f[2] + "}", Double.parseDouble(f[3]));
      }
    }
    return parsed;
  }

  /** The value of sample {@code name} with labels given as name, value, ...; null if none. */
  Double value(String name, String... labels) {
    Map<String, String> sorted = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      sorted.put(labels[i], labels[i + 1]);
    }
    StringBuilder key = new StringBuilder(name).append('{');
    sorted.forEach((k, v) -> key.append(key.charAt(key.length() - 1) == '{' ? "" : ",")
        .append(k).append('=').append(v));
    return samples.get(key.append('}').toString());
  }

  /** The type of family {@code name} ("counter", "gauge", "histogram", "summary"), or null. */
  String type(String name) {
    return types.get(name);
  }

  @Override
  public String toString() {
    return samples.toString();
  }
}
