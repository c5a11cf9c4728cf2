package dev.denali.cli;

import dev.denali.emu.LoadException;
import dev.denali.gateway.GatewayConfig;
import dev.denali.gateway.admin.AdminConfig;
import dev.denali.isa.GuestConfig;
import dev.denali.kernel.KernelConfig;
import dev.denali.kernel.KernelException;
import dev.denali.kernel.RestartPolicy;
import dev.denali.kernel.VmOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code denali serve}: the kernel with its network gateway, serving until interrupted. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Boot the kernel with its network gateway and admin API, deploy each BINARY as a service"
          + " of --instances VMs, print where each is reachable, and serve until interrupted.",
      "A BINARY is an ELF or assembly source; NAME=BINARY names the service (default: the"
          + " binary's service setting, or its file name). Clients reach a service by the Host"
          + " header (Host: NAME, or NAME.anything; 42.NAME picks its instance 42)."
    })
final class ServeCommand implements Callable<Integer> {
  /** A service to deploy: from the command line's BINARY arguments, or from a manifest. */
  private record Deployment(String name, Path file, int instances, VmOptions options) {}

  @Parameters(arity = "1..*", paramLabel = "[NAME=]BINARY",
      description = "services to deploy, or one manifest (denali.yaml: see denali admin apply)")
  List<String> binaries = new ArrayList<>();

  @Option(names = "--port", defaultValue = "8080", paramLabel = "P",
      description = "gateway port (default ${DEFAULT-VALUE}; 0: any free port)")
  int port;

  @Option(names = "--bind", defaultValue = "0.0.0.0", paramLabel = "ADDR",
      description = "gateway address (default ${DEFAULT-VALUE}: every interface)")
  String bind;

  @Option(names = "--admin-port", defaultValue = "9090", paramLabel = "A",
      description = "admin API port (default ${DEFAULT-VALUE}; 0: any free port)")
  int adminPort;

  @Option(names = "--admin-bind", defaultValue = "127.0.0.1", paramLabel = "ADDR",
      description = "admin API address (default ${DEFAULT-VALUE}; off loopback only with"
          + " --admin-tls-cert)")
  String adminBind;

  @Option(names = {"-n", "--instances"}, defaultValue = "1", paramLabel = "N",
      description = "VMs per service (default ${DEFAULT-VALUE})")
  int instances;

  @Option(names = "--disk", paramLabel = "FILE",
      description = "disk image for the services' VMs (one VM per image: use with -n 1)")
  Path disk;

  @CommandLine.Mixin KernelOptions kernelOptions;

  @CommandLine.Mixin AdminOptions adminOptions;

  @Option(names = "--tls-cert", paramLabel = "PEM",
      description = "serve HTTPS (HTTP/2 and HTTP/1.1 by ALPN) with this certificate chain")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "its PKCS#8 private key")
  Path tlsKey;

  @Option(names = "--access-log", paramLabel = "FILE",
      description = "append a line for every answered request to FILE ('-': standard output)")
  Path accessLog;

  @Option(names = "--stream",
      description = "route whole connections by their first request (the old mode) instead of"
          + " each HTTP request by its own Host")
  boolean stream;

  @Option(names = "--service-ports", defaultValue = "1024-65535", paramLabel = "LOW-HIGH",
      description = "ports a deploy may give a service of its own (default ${DEFAULT-VALUE})")
  String servicePorts;

  @Option(names = "--mem", paramLabel = "SIZE", description = "guest memory for sources")
  String memory;

  @Option(names = {"-I", "--include"}, paramLabel = "DIR",
      description = "also search DIR for .include files (when assembling sources)")
  List<Path> includeDirs = new ArrayList<>();

  @Option(names = "--duration", paramLabel = "DURATION",
      description = "stop after this long (default: until interrupted)")
  String duration;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    KernelConfig kc;
    long stopAfter;
    GatewayConfig gc;
    AdminConfig ac;
    try {
      kc = kernelOptions.config(null);
      stopAfter = duration == null ? 0 : Durations.parseNanos(duration);
      gc = GatewayConfig.defaults().withPort(port).withBind(bind)
          .withServicePorts(GatewayConfig.PortRange.parse(servicePorts))
          .withHttp(stream ? null : GatewayConfig.HttpLimits.defaults().withAccessLog(accessLog));
      if (stream && accessLog != null) {
        throw new IllegalArgumentException("--access-log logs HTTP requests; drop --stream");
      }
      if ((tlsCert == null) != (tlsKey == null)) {
        throw new IllegalArgumentException("give --tls-cert and --tls-key together");
      }
      if (tlsCert != null) {
        if (stream) {
          throw new IllegalArgumentException("--tls-cert serves HTTP mode; drop --stream");
        }
        gc = gc.withTls(new GatewayConfig.Tls(tlsCert, tlsKey));
      }
      ac = adminOptions.config(adminBind, adminPort);
      if (disk != null && (instances > 1 || binaries.size() > 1)) {
        throw new IllegalArgumentException("--disk gives its image to one VM: use it with one"
            + " service and -n 1 (two VMs writing one image would lose each other's writes)");
      }
    } catch (IllegalArgumentException e) {
      err.println("denali serve: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    List<Deployment> deployments = new ArrayList<>();
    if (binaries.size() == 1 && Manifest.isManifest(binaries.get(0))) {
      try {
        for (Manifest.Entry s : Manifest.read(Path.of(binaries.get(0))).services()) {
          deployments.add(new Deployment(s.name(), s.binary(), s.instances(),
              Server.serviceOptions(s.disk()).withWeight(s.weight())
                  .withRestart(RestartPolicy.upTo(s.restarts()))));
        }
      } catch (IllegalArgumentException | java.io.IOException e) {
        err.println("denali serve: " + e.getMessage());
        return Main.EXIT_USER_ERROR;
      }
    } else {
      for (String spec : binaries) {
        int eq = spec.indexOf('=');
        Path file = Path.of(eq > 0 ? spec.substring(eq + 1) : spec);
        String name = eq > 0 ? spec.substring(0, eq) : GuestInput.baseName(file);
        deployments.add(new Deployment(name, file, instances, Server.serviceOptions(disk)));
      }
    }
    Map<String, String> settings = memory == null ? Map.of()
        : Map.of(GuestConfig.KEY_MEMORY, memory);
    try (Server server = Server.boot(kc, gc, ac, adminOptions.tokenFile)) {
      for (Deployment d : deployments) {
        byte[] elf = GuestInput.elf(List.of(d.file()), settings, includeDirs, err,
            "denali serve");
        if (elf == null) {
          return Main.EXIT_USER_ERROR;
        }
        try {
          server.deploy(d.name(), elf, d.instances(), d.options());
        } catch (LoadException e) {
          err.println("denali serve: " + d.file() + ": " + e.getMessage());
          return Main.EXIT_USER_ERROR;
        }
      }
      server.printEndpoints(out, bind.equals("0.0.0.0") ? "localhost" : bind);
      out.println("serving; Ctrl-C stops");
      out.flush();
      Server.awaitShutdown(stopAfter);
      return 0;
    } catch (KernelException | IllegalArgumentException e) {
      err.println("denali serve: " + e.getMessage());
      return Main.EXIT_USER_ERROR;
    } catch (java.io.IOException | io.netty.channel.ChannelException e) {
      err.println("denali serve: " + e.getMessage());
      return Main.EXIT_USER_ERROR;
    }
  }

}
