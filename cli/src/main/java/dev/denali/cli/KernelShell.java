package dev.denali.cli;

import dev.denali.emu.LoadException;
import dev.denali.kernel.Binary;
import dev.denali.kernel.Kernel;
import dev.denali.kernel.KernelException;
import dev.denali.kernel.VmInfo;
import dev.denali.kernel.VmOptions;
import dev.denali.kernel.VmState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The operator's console of {@code denali kernel --shell}: one command per line on stdin, each
 * answered on stdout (errors on stderr), against the running kernel's Java API.
 */
final class KernelShell {
  static final String HELP = """
      commands:
        load FILE [NAME]         load a guest (ELF or assembly) as a binary
        spawn BINARY [N] [W]     create and start N VMs (default 1) of weight W (default 1)
        list [all|STATE]         VMs with their state and counters (first 20, or all)
        stats                    kernel counters
        stop ID...               stop VMs at the end of their quantum
        start ID...              start created VMs, resume stopped ones
        destroy ID...|all        destroy VMs, freeing their memory
        hibernate ID...          write idle VMs to disk now
        raise ID BITS            raise interrupt bits (1 timer, 2 network)
        console ID               the last output of a VM
        help                     this list
        quit                     shut the kernel down
      """;

  private final Kernel kernel;
  private final PrintWriter out;
  private final PrintWriter err;
  private final List<Path> includeDirs;

  KernelShell(Kernel kernel, PrintWriter out, PrintWriter err, List<Path> includeDirs) {
    this.kernel = kernel;
    this.out = out;
    this.err = err;
    this.includeDirs = includeDirs;
  }

  /** Reads and runs commands until quit or the end of input. */
  void run(BufferedReader in) throws IOException {
    out.println("denali kernel shell: type help for the commands");
    out.flush();
    String line;
    while ((line = in.readLine()) != null) {
      String[] words = line.trim().split("\\s+");
      if (words[0].isEmpty() || words[0].startsWith("#")) {
        continue;
      }
      if (words[0].equals("quit") || words[0].equals("exit")) {
        break;
      }
      try {
        execute(words);
      } catch (KernelException | IllegalArgumentException e) {
        err.println(words[0] + ": " + e.getMessage());
      }
      out.flush();
      err.flush();
    }
  }

  private void execute(String[] w) {
    switch (w[0]) {
      case "help" -> out.print(HELP);
      case "load" -> load(w);
      case "spawn" -> spawn(w);
      case "list" -> list(w);
      case "stats" -> VmTable.stats(out, kernel.stats());
      case "stop" -> stop(w);
      case "start" -> ids(w).forEach(kernel::start);
      case "destroy" -> destroy(w);
      case "hibernate" -> {
        for (int id : ids(w)) {
          if (!kernel.hibernate(id)) {
            err.println("hibernate: VM " + id + " is not idle");
          }
        }
      }
      case "raise" -> {
        need(w, 3, "raise ID BITS");
        kernel.raise(number(w[1]), number(w[2]));
      }
      case "console" -> {
        need(w, 2, "console ID");
        out.print(kernel.console(number(w[1])));
        out.println();
      }
      default -> err.println(w[0] + ": unknown command (help lists them)");
    }
  }

  private void load(String[] w) {
    need(w, 2, "load FILE [NAME]");
    Path file = Path.of(w[1]);
    byte[] elf = GuestInput.elf(List.of(file), Map.of(), includeDirs, err, "load");
    if (elf == null) {
      return;
    }
    try {
      Binary b = kernel.load(w.length > 2 ? w[2] : GuestInput.baseName(file), elf);
      out.printf(Locale.ROOT, "binary %d: %s, %s of memory per VM%n", b.id(), b.name(),
          VmTable.size(b.memoryPerVm()));
    } catch (LoadException e) {
      err.println("load: " + file + ": " + e.getMessage());
    }
  }

  private void spawn(String[] w) {
    need(w, 2, "spawn BINARY [N] [WEIGHT]");
    Binary b = binary(w[1]);
    int n = w.length > 2 ? number(w[2]) : 1;
    int weight = w.length > 3 ? number(w[3]) : 1;
    String shortfall = HeapRoom.shortfall(b.memoryPerVm());
    if (shortfall != null) {
      throw new IllegalArgumentException("a VM of " + b.name() + " " + shortfall);
    }
    List<Integer> ids;
    try {
      ids = kernel.spawn(b, n, VmOptions.defaults().withWeight(weight));
    } catch (OutOfMemoryError e) {
      throw new IllegalArgumentException("VMs of " + b.name() + ": "
          + HeapRoom.outOfMemory((long) b.memoryPerVm() * n));
    }
    out.printf(Locale.ROOT, "started %d VM%s of %s: %s%n", ids.size(), ids.size() == 1 ? "" : "s",
        b.name(), ids.size() == 1 ? ids.get(0) : ids.get(0) + ".." + ids.get(ids.size() - 1));
  }

  private void list(String[] w) {
    List<VmInfo> vms = kernel.list();
    int limit = 20;
    if (w.length > 1) {
      if (w[1].equals("all")) {
        limit = Integer.MAX_VALUE;
      } else {
        VmState state = VmState.valueOf(w[1].toUpperCase(Locale.ROOT));
        vms = vms.stream().filter(v -> v.state() == state).toList();
      }
    }
    VmTable.print(out, vms, limit, "`list all`");
  }

  /** Stops the VMs and waits (up to 2 s) until they are off their workers. */
  private void stop(String[] w) {
    List<Integer> ids = ids(w);
    ids.forEach(kernel::stop);
    long end = System.nanoTime() + 2_000_000_000L;
    for (int id : ids) {
      while (System.nanoTime() < end) {
        VmInfo v = kernel.info(id);
        if (v == null || v.state() != VmState.RUNNING && v.state() != VmState.HIBERNATING
            && v.state() != VmState.RESTORING) {
          break;
        }
        Thread.onSpinWait();
      }
    }
  }

  private void destroy(String[] w) {
    if (w.length == 2 && w[1].equals("all")) {
      kernel.list().forEach(v -> kernel.destroy(v.id()));
    } else {
      ids(w).forEach(kernel::destroy);
    }
  }

  private Binary binary(String nameOrId) {
    for (Binary b : kernel.binaries()) {
      if (b.name().equals(nameOrId) || Integer.toString(b.id()).equals(nameOrId)) {
        return b;
      }
    }
    throw new IllegalArgumentException("no binary " + nameOrId + " (load it first)");
  }

  private static List<Integer> ids(String[] w) {
    need(w, 2, w[0] + " ID...");
    List<Integer> ids = new ArrayList<>();
    for (int i = 1; i < w.length; i++) {
      ids.add(number(w[i]));
    }
    return ids;
  }

  private static int number(String s) {
    try {
      return Integer.decode(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + s + "' is not a number");
    }
  }

  private static void need(String[] w, int n, String usage) {
    if (w.length < n) {
      throw new IllegalArgumentException("usage: " + usage);
    }
  }
}
