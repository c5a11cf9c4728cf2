package dev.denali.cli;

import dev.denali.perf.KernelComparison;
import dev.denali.perf.Kernels;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code denali bench}: interpretation versus JIT versus plain Java, in one command. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Run the benchmark kernels (loop, sieve, crc32, fib, matmul, sort) on the interpreter,"
          + " on the JIT and as plain Java, and print median times, guest MIPS and ratios.",
      "A short version of perf/'s KernelReport and JMH suite; pin it to one core for stable"
          + " numbers: taskset -c 0 bin/denali bench"
    })
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--runs", defaultValue = "5", paramLabel = "N",
      description = "timed runs per measurement, after as many warm-up runs"
          + " (default ${DEFAULT-VALUE})")
  int runs;

  @Parameters(arity = "0..*", paramLabel = "KERNEL", description = "kernels (default: all)")
  List<String> kernels;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> names = kernels == null || kernels.isEmpty() ? Kernels.NAMES : kernels;
    for (String k : names) {
      if (!Kernels.NAMES.contains(k)) {
        err.println("denali bench: no kernel '" + k + "' (kernels: " + Kernels.NAMES + ")");
        return Main.EXIT_USAGE;
      }
    }
    if (runs < 1 || runs > 1000) {
      err.println("denali bench: --runs must be 1..1000");
      return Main.EXIT_USAGE;
    }
    var rows = KernelComparison.measure(names, runs, step -> {
      err.print("\r\033[K" + step + " ...");
      err.flush();
    });
    err.print("\r\033[K");
    err.flush();
    out.print(KernelComparison.table(rows));
    out.flush();
    return 0;
  }
}
