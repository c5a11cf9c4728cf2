package dev.denali.perf.http;

import dev.denali.gateway.Gateway;
import dev.denali.gateway.GatewayConfig;
import dev.denali.kernel.Binary;
import dev.denali.kernel.Histogram;
import dev.denali.kernel.Kernel;
import dev.denali.kernel.KernelConfig;
import dev.denali.kernel.VmInfo;
import dev.denali.kernel.VmOptions;
import dev.denali.emu.EngineKind;
import dev.denali.samples.Services;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Issue #6: HTTP requests per second and p50/p99 latency of the {@code hello} sample through the
 * kernel and the gateway, for 1, 100 and 10,000 VMs (100,000 with {@code --huge}), side by side
 * with {@link NettyHello} (a plain Netty hello-world server) measured in the same run, with the
 * same client and settings, alternating Denali and Netty, several repetitions; medians.
 *
 * <pre>
 * java -Xmx4g -cp perf/target/denali-perf.jar dev.denali.perf.http.HttpBench
 *     [--vms 1,100,10000] [--huge] [--reps 5] [--seconds 5] [--warmup 10]
 *     [--connections 32] [--wrk-threads 1] [--clients wrk,builtin,h2load] [--zipf 1.0]
 *     [--streams 10] [--client-cpus 0] [--engine auto] [--mode http|stream]
 *     [--csv perf/target/http-bench.csv]
 * </pre>
 *
 * <p>Clients: (a) {@code wrk} when it is on the PATH, with a Lua script that gives each
 * connection's first request the Host {@code K.hello}, K Zipf-chosen over the VMs; the gateway
 * routes a connection once, on its first request, so each of wrk's keep-alive connections stays
 * with one VM for the whole run (C connections reach at most C VMs). (b) the built-in {@link
 * LoadClient}, Zipf per request, keep-alive connections per Host (so it spreads over many VMs and
 * opens connections as it goes). (c) {@code h2load} (HTTP/2 with prior knowledge, {@code
 * --streams} concurrent streams per connection, {@code :authority: hello}) against the gateway
 * and {@link NettyHello}'s HTTP/2 server. Both servers live in this JVM, and the built-in client
 * too. To pin the servers and the external clients apart, run this JVM under {@code taskset -c 1}
 * and pass {@code --client-cpus 0}: wrk and h2load then run under {@code taskset -c 0}.
 */
public final class HttpBench {
  record Sample(double perSecond, double p50Micros, double p99Micros, long errors) {}

  /**
   * One VM count and client: medians of each column over the repetitions, and the median of the
   * per-repetition ratios ({@code pairRatio}: each Denali run against the Netty run next to it,
   * which cancels most of the drift of a shared machine's load).
   */
  record Row(int vms, String client, Sample denali, Sample netty, double pairRatio, int reps) {
    double ratio() {
      return netty.perSecond > 0 ? denali.perSecond / netty.perSecond : 0;
    }
  }

  private final List<Integer> vmCounts = new ArrayList<>(List.of(1, 100, 10_000));
  private int reps = 5;
  private double seconds = 5;
  private double warmup = 10;
  private int connections = 32;
  private int wrkThreads = 1;
  private List<String> clients = new ArrayList<>(List.of("wrk", "builtin"));
  /** What runs the external clients: {@code taskset -c CPUS} with --client-cpus, or nothing. */
  private List<String> clientPrefix = List.of();
  private int streams = 10;
  private double zipf = 1.0;
  private String engine = "auto";
  /** HTTP mode (requests routed one by one, the default) or stream mode (connections). */
  private boolean http = true;
  private Path csv = Path.of("perf/target/http-bench.csv");
  private final PrintStream out = System.out;
  private final PrintStream log = System.err;

  public static void main(String[] args) throws Exception {
    HttpBench b = new HttpBench();
    b.parse(args);
    b.run();
  }

  private void parse(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--vms" -> {
          vmCounts.clear();
          for (String s : args[++i].split(",")) {
            vmCounts.add(size(s));
          }
        }
        case "--huge" -> vmCounts.add(100_000);
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--warmup" -> warmup = Double.parseDouble(args[++i]);
        case "--connections" -> connections = Integer.parseInt(args[++i]);
        case "--wrk-threads" -> wrkThreads = Integer.parseInt(args[++i]);
        case "--clients" -> clients = new ArrayList<>(List.of(args[++i].split(",")));
        case "--zipf" -> zipf = Double.parseDouble(args[++i]);
        case "--streams" -> streams = Integer.parseInt(args[++i]);
        case "--client-cpus" -> clientPrefix = List.of("taskset", "-c", args[++i]);
        case "--engine" -> engine = args[++i];
        case "--mode" -> http = !args[++i].equals("stream");
        case "--csv" -> csv = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + a + " (see the"
            + " HttpBench javadoc or perf/README.md)");
      }
    }
  }

  private static int size(String s) {
    s = s.trim().toLowerCase(Locale.ROOT);
    if (s.endsWith("k")) {
      return Integer.parseInt(s.substring(0, s.length() - 1)) * 1000;
    }
    return Integer.parseInt(s);
  }

  private void run() throws Exception {
    byte[] hello = Services.elf("hello");
    if (hello == null) {
      throw new IllegalStateException("the hello sample was not built (mvn -pl perf -am package)");
    }
    if (clients.contains("wrk") && !ExternalClients.installed("wrk")) {
      log.println("wrk is not installed (apt-get install -y wrk): built-in client only");
      clients.remove("wrk");
    }
    if (clients.contains("h2load") && !ExternalClients.installed("h2load")) {
      log.println("h2load is not installed (apt-get install -y nghttp2-client): no HTTP/2 runs");
      clients.remove("h2load");
    }
    KernelConfig kc = KernelConfig.defaults().withEngine(EngineKind.byLabel(engine));
    out.printf(Locale.ROOT, "gateway mode: %s%n", http ? "HTTP (each request routed by its"
        + " Host; wrk gives every request a Zipf-chosen Host)" : "stream (connections routed"
        + " once)");
    out.printf(Locale.ROOT, "HttpBench: %d cores, %d kernel workers, gateway and Netty %d"
        + " event-loop thread(s) (%s), heap %d MiB, engine %s; %d connections, wrk %d thread(s),"
        + " %d reps x %.0f s, warm-up %.0f s; load %s; clients run by %s%n",
        Runtime.getRuntime().availableProcessors(), kc.workers(),
        GatewayConfig.defaults().threads(), NettyHello.transport(),
        Runtime.getRuntime().maxMemory() >> 20, kc.engine().label(), connections, wrkThreads,
        reps, seconds, warmup, loadAverage(),
        clientPrefix.isEmpty() ? "themselves" : String.join(" ", clientPrefix));
    List<Row> rows = new ArrayList<>();
    try (NettyHello netty = NettyHello.start("127.0.0.1", 0);
        NettyHello netty2 = clients.contains("h2load")
            ? NettyHello.startHttp2("127.0.0.1", 0) : null) {
      for (int n : vmCounts) {
        rows.addAll(measure(kc, hello, n, netty, netty2));
        writeCsv(rows);
      }
    }
    out.println();
    table(rows);
    out.printf(Locale.ROOT, "load average after the run: %s; CSV: %s%n", loadAverage(), csv);
  }

  private List<Row> measure(KernelConfig kc, byte[] elf, int n, NettyHello netty,
      NettyHello netty2) throws Exception {
    List<Row> rows = new ArrayList<>();
    try (Kernel kernel = Kernel.start(kc);
        Gateway gateway = Gateway.start(kernel, GatewayConfig.defaults().withPort(0)
            .withBind("127.0.0.1").withMaxConnectionsPerService(Math.max(10_000,
                connections * LoadClient.MAX_PER_THREAD))
            .withHttp(http ? GatewayConfig.HttpLimits.defaults() : null))) {
      Binary b = kernel.load("hello", elf);
      long t0 = System.nanoTime();
      gateway.deploy("hello", b, n, VmOptions.defaults(), 0);
      log.printf(Locale.ROOT, "%,d hello VMs started in %.0f ms%n", n,
          (System.nanoTime() - t0) / 1e6);
      Zipf popularity = new Zipf(n, zipf);
      Wrk wrk = new Wrk(n, zipf, connections, wrkThreads, http, clientPrefix);
      H2load h2 = new H2load(connections, streams, clientPrefix);
      // Warm-up: the built-in client (which reaches many VMs) on both, then wrk on both, while
      // the JVM compiles Netty, the gateway and the kernel, and the tiered engine translates hello.
      for (int port : new int[] {gateway.port(), netty.port()}) {
        builtin(port, popularity, warmup);
        if (clients.contains("wrk")) {
          wrk.run(port, Math.max(2, warmup / 4));
        }
      }
      if (clients.contains("h2load")) {
        for (int port : new int[] {gateway.port(), netty2.port()}) {
          h2.run(port, Math.max(2, warmup));
        }
      }
      for (String client : clients) {
        List<Sample> d = new ArrayList<>();
        List<Sample> m = new ArrayList<>();
        for (int rep = 0; rep < reps; rep++) {
          boolean denaliFirst = rep % 2 == 0; // alternate which server goes first
          for (int k = 0; k < 2; k++) {
            boolean isDenali = (k == 0) == denaliFirst;
            int port = isDenali ? gateway.port()
                : client.equals("h2load") ? netty2.port() : netty.port();
            long[] before = isDenali ? guestTotals(kernel) : null;
            Sample s = switch (client) {
              case "wrk" -> wrk.run(port, seconds);
              case "h2load" -> h2.run(port, seconds);
              default -> builtin(port, popularity, seconds);
            };
            (isDenali ? d : m).add(s);
            String guest = "";
            if (isDenali) {
              long[] after = guestTotals(kernel);
              double reqs = s.perSecond * seconds;
              guest = String.format(Locale.ROOT, "  guest: %.0f instructions, %.1f us of worker"
                  + " time per request", (after[0] - before[0]) / reqs,
                  (after[1] - before[1]) / 1e3 / reqs);
            }
            log.printf(Locale.ROOT, "  %,7d VMs %-7s rep %d %-6s %,10.0f req/s  p50 %7.0f us"
                + "  p99 %7.0f us  errors %d%s%n", n, client, rep + 1,
                isDenali ? "denali" : "netty", s.perSecond, s.p50Micros, s.p99Micros, s.errors,
                guest);
          }
        }
        double[] pairs = new double[reps];
        for (int i = 0; i < reps; i++) {
          pairs[i] = m.get(i).perSecond > 0 ? d.get(i).perSecond / m.get(i).perSecond : 0;
        }
        rows.add(new Row(n, client, median(d), median(m), median(pairs), reps));
      }
      wrk.close();
      h2.close();
    }
    return rows;
  }

  /** Guest instructions retired and worker nanoseconds spent, over every VM. */
  private static long[] guestTotals(Kernel kernel) {
    long retired = 0;
    long cpu = 0;
    for (VmInfo v : kernel.list()) {
      retired += v.retired();
      cpu += v.cpuNanos();
    }
    return new long[] {retired, cpu};
  }

  private Sample builtin(int port, Zipf popularity, double secs) throws InterruptedException {
    LoadClient c = new LoadClient("127.0.0.1", port, "/", connections,
        r -> popularity.next(r) + ".hello", http); // HTTP mode: any Host on one connection
    LoadClient.Result r = c.run(secs, null);
    Histogram h = r.latencyMicros();
    return new Sample(r.perSecond(), h.quantile(0.5), h.quantile(0.99), r.errors());
  }

  /** Medians of each column on its own. */
  static Sample median(List<Sample> s) {
    return new Sample(median(s.stream().mapToDouble(Sample::perSecond).toArray()),
        median(s.stream().mapToDouble(Sample::p50Micros).toArray()),
        median(s.stream().mapToDouble(Sample::p99Micros).toArray()),
        s.stream().mapToLong(Sample::errors).sum());
  }

  static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    int m = c.length / 2;
    return c.length % 2 == 1 ? c[m] : (c[m - 1] + c[m]) / 2;
  }

  private void table(List<Row> rows) {
    out.println("| VMs | client | Denali req/s | Netty req/s | ratio | paired ratio"
        + " | Denali p50 / p99 (us) | Netty p50 / p99 (us) | errors D/N |");
    out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
    for (Row r : rows) {
      out.printf(Locale.ROOT, "| %,d | %s | %,.0f | %,.0f | %.0f %% | %.0f %% | %.0f / %.0f"
          + " | %.0f / %.0f | %d / %d |%n", r.vms, r.client, r.denali.perSecond,
          r.netty.perSecond, 100 * r.ratio(), 100 * r.pairRatio, r.denali.p50Micros,
          r.denali.p99Micros, r.netty.p50Micros,
          r.netty.p99Micros, r.denali.errors, r.netty.errors);
    }
  }

  private void writeCsv(List<Row> rows) throws IOException {
    StringBuilder sb = new StringBuilder("vms,client,reps,denali_rps,netty_rps,ratio,"
        + "pair_ratio,denali_p50_us,denali_p99_us,netty_p50_us,netty_p99_us,denali_errors,netty_errors\n");
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%d,%s,%d,%.0f,%.0f,%.4f,%.4f,%.0f,%.0f,%.0f,%.0f,%d,"
          + "%d%n", r.vms, r.client, r.reps, r.denali.perSecond, r.netty.perSecond, r.ratio(),
          r.pairRatio,
          r.denali.p50Micros, r.denali.p99Micros, r.netty.p50Micros, r.netty.p99Micros,
          r.denali.errors, r.netty.errors));
    }
    if (csv.getParent() != null) {
      Files.createDirectories(csv.getParent());
    }
    Files.writeString(csv, sb.toString());
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
