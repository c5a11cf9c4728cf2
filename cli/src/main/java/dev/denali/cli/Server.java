package dev.denali.cli;

import dev.denali.emu.LoadException;
import dev.denali.gateway.Gateway;
import dev.denali.gateway.GatewayConfig;
import dev.denali.gateway.ServiceInfo;
import dev.denali.gateway.admin.AdminServer;
import dev.denali.kernel.Binary;
import dev.denali.kernel.Kernel;
import dev.denali.kernel.KernelConfig;
import dev.denali.kernel.RestartPolicy;
import dev.denali.kernel.VmOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A running kernel with its gateway and admin API: what {@code serve} and {@code demo} boot. */
final class Server implements AutoCloseable {
  final Kernel kernel;
  final Gateway gateway;
  final AdminServer admin;

  private Server(Kernel kernel, Gateway gateway, AdminServer admin) {
    this.kernel = kernel;
    this.gateway = gateway;
    this.admin = admin;
  }

  /** Boots the kernel, the gateway on {@code port} and the admin API on {@code adminPort}. */
  static Server boot(KernelConfig kernelConfig, GatewayConfig gatewayConfig, String adminBind,
      int adminPort) throws IOException, InterruptedException {
    Kernel k = Kernel.start(kernelConfig);
    Gateway g = null;
    try {
      g = Gateway.start(k, gatewayConfig);
      AdminServer a = AdminServer.start(g, adminBind, adminPort);
      return new Server(k, g, a);
    } catch (RuntimeException | InterruptedException e) {
      if (g != null) {
        g.close();
      }
      k.close();
      throw e;
    }
  }

  /** The options services get: restarted (with back-off) when they fault. */
  static VmOptions serviceOptions(Path disk) {
    VmOptions o = VmOptions.defaults().withRestart(RestartPolicy.upTo(100));
    return disk == null ? o : o.withDisk(disk);
  }

  ServiceInfo deploy(String name, byte[] elf, int instances, VmOptions options)
      throws LoadException, InterruptedException {
    Gateway.checkName(name);
    Binary b = kernel.load(name, elf);
    return gateway.deploy(name, b, instances, options, 0);
  }

  /** Where everything is, with commands to try. */
  void printEndpoints(PrintWriter out, String host) {
    int port = gateway.port();
    out.printf(Locale.ROOT, "gateway: http://%s:%d/ (%s); admin API: http://127.0.0.1:%d/%n",
        host, port, gateway.transport(), admin.port());
    for (ServiceInfo s : gateway.services()) {
      out.printf(Locale.ROOT, "  %-8s %,7d VM%s   curl -H 'Host: %s' http://%s:%d/%n", s.name(),
          s.vms().size(), s.vms().size() == 1 ? " " : "s", s.name(), host, port);
    }
    String widest = gateway.services().stream()
        .max(java.util.Comparator.comparingInt(s -> s.vms().size()))
        .map(ServiceInfo::name).orElse("hello");
    out.printf(Locale.ROOT, "  one instance: curl -H 'Host: 42.%s' http://%s:%d/   metrics:"
        + " curl http://127.0.0.1:%d/metrics%n", widest, host, port, admin.port());
    out.flush();
  }

  /**
   * Waits until the JVM is asked to stop (Ctrl-C, SIGTERM) or {@code nanos} have passed (0: no
   * limit); the caller then closes the server.
   */
  static void awaitShutdown(long nanos) throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(stop::countDown);
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      if (nanos > 0) {
        stop.await(nanos, TimeUnit.NANOSECONDS);
      } else {
        stop.await();
      }
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting: the hook has run
      }
    }
  }

  @Override
  public void close() throws IOException {
    admin.close();
    gateway.close();
    kernel.close();
  }
}
