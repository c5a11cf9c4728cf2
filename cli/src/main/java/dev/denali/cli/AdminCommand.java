package dev.denali.cli;

import dev.denali.gateway.admin.AdminToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code denali admin}: the operator's commands against a running {@code denali serve} (or
 * {@code demo}), through the same admin HTTP API that scripts and Prometheus use.
 */
@Command(
    name = "admin",
    mixinStandardHelpOptions = true,
    description = {
      "Manage a running kernel through its admin API:",
      "  services | service NAME | deploy NAME BINARY [N] | scale NAME N | remove NAME",
      "  vms [SERVICE] | vm ID | console ID | stop ID | start ID | hibernate ID | destroy ID",
      "  stats | metrics | top (a live view, refreshed every second; --count N stops after N)",
      "BINARY is an ELF or an assembly source (assembled here)."
    })
final class AdminCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "COMMAND", description = "what to do (see above)")
  String verb;

  @Parameters(index = "1..*", paramLabel = "ARG", description = "its arguments")
  List<String> args = new ArrayList<>();

  @Option(names = "--url", defaultValue = "http://127.0.0.1:9090", paramLabel = "URL",
      description = "the admin API (default ${DEFAULT-VALUE})")
  String url;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "the admin token (default: $DENALI_ADMIN_TOKEN, else the file the kernel"
          + " wrote, ~/.denali/admin-PORT.token)")
  Path tokenFile;

  @Option(names = "--count", defaultValue = "0", paramLabel = "N",
      description = "top: stop after N screens (default: until Ctrl-C)")
  int count;

  @Option(names = {"-I", "--include"}, paramLabel = "DIR",
      description = "also search DIR for .include files (deploy of sources)")
  List<Path> includeDirs = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private record Call(String method, String path, byte[] body) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Call c;
    try {
      c = call(err);
    } catch (IllegalArgumentException e) {
      err.println("denali admin: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    if (c == null) {
      return Main.EXIT_USER_ERROR;
    }
    if (verb.equals("top")) {
      return top(c, out, err);
    }
    return send(c, out, err);
  }

  /** Redraws GET /top every second (clearing the terminal when there is one). */
  private int top(Call c, PrintWriter out, PrintWriter err) throws InterruptedException {
    boolean tty = System.console() != null;
    for (int i = 0; count == 0 || i < count; i++) {
      if (i > 0) {
        Thread.sleep(1000);
      }
      if (tty) {
        out.print("\033[H\033[2J");
      }
      int status = send(c, out, err);
      if (status != 0) {
        return status;
      }
    }
    return 0;
  }

  private int send(Call c, PrintWriter out, PrintWriter err) throws InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "")
        + c.path)).timeout(Duration.ofSeconds(60));
    try {
      String token = AdminToken.forClient(URI.create(url), tokenFile);
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
    } catch (IOException | IllegalArgumentException e) {
      err.println("denali admin: " + e.getMessage());
      return Main.EXIT_USER_ERROR;
    }
    b.method(c.method, c.body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(c.body));
    HttpResponse<String> r;
    try {
      r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      err.println("denali admin: nothing answers at " + url + " (is `denali serve` running?"
          + " --url names another)");
      return Main.EXIT_USER_ERROR;
    } catch (IOException | IllegalArgumentException e) {
      err.println("denali admin: " + url + ": " + e.getMessage());
      return Main.EXIT_USER_ERROR;
    }
    if (r.statusCode() >= 400) {
      err.print("denali admin: " + r.statusCode() + " " + r.body());
      return Main.EXIT_USER_ERROR;
    }
    out.print(r.body());
    out.flush();
    return 0;
  }

  private Call call(PrintWriter err) throws IOException {
    return switch (verb) {
      case "services" -> get(0, "/services");
      case "service" -> get(1, "/services/" + arg(0));
      case "deploy" -> {
        need(2);
        byte[] elf = GuestInput.elf(List.of(Path.of(arg(1))), Map.of(), includeDirs, err,
            "denali admin");
        int n = args.size() > 2 ? number(arg(2)) : 1;
        yield elf == null ? null : new Call("POST", "/services/" + arg(0) + "?instances=" + n,
            elf);
      }
      case "scale" -> {
        need(2);
        yield new Call("POST", "/services/" + arg(0) + "/scale?instances=" + number(arg(1)),
            null);
      }
      case "remove" -> {
        need(1);
        yield new Call("DELETE", "/services/" + arg(0), null);
      }
      case "vms" -> get(0, args.isEmpty() ? "/vms" : "/vms?service=" + arg(0));
      case "vm" -> get(1, "/vms/" + number(arg(0)));
      case "console" -> get(1, "/vms/" + number(arg(0)) + "/console");
      case "stop", "start", "hibernate" -> {
        need(1);
        yield new Call("POST", "/vms/" + number(arg(0)) + "/" + verb, null);
      }
      case "destroy" -> {
        need(1);
        yield new Call("DELETE", "/vms/" + number(arg(0)), null);
      }
      case "stats" -> get(0, "/stats");
      case "metrics" -> get(0, "/metrics");
      case "top" -> get(0, "/top");
      default -> throw new IllegalArgumentException("unknown command '" + verb
          + "' (denali admin --help lists them)");
    };
  }

  private Call get(int needed, String path) {
    need(needed);
    return new Call("GET", path, null);
  }

  private String arg(int i) {
    need(i + 1);
    return args.get(i);
  }

  private void need(int n) {
    if (args.size() < n) {
      throw new IllegalArgumentException(verb + " needs " + n + " argument"
          + (n == 1 ? "" : "s") + " (denali admin --help)");
    }
  }

  private static int number(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + s + "' is not a number");
    }
  }
}
