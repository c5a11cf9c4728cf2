package dev.denali.perf.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code wrk} for {@link HttpBench}: writes the Lua script, runs wrk with {@code --latency} and
 * reads requests/s, p50, p99 and errors from its summary.
 *
 * <p>The script gives each thread's first {@code connections / threads} requests (wrk sends one
 * as each connection opens) a Zipf-chosen Host {@code K.hello} and every later request a fixed,
 * pre-formatted one: the gateway routes a connection on its first request and never reads the
 * Host of later ones, so each keep-alive connection stays with its Zipf-chosen VM for the whole
 * run. (A connection wrk reopens after an error gets Host {@code 1.hello}.)
 */
final class Wrk implements AutoCloseable {
  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern P50 = Pattern.compile("\\n\\s+50%\\s+([0-9.]+)(us|ms|s)");
  private static final Pattern P99 = Pattern.compile("\\n\\s+99%\\s+([0-9.]+)(us|ms|s)");
  private static final Pattern ERRORS = Pattern.compile(
      "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

  private static final String LUA = """
      -- HttpBench: a Zipf-chosen VM per connection. The gateway routes a connection on its
      -- first request and does not read the Host of later ones.
      local counter = 0
      function setup(thread)
        thread:set("id", counter)
        counter = counter + 1
      end
      local cdf, n, first, sent, fixed
      function init(args)
        n = tonumber(args[1]); local s = tonumber(args[2]); first = tonumber(args[3])
        math.randomseed(42 + (id or 0))
        cdf = {}
        local sum = 0
        for k = 1, n do sum = sum + 1 / k ^ s; cdf[k] = sum end
        for k = 1, n do cdf[k] = cdf[k] / sum end
        sent = 0
        fixed = wrk.format("GET", "/", { Host = "1.hello" })
      end
      local function zipf()
        local u, lo, hi = math.random(), 1, n
        while lo < hi do
          local mid = math.floor((lo + hi) / 2)
          if cdf[mid] < u then lo = mid + 1 else hi = mid end
        end
        return lo
      end
      function request()
        if sent < first then
          sent = sent + 1
          return wrk.format("GET", "/", { Host = zipf() .. ".hello" })
        end
        return fixed
      end
      """;

  private final int vms;
  private final double zipf;
  private final int connections;
  private final int threads;
  private final Path script;

  /** Whether every request gets a Zipf-chosen Host (HTTP mode routes each request by it). */
  private final boolean perRequest;

  /** What runs wrk ({@code taskset -c 0}, say), or empty. */
  private final List<String> prefix;

  Wrk(int vms, double zipf, int connections, int threads, boolean perRequest,
      List<String> prefix) throws IOException {
    this.prefix = prefix;
    this.perRequest = perRequest;
    this.vms = vms;
    this.zipf = zipf;
    this.connections = connections;
    this.threads = threads;
    this.script = Files.createTempFile("httpbench", ".lua");
    Files.writeString(script, LUA);
  }

  /** One wrk run of {@code seconds} (rounded, at least 1) against 127.0.0.1:{@code port}. */
  HttpBench.Sample run(int port, double seconds) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(prefix);
    cmd.addAll(List.of("wrk", "-t" + threads, "-c" + connections,
        "-d" + Math.max(1, Math.round(seconds)) + "s", "--latency", "-s", script.toString(),
        "http://127.0.0.1:" + port + "/", "--", String.valueOf(vms),
        String.format(Locale.ROOT, "%.4f", zipf),
        String.valueOf(perRequest ? Integer.MAX_VALUE : Math.max(1, connections / threads))));
    String text = ExternalClients.output(cmd, seconds);
    Matcher rps = RPS.matcher(text);
    if (!rps.find()) {
      throw new IOException("no Requests/sec in wrk's output:\n" + text);
    }
    long errors = 0;
    Matcher e = ERRORS.matcher(text);
    if (e.find()) {
      for (int g = 1; g <= 4; g++) {
        errors += Long.parseLong(e.group(g));
      }
    }
    Matcher bad = NON2XX.matcher(text);
    if (bad.find()) {
      errors += Long.parseLong(bad.group(1));
    }
    return new HttpBench.Sample(Double.parseDouble(rps.group(1)), micros(P50, text),
        micros(P99, text), errors);
  }

  private static double micros(Pattern p, String text) {
    Matcher m = p.matcher(text);
    if (!m.find()) {
      return Double.NaN;
    }
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> v;
      case "ms" -> v * 1e3;
      default -> v * 1e6;
    };
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(script);
  }
}
