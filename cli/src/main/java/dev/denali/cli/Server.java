package dev.denali.cli;

import dev.denali.emu.LoadException;
import dev.denali.gateway.Gateway;
import dev.denali.gateway.GatewayConfig;
import dev.denali.gateway.ServiceInfo;
import dev.denali.gateway.admin.AdminConfig;
import dev.denali.gateway.admin.AdminServer;
import dev.denali.gateway.admin.AdminToken;
import dev.denali.kernel.Binary;
import dev.denali.kernel.Kernel;
import dev.denali.kernel.KernelConfig;
import dev.denali.kernel.RestartPolicy;
import dev.denali.kernel.VmOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A running kernel with its gateway and admin API: what {@code serve} and {@code demo} boot. */
final class Server implements AutoCloseable {
  final Kernel kernel;
  final Gateway gateway;
  final AdminServer admin;
  /** Where the admin token was written; deleted on close. */
  final Path tokenFile;

  private Server(Kernel kernel, Gateway gateway, AdminServer admin, Path tokenFile) {
    this.kernel = kernel;
    this.gateway = gateway;
    this.admin = admin;
    this.tokenFile = tokenFile;
  }

  /**
   * Boots the kernel, the gateway and the admin API, and writes the admin token to
   * {@code tokenFile} (null: {@link AdminToken#defaultFile} of the admin port), readable by this
   * user only.
   */
  static Server boot(KernelConfig kernelConfig, GatewayConfig gatewayConfig, AdminConfig admin,
      Path tokenFile) throws IOException, InterruptedException {
    Kernel k = Kernel.start(kernelConfig);
    Gateway g = null;
    AdminServer a = null;
    try {
      try {
        g = Gateway.start(k, gatewayConfig);
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) { // Netty throws the bind's IOException undeclared
        throw cannotListen(e, "port " + gatewayConfig.port());
      }
      try {
        a = AdminServer.start(g, admin);
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        throw cannotListen(e, "admin port " + admin.port());
      }
      Path file = tokenFile != null ? tokenFile : AdminToken.defaultFile(a.port());
      AdminToken.write(file, admin.token());
      return new Server(k, g, a, file);
    } catch (RuntimeException | IOException | InterruptedException e) {
      if (a != null) {
        a.close();
      }
      if (g != null) {
        g.close();
      }
      k.close();
      throw e;
    }
  }

  /**
   * A failure to bind {@code what} (Netty throws the bind's IOException undeclared, or wrapped in
   * a ChannelException) as an IOException that names it; anything else as it is.
   */
  private static IOException cannotListen(Exception e, String what) {
    Throwable cause = e instanceof io.netty.channel.ChannelException && e.getCause() != null
        ? e.getCause() : e;
    if (cause instanceof IOException) {
      return new IOException("cannot listen on " + what + ": " + cause.getMessage(), e);
    }
    if (e instanceof RuntimeException r) {
      throw r;
    }
    throw new IllegalStateException(e);
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
    GatewayConfig.Tls tls = gateway.config().tls();
    String scheme = tls != null && !tls.alsoCleartext() ? "https" : "http";
    out.printf(Locale.ROOT, "gateway: %s://%s:%d/ (%s); admin API: %s://%s:%d/ (token in %s)%n",
        scheme, host, port, gateway.transport(), admin.config().tls() ? "https" : "http",
        adminHost(), admin.port(), tokenFile);
    for (ServiceInfo s : gateway.services()) {
      out.printf(Locale.ROOT, "  %-8s %,7d VM%s   curl -H 'Host: %s' %s://%s:%d/%n", s.name(),
          s.vms().size(), s.vms().size() == 1 ? " " : "s", s.name(), scheme, host, port);
    }
    String widest = gateway.services().stream()
        .max(java.util.Comparator.comparingInt(s -> s.vms().size()))
        .map(ServiceInfo::name).orElse("hello");
    out.printf(Locale.ROOT, "  one instance: curl -H 'Host: 42.%s' %s://%s:%d/   metrics:"
        + " denali admin metrics%s%n", widest, scheme, host, port,
        admin.port() == 9090 ? "" : " --url http://127.0.0.1:" + admin.port());
    if (tls != null) {
      out.printf(Locale.ROOT, "  TLS%s: curl --http2 --cacert %s -H 'Host: %s'"
          + " https://%s:%d/%n", tls.alsoCleartext() ? " on the same port" : "",
          tls.certificate(), widest, host, port);
    }
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

  private String adminHost() {
    String bind = admin.config().bind();
    return bind.equals("0.0.0.0") || bind.equals("::") ? "localhost" : bind;
  }

  @Override
  public void close() throws IOException {
    try {
      Files.deleteIfExists(tokenFile);
    } catch (IOException e) {
      // a token file of a kernel that is gone opens nothing
    }
    admin.close();
    gateway.close();
    kernel.close();
  }
}
