package dev.denali.cli;

import java.io.IOException;
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

/**
 * {@code denali admin}: the operator's commands against a running {@code denali serve} (or
 * {@code demo}), through the same admin HTTP API that scripts and Prometheus use. Answers are
 * printed as the API gives them (JSON), except {@code services}, a table ({@code --json} for
 * the API's answer); an error the server reports is printed as {@code denali: MESSAGE} on
 * stderr, with exit status 1.
 */
@Command(
    name = "admin",
    mixinStandardHelpOptions = true,
    description = {
      "Manage a running kernel through its admin API:",
      "  services [--json] | service NAME | deploy NAME BINARY [N] | scale NAME N | remove NAME",
      "  update NAME BINARY (a rolling update: VM by VM, no request fails)",
      "  apply MANIFEST [--prune] (make the running services what denali.yaml declares:"
          + " deploys, scales, rolling updates; --prune removes the services it does not name)",
      "  vms [SERVICE] | vm ID | console ID | stop ID | start ID | restart ID | hibernate ID |"
          + " destroy ID (a service's VM is replaced by a fresh one)",
      "  logs SERVICE [-f] (its VMs' console output, each line after [vm ID]; -f follows it)",
      "  stats | metrics | top (a live view, refreshed every second; --count N stops after N)",
      "  dashboard (prints the address of a live page for a browser, the token in it)",
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

  @Option(names = "--json",
      description = "services: print the admin API's answer (JSON) instead of a table")
  boolean json;

  @Option(names = "--count", defaultValue = "0", paramLabel = "N",
      description = "top: stop after N screens; logs -f: after N looks (default: until Ctrl-C)")
  int count;

  @Option(names = "--prune",
      description = "apply: also remove the running services the manifest does not name")
  boolean prune;

  @Option(names = {"-f", "--follow"},
      description = "logs: keep printing new output (twice a second) until Ctrl-C")
  boolean follow;

  @Option(names = {"-I", "--include"}, paramLabel = "DIR",
      description = "also search DIR for .include files (deploy of sources)")
  List<Path> includeDirs = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** One request to the admin API. */
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
    AdminClient client = new AdminClient(url, tokenFile);
    try {
      if (verb.equals("top")) {
        return top(client, c, out, err);
      }
      if (verb.equals("logs")) {
        return logs(client, c, out, err);
      }
      if (verb.equals("apply")) {
        return apply(client, out, err);
      }
      if (verb.equals("dashboard")) {
        AdminClient.Answer a = client.send(c.method, c.path, c.body);
        if (!a.ok()) {
          return failed(a, err);
        }
        out.println(client.dashboardAddress());
        out.println("(open it in a browser on this machine: the page keeps the token to itself;"
            + " whoever has the address can manage the kernel)");
        return 0;
      }
      if (verb.equals("services") && !json) {
        return servicesTable(client, out, err);
      }
      return print(client.send(c.method, c.path, c.body), out, err);
    } catch (AdminClient.Unreachable e) {
      err.println("denali admin: " + e.getMessage());
      return Main.EXIT_USER_ERROR;
    }
  }

  /** Redraws GET /top every second (clearing the terminal when there is one). */
  private int top(AdminClient client, Call c, PrintWriter out, PrintWriter err)
      throws InterruptedException, AdminClient.Unreachable {
    boolean tty = System.console() != null;
    for (int i = 0; count == 0 || i < count; i++) {
      if (i > 0) {
        Thread.sleep(1000);
      }
      if (tty) {
        out.print("\033[H\033[2J");
      }
      int status = print(client.send(c.method, c.path, c.body), out, err);
      if (status != 0) {
        return status;
      }
    }
    return 0;
  }

  /**
   * Prints the service's console output, each line after {@code [vm ID]} (a line still without
   * its newline waits for it, or for the end); with {@link #follow}, asks again twice a second
   * from where each VM's output was read to.
   */
  private int logs(AdminClient client, Call c, PrintWriter out, PrintWriter err)
      throws InterruptedException, AdminClient.Unreachable {
    Map<Integer, Long> read = new java.util.TreeMap<>();
    Map<Integer, StringBuilder> unfinished = new java.util.TreeMap<>();
    for (int round = 1; ; round++) {
      String since = read.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
          .collect(java.util.stream.Collectors.joining(","));
      AdminClient.Answer a = client.send("GET", c.path + (since.isEmpty() ? "" : "?since="
          + since), null);
      if (!a.ok()) {
        return failed(a, err);
      }
      try {
        Object vms = ((Map<?, ?>) JsonReader.parse(a.body())).get("vms");
        for (Object o : (List<?>) vms) {
          Map<?, ?> vm = (Map<?, ?>) o;
          int id = ((Number) vm.get("id")).intValue();
          long from = ((Number) vm.get("from")).longValue();
          Long had = read.get(id);
          if (had != null && from > had) {
            out.println("[vm " + id + "] (" + (from - had) + " bytes of output were lost:"
                + " the kernel keeps only the last part)");
          }
          read.put(id, ((Number) vm.get("to")).longValue());
          StringBuilder line = unfinished.computeIfAbsent(id, k -> new StringBuilder());
          line.append((String) vm.get("text"));
          for (int nl = line.indexOf("\n"); nl >= 0; nl = line.indexOf("\n")) {
            out.println("[vm " + id + "] " + line.substring(0, nl));
            line.delete(0, nl + 1);
          }
        }
      } catch (JsonReader.NotJson | ClassCastException | NullPointerException e) {
        err.println("denali admin: " + url + " does not answer as the admin API does");
        return Main.EXIT_USER_ERROR;
      }
      out.flush();
      if (!follow || count > 0 && round >= count) {
        break;
      }
      Thread.sleep(500);
    }
    unfinished.forEach((id, line) -> {
      if (line.length() > 0) {
        out.println("[vm " + id + "] " + line);
      }
    });
    out.flush();
    return 0;
  }

  /**
   * Makes the running services what the manifest declares: deploys the new ones, scales those
   * whose instances differ, gives those whose binary differs (by SHA-256) a rolling update, and
   * with {@link #prune} removes those it does not name; prints what it did to each. Every
   * binary is built first, so a manifest with one that does not build changes nothing. Weight
   * and restarts apply to services it deploys.
   */
  private int apply(AdminClient client, PrintWriter out, PrintWriter err)
      throws InterruptedException, AdminClient.Unreachable {
    Manifest m;
    try {
      m = Manifest.read(Path.of(arg(0)));
    } catch (IllegalArgumentException | java.io.IOException e) {
      err.println("denali admin: " + e.getMessage());
      return Main.EXIT_USER_ERROR;
    }
    Map<String, byte[]> elfs = new java.util.LinkedHashMap<>();
    for (Manifest.Entry s : m.services()) {
      if (s.disk() != null) {
        err.println("denali admin: " + m.file() + ": service " + s.name() + ": disk is for"
            + " denali serve (the admin API deploys no disks)");
        return Main.EXIT_USER_ERROR;
      }
      byte[] elf = GuestInput.elf(List.of(s.binary()), Map.of(), includeDirs, err,
          "denali admin");
      if (elf == null) {
        return Main.EXIT_USER_ERROR;
      }
      elfs.put(s.name(), elf);
    }
    AdminClient.Answer list = client.send("GET", "/services", null);
    if (!list.ok()) {
      return failed(list, err);
    }
    Map<String, Map<?, ?>> running = new java.util.TreeMap<>();
    try {
      for (Object o : (List<?>) JsonReader.parse(list.body())) {
        Map<?, ?> svc = (Map<?, ?>) o;
        running.put((String) svc.get("name"), svc);
      }
    } catch (JsonReader.NotJson | ClassCastException e) {
      err.println("denali admin: " + url + " does not answer as the admin API does");
      return Main.EXIT_USER_ERROR;
    }
    for (Manifest.Entry s : m.services()) {
      byte[] elf = elfs.get(s.name());
      Map<?, ?> now = running.get(s.name());
      String path = "/services/" + s.name();
      if (now == null) {
        AdminClient.Answer a = client.send("POST", path + "?instances=" + s.instances()
            + "&weight=" + s.weight() + "&restarts=" + s.restarts(), elf);
        if (!a.ok()) {
          return failed(a, err);
        }
        out.println(s.name() + ": deployed, " + s.instances() + " VMs");
        continue;
      }
      int have = ((List<?>) now.get("vms")).size();
      boolean newBinary = !dev.denali.kernel.Binary.digestOf(elf).equals(now.get("digest"));
      List<String> did = new ArrayList<>();
      if (s.instances() < have) { // fewer VMs to replace
        if (!scale(client, path, s.instances(), err)) {
          return Main.EXIT_USER_ERROR;
        }
        did.add("scaled from " + have + " to " + s.instances() + " VMs");
      }
      if (newBinary) {
        AdminClient.Answer a = client.send("POST", path + "/update", elf);
        if (!a.ok()) {
          return failed(a, err);
        }
        did.add("updated to the new binary (rolling, VM by VM)");
      }
      if (s.instances() > have) { // the new VMs run the new binary
        if (!scale(client, path, s.instances(), err)) {
          return Main.EXIT_USER_ERROR;
        }
        did.add("scaled from " + have + " to " + s.instances() + " VMs");
      }
      out.println(s.name() + ": " + (did.isEmpty() ? "unchanged" : String.join(", ", did)));
    }
    for (String name : running.keySet()) {
      if (elfs.containsKey(name)) {
        continue;
      }
      if (!prune) {
        out.println(name + ": not in the manifest, left running (--prune removes it)");
        continue;
      }
      AdminClient.Answer a = client.send("DELETE", "/services/" + name, null);
      if (!a.ok()) {
        return failed(a, err);
      }
      out.println(name + ": removed");
    }
    out.flush();
    return 0;
  }

  private boolean scale(AdminClient client, String path, int instances, PrintWriter err)
      throws InterruptedException, AdminClient.Unreachable {
    AdminClient.Answer a = client.send("POST", path + "/scale?instances=" + instances, null);
    if (!a.ok()) {
      failed(a, err);
      return false;
    }
    return true;
  }

  /** The services as a table: their list and, for their VMs' states and memory, every VM. */
  private int servicesTable(AdminClient client, PrintWriter out, PrintWriter err)
      throws InterruptedException, AdminClient.Unreachable {
    AdminClient.Answer services = client.send("GET", "/services", null);
    if (!services.ok()) {
      return failed(services, err);
    }
    AdminClient.Answer vms = client.send("GET", "/vms?limit=" + Integer.MAX_VALUE, null);
    if (!vms.ok()) {
      return failed(vms, err);
    }
    try {
      ServiceTable.print(out, JsonReader.parse(services.body()), JsonReader.parse(vms.body()));
    } catch (JsonReader.NotJson | IllegalArgumentException e) {
      err.println("denali admin: " + url + " does not answer as the admin API does ("
          + e.getMessage() + "); --json prints what it said");
      return Main.EXIT_USER_ERROR;
    }
    out.flush();
    return 0;
  }

  /** Prints a successful answer's body on stdout, or the server's error on stderr. */
  private static int print(AdminClient.Answer a, PrintWriter out, PrintWriter err) {
    if (!a.ok()) {
      return failed(a, err);
    }
    out.print(a.body());
    if (!a.body().isEmpty() && !a.body().endsWith("\n")) {
      out.println();
    }
    out.flush();
    return 0;
  }

  private static int failed(AdminClient.Answer a, PrintWriter err) {
    err.println("denali: " + a.error());
    err.flush();
    return Main.EXIT_USER_ERROR;
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
      case "update" -> {
        need(2);
        byte[] elf = GuestInput.elf(List.of(Path.of(arg(1))), Map.of(), includeDirs, err,
            "denali admin");
        yield elf == null ? null : new Call("POST", "/services/" + arg(0) + "/update", elf);
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
      case "logs" -> get(1, "/services/" + arg(0) + "/logs");
      case "stop", "start", "restart", "hibernate" -> {
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
      case "dashboard" -> get(0, "/stats");
      case "apply" -> get(1, "/services");
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
