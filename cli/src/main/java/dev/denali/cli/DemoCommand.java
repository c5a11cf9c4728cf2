package dev.denali.cli;

import dev.denali.gateway.GatewayConfig;
import dev.denali.gateway.SelfSignedTls;
import dev.denali.kernel.KernelConfig;
import dev.denali.kernel.KernelStats;
import dev.denali.kernel.VmState;
import dev.denali.perf.http.LoadClient;
import dev.denali.perf.http.Zipf;
import dev.denali.samples.Services;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code denali demo}: boots 10,000 {@code hello} VMs and the other samples behind the gateway,
 * drives Zipf-distributed HTTP load at them from a built-in client with a live progress line,
 * prints a summary, and keeps serving with the curl commands to try. The gateway's port takes
 * cleartext and TLS (HTTP/2 or HTTP/1.1 by ALPN) with a self-signed certificate made at start.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Boot the kernel with --vms hello VMs and the other sample services, send them"
          + " Zipf-distributed HTTP load for --seconds (a progress line each second: requests/s,"
          + " p50/p99 latency, resident and hibernated VMs), print a summary, then keep serving"
          + " until Ctrl-C with the curl commands to try (--exit: stop after the summary)."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--vms", defaultValue = "10000", paramLabel = "N",
      description = "hello VMs (default ${DEFAULT-VALUE})")
  int vms;

  @Option(names = "--seconds", defaultValue = "10", paramLabel = "S",
      description = "seconds of load (default ${DEFAULT-VALUE})")
  double seconds;

  @Option(names = "--connections", defaultValue = "32", paramLabel = "C",
      description = "concurrent client connections (default ${DEFAULT-VALUE})")
  int connections;

  @Option(names = "--zipf", defaultValue = "1.0", paramLabel = "S",
      description = "Zipf exponent of VM popularity (default ${DEFAULT-VALUE})")
  double zipf;

  @Option(names = "--port", defaultValue = "8080", paramLabel = "P",
      description = "gateway port (default ${DEFAULT-VALUE}; 0: any free port)")
  int port;

  @Option(names = "--admin-port", defaultValue = "9090", paramLabel = "A",
      description = "admin API port on loopback (default ${DEFAULT-VALUE}; 0: any)")
  int adminPort;

  @Option(names = "--warmup", defaultValue = "3", paramLabel = "S",
      description = "seconds of load before measuring, while the JVM compiles (default"
          + " ${DEFAULT-VALUE})")
  double warmup;

  /**
   * Idle VMs hibernate only when memory runs short (or after --hibernate-after, when given): with
   * 5 s, as the demo once had, the Zipf tail went to disk and back some 600 times a second
   * although everything fit in memory, and the demo served 20-28 % fewer requests.
   */
  @CommandLine.Mixin KernelOptions kernelOptions;

  @CommandLine.Mixin AdminOptions adminOptions;

  @Option(names = "--exit", description = "stop after the summary instead of serving on")
  boolean exit;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // the demo says what it deploys itself; the gateway's own lines would repeat it
    if (System.getProperty("org.slf4j.simpleLogger.log.dev.denali.gateway") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.dev.denali.gateway", "warn");
    }
    KernelConfig kc;
    try {
      kc = kernelOptions.config(null);
      if (vms < 1 || seconds <= 0 || connections < 1) {
        throw new IllegalArgumentException("--vms, --seconds and --connections must be"
            + " positive");
      }
    } catch (IllegalArgumentException e) {
      err.println("denali demo: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    byte[] hello = Services.elf("hello");
    if (hello == null) {
      err.println("denali demo: the hello service was not built (mvn -pl cli -am install)");
      return Main.EXIT_INTERNAL;
    }
    out.printf(Locale.ROOT, "Denali demo: %d workers, engine %s, JVM heap %s%n", kc.workers(),
        kc.engine().label(), VmTable.size(Runtime.getRuntime().maxMemory()));
    int gatewayPort = available(port, "0.0.0.0", out);
    int adminPortFree = available(adminPort, "127.0.0.1", out);
    Path scratch = Files.createTempDirectory("denali-demo");
    GatewayConfig.Tls tls;
    try {
      tls = SelfSignedTls.create(scratch).withCleartext();
    } catch (java.io.IOException e) {
      out.println("(no TLS: " + e.getMessage() + ")");
      tls = null;
    }
    GatewayConfig gc = GatewayConfig.defaults().withPort(gatewayPort).withBind("0.0.0.0")
        .withMaxConnectionsPerService(Math.max(10_000, connections * 128))
        .withHttp(GatewayConfig.HttpLimits.defaults()).withTls(tls);
    try (Server server = Server.boot(kc, gc, adminOptions.config("127.0.0.1", adminPortFree),
        adminOptions.tokenFile)) {
      long t0 = System.nanoTime();
      server.deploy("hello", hello, vms, Server.serviceOptions(null));
      double ms = (System.nanoTime() - t0) / 1e6;
      out.printf(Locale.ROOT, "hello:   %,d VMs started in %.0f ms (%.1f us each)%n", vms, ms,
          ms * 1000 / vms);
      DemoSamples.deployOthers(server, scratch, out);
      out.flush();

      Zipf popularity = new Zipf(vms, zipf);
      LoadClient client = new LoadClient("127.0.0.1", server.gateway.port(), "/", connections,
          r -> popularity.next(r) + ".hello", true); // HTTP mode: any Host on any connection
      boolean tty = System.console() != null;
      if (warmup > 0) {
        out.printf(Locale.ROOT, "warm-up: %.0f s of load while the JVM compiles Denali, Netty"
            + " and the guests' hot code...%n", warmup);
        out.flush();
        client.run(warmup, null);
      }
      out.printf(Locale.ROOT, "load: %d connections, Zipf(%.2f) over %,d hello VMs, %.0f s%n",
          connections, zipf, vms, seconds);
      out.flush();
      LoadClient.Result r = client.run(seconds, p -> {
        KernelStats s = server.kernel.stats();
        out.printf(Locale.ROOT, "%s[%4.1f s] %,8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d"
            + "  | VMs %,d resident, %,d hibernated%s", tty ? "\r" : "", p.seconds(),
            p.perSecond(), p.latencyMicros().quantile(0.5) / 1000.0,
            p.latencyMicros().quantile(0.99) / 1000.0, p.errors(),
            s.vms() - s.count(VmState.HIBERNATED) - s.count(VmState.RESTORING),
            s.count(VmState.HIBERNATED), tty ? "" : "\n");
        out.flush();
      });
      if (tty) {
        out.println();
      }
      summary(out, server, r);
      DemoSamples.smoke(server, out);
      out.println();
      server.printEndpoints(out, "localhost");
      if (exit) {
        return r.errors() == 0 ? 0 : 1;
      }
      out.println("serving; Ctrl-C stops");
      out.flush();
      Server.awaitShutdown(0);
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("denali demo: " + e.getMessage());
      return Main.EXIT_USER_ERROR;
    } catch (java.io.IOException | io.netty.channel.ChannelException e) {
      err.println("denali demo: " + e.getMessage() + "; try --port 0 --admin-port 0");
      return Main.EXIT_USER_ERROR;
    } finally {
      DemoSamples.deleteTree(scratch);
    }
  }

  /** {@code port} when it is free (or 0), else 0 (any free port), saying so. */
  private static int available(int port, String bind, PrintWriter out) {
    if (port == 0) {
      return 0;
    }
    try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new java.net.InetSocketAddress(bind, port));
      return port;
    } catch (java.io.IOException busy) {
      out.println("(port " + port + " is busy; using a free one)");
      return 0;
    }
  }

  private static void summary(PrintWriter out, Server server, LoadClient.Result r) {
    KernelStats s = server.kernel.stats();
    out.println();
    out.println("summary");
    out.printf(Locale.ROOT, "  requests        %,d in %.1f s: %,.0f req/s, %d errors%n",
        r.requests(), r.seconds(), r.perSecond(), r.errors());
    out.printf(Locale.ROOT, "  latency         p50 %.2f ms, p90 %.2f ms, p99 %.2f ms,"
        + " p99.9 %.2f ms%n", r.latencyMicros().quantile(0.5) / 1000.0,
        r.latencyMicros().quantile(0.9) / 1000.0, r.latencyMicros().quantile(0.99) / 1000.0,
        r.latencyMicros().quantile(0.999) / 1000.0);
    out.printf(Locale.ROOT, "  VMs             %,d: %,d idle, %,d hibernated, %,d running or"
        + " runnable, %,d faulted%n", s.vms(), s.count(VmState.IDLE),
        s.count(VmState.HIBERNATED), s.count(VmState.RUNNING) + s.count(VmState.RUNNABLE),
        s.count(VmState.FAULTED));
    out.printf(Locale.ROOT, "  memory          %s resident, %s hibernated on disk;"
        + " %,d hibernations, %,d restores%n", VmTable.size(s.residentBytes()),
        VmTable.size(s.hibernatedBytes()), s.hibernations(), s.restores());
    out.printf(Locale.ROOT, "  scheduler       %,d quanta (VM turns) on %d workers%n", s.quanta(),
        server.kernel.config().workers());
  }
}
