package dev.denali.perf.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code h2load} (Debian's nghttp2-client) for {@link HttpBench}: cleartext HTTP/2 with prior
 * knowledge, {@code connections} connections of {@code streams} concurrent streams each, every
 * request with {@code :authority: hello} (the service; the gateway's queue picks the instance).
 * Requests/s from its summary, p50 and p99 from its per-request log ({@code --log-file}: the
 * status and the microseconds until the end of the response), errors from failed or non-2xx
 * requests.
 */
final class H2load implements AutoCloseable {
  private static final Pattern RPS = Pattern.compile("finished in [0-9.]+m?s, ([0-9.]+) req/s");
  private static final Pattern FAILED = Pattern.compile(
      "requests: \\d+ total, \\d+ started, \\d+ done, \\d+ succeeded, (\\d+) failed, (\\d+) errored");

  private final int connections;
  private final int streams;
  private final List<String> prefix;
  private final Path log;

  /** @param prefix what runs h2load (e.g. {@code taskset -c 0}), or empty */
  H2load(int connections, int streams, List<String> prefix) throws IOException {
    this.connections = connections;
    this.streams = streams;
    this.prefix = prefix;
    this.log = Files.createTempFile("httpbench-h2load", ".log");
  }

  /** One run of {@code seconds} (rounded, at least 1) against 127.0.0.1:{@code port}. */
  HttpBench.Sample run(int port, double seconds) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(List.of("h2load", "-D", String.valueOf(Math.max(1, Math.round(seconds))),
        "-c", String.valueOf(connections), "-m", String.valueOf(streams), "-H",
        ":authority: hello", "--log-file", log.toString(), "http://127.0.0.1:" + port + "/"));
    String text = ExternalClients.output(cmd, seconds);
    Matcher rps = RPS.matcher(text);
    if (!rps.find()) {
      throw new IOException("no req/s in h2load's output:\n" + text);
    }
    long errors = 0;
    Matcher f = FAILED.matcher(text);
    if (f.find()) {
      errors = Long.parseLong(f.group(1)) + Long.parseLong(f.group(2));
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.US_ASCII);
    long[] micros = new long[lines.size()];
    int n = 0;
    for (String line : lines) {
      String[] col = line.split("\t");
      if (col.length >= 3) {
        if (!col[1].startsWith("2")) {
          errors++;
        }
        micros[n++] = Long.parseLong(col[2].trim());
      }
    }
    Arrays.sort(micros, 0, n);
    return new HttpBench.Sample(Double.parseDouble(rps.group(1)), quantile(micros, n, 0.5),
        quantile(micros, n, 0.99), errors);
  }

  private static double quantile(long[] sorted, int n, double q) {
    return n == 0 ? Double.NaN : sorted[Math.min(n - 1, (int) (q * n))];
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(log);
  }
}
