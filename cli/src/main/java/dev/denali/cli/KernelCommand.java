package dev.denali.cli;

import dev.denali.emu.LoadException;
import dev.denali.isa.GuestConfig;
import dev.denali.kernel.Binary;
import dev.denali.kernel.Kernel;
import dev.denali.kernel.KernelConfig;
import dev.denali.kernel.KernelException;
import dev.denali.kernel.KernelStats;
import dev.denali.kernel.RestartPolicy;
import dev.denali.kernel.VmInfo;
import dev.denali.kernel.VmOptions;
import dev.denali.kernel.VmState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code denali kernel}: boot the isolation kernel in this process and run many VMs. */
@Command(
    name = "kernel",
    mixinStandardHelpOptions = true,
    description = {
      "Boot the isolation kernel, load each BINARY (ELF or assembly) and start --instances VMs"
          + " of it; run until every VM has ended or --duration has passed, printing progress"
          + " every second, then a table of the VMs and the kernel's counters.",
      "With --shell, read operator commands (load, spawn, list, stop, start, destroy,"
          + " hibernate, raise, stats, console) from stdin instead.",
      "Exit status: 0, or " + RunCommand.EXIT_FAULT + " when a VM ended in a fault."
    })
final class KernelCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", paramLabel = "BINARY", description = "guests to start")
  List<Path> binaries = new ArrayList<>();

  @Option(names = {"-n", "--instances"}, defaultValue = "1", paramLabel = "N",
      description = "VMs to start of each BINARY (default ${DEFAULT-VALUE})")
  int instances;

  @Option(names = "--weight", defaultValue = "1", paramLabel = "W",
      description = "CPU share of each VM (default ${DEFAULT-VALUE})")
  int weight;

  @Option(names = "--restarts", defaultValue = "0", paramLabel = "N",
      description = "restart a faulting VM up to N times, with doubling back-off")
  int restarts;

  @CommandLine.Mixin KernelOptions kernelOptions;

  @Option(names = "--quantum", defaultValue = "100000", paramLabel = "N",
      description = "guest instructions per turn of a weight-1 VM (default ${DEFAULT-VALUE})")
  long quantum;

  @Option(names = "--no-batching", description = "deliver every interrupt on its own")
  boolean noBatching;

  @Option(names = "--mem", paramLabel = "SIZE",
      description = "guest memory for assembled sources (default: 1M, or the source's note)")
  String memory;

  @Option(names = "--duration", paramLabel = "DURATION",
      description = "stop after this long even if VMs still run, e.g. 10s")
  String duration;

  @Option(names = "--list", description = "print every VM at the end (default: the first 20)")
  boolean listAll;

  @Option(names = "--shell", description = "read operator commands from stdin")
  boolean shell;

  @Option(names = "--quiet", description = "no progress lines")
  boolean quiet;

  @Option(names = {"-I", "--include"}, paramLabel = "DIR",
      description = "also search DIR for .include files (when assembling sources)")
  List<Path> includeDirs = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    KernelConfig config;
    long stopAfterNanos;
    try {
      config = config();
      stopAfterNanos = duration == null ? 0 : Durations.parseNanos(duration);
      if (instances < 0) {
        throw new IllegalArgumentException("--instances must not be negative");
      }
      if (weight < 1 || weight > 1000) {
        throw new IllegalArgumentException("--weight must be in 1..1000");
      }
    } catch (IllegalArgumentException e) {
      err.println("denali kernel: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    if (binaries.isEmpty() && !shell) {
      err.println("denali kernel: give at least one BINARY, or --shell");
      return Main.EXIT_USAGE;
    }
    try (Kernel kernel = Kernel.start(config)) {
      VmOptions options = VmOptions.defaults().withWeight(weight)
          .withRestart(restarts > 0 ? RestartPolicy.upTo(restarts) : RestartPolicy.NEVER);
      for (Path file : binaries) {
        Binary b = load(kernel, file, err);
        if (b == null) {
          return Main.EXIT_USER_ERROR;
        }
        String shortfall = HeapRoom.shortfall(b.memoryPerVm());
        if (shortfall != null) {
          err.println("denali kernel: a VM of " + b.name() + " " + shortfall + " (--mem)");
          return Main.EXIT_USER_ERROR;
        }
        long start = System.nanoTime();
        List<Integer> ids;
        try {
          ids = kernel.spawn(b, instances, options);
        } catch (OutOfMemoryError e) {
          err.println("denali kernel: VMs of " + b.name() + ": "
              + HeapRoom.outOfMemory((long) b.memoryPerVm() * instances) + " (--mem)");
          return Main.EXIT_USER_ERROR;
        }
        if (!quiet) {
          out.printf("started %,d VM%s of %s in %.1f ms%n", ids.size(),
              ids.size() == 1 ? "" : "s", b.name(), (System.nanoTime() - start) / 1e6);
        }
      }
      out.flush();
      if (shell) {
        Main main = (Main) spec.root().userObject();
        new KernelShell(kernel, out, err, includeDirs).run(new BufferedReader(
            new InputStreamReader(main.input, StandardCharsets.UTF_8)));
      } else {
        watch(kernel, stopAfterNanos, out);
      }
      List<VmInfo> vms = kernel.list();
      VmTable.print(out, vms, listAll ? Integer.MAX_VALUE : 20, "`--list`");
      VmTable.stats(out, kernel.stats());
      if (vms.size() <= 4) {
        for (VmInfo v : vms) {
          String console = kernel.console(v.id());
          if (!console.isEmpty()) {
            out.printf("--- console of VM %d ---%n%s%s", v.id(), console,
                console.endsWith("\n") ? "" : "\n");
          }
        }
      }
      boolean faulted = vms.stream().anyMatch(v -> v.state() == VmState.FAULTED);
      return faulted ? RunCommand.EXIT_FAULT : 0;
    } catch (KernelException e) {
      err.println("denali kernel: " + e.getMessage());
      return Main.EXIT_USER_ERROR;
    }
  }

  private KernelConfig config() {
    return kernelOptions.config(null).withQuantum(quantum).withBatching(!noBatching);
  }

  private Binary load(Kernel kernel, Path file, PrintWriter err) {
    Map<String, String> settings = memory == null ? Map.of()
        : Map.of(GuestConfig.KEY_MEMORY, memory);
    byte[] elf = GuestInput.elf(List.of(file), settings, includeDirs, err, "denali kernel");
    if (elf == null) {
      return null;
    }
    try {
      return kernel.load(GuestInput.baseName(file), elf);
    } catch (LoadException e) {
      err.println("denali kernel: " + file + ": " + e.getMessage());
      return null;
    }
  }

  /** Waits until every VM has ended or the duration is over, with a progress line a second. */
  private void watch(Kernel kernel, long stopAfterNanos, PrintWriter out) {
    long start = System.nanoTime();
    long lastQuanta = 0;
    long nextReport = start + 1_000_000_000L;
    while (true) {
      KernelStats s = kernel.stats();
      boolean allEnded = s.vms() == s.count(VmState.EXITED) + s.count(VmState.FAULTED);
      long now = System.nanoTime();
      if (allEnded || (stopAfterNanos > 0 && now - start >= stopAfterNanos)) {
        return;
      }
      if (now >= nextReport && !quiet) {
        out.printf("[%5.1f s] %s; %,d quanta/s%n", (now - start) / 1e9, VmTable.summary(s),
            s.quanta() - lastQuanta);
        out.flush();
        lastQuanta = s.quanta();
        nextReport += 1_000_000_000L;
      }
      try {
        // stats() visits every VM: at 100,000 VMs a 5 ms poll would cost the workers a core
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
