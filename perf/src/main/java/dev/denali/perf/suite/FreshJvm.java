package dev.denali.perf.suite;

import dev.denali.emu.EngineKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fresh-JVM measurement of one program: what a user of {@code denali run} sees. Each run is a
 * whole child process, {@code java <child options> -jar cli/target/denali.jar run --engine E
 * --stats prog.elf}, timed from its start to its exit (JVM start-up, class loading, loading the
 * ELF, warm-up and translation included); the median of R runs per engine, the engines taking
 * turns. {@code --stats} gives the retired instructions (checked like the rest of the
 * behaviour) and the time of the guest run alone, from which the report takes auto's first run
 * over interp's. Native and qemu-riscv32 are measured as in {@link SteadyState}.
 */
public final class FreshJvm {
  private FreshJvm() {}

  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final Pattern STATS = Pattern.compile(
      "denali run: ([0-9,]+) instructions in ([0-9.]+) s");

  /** How to start the child JVMs: the java binary, its options, the CLI jar. */
  public record Launcher(Path java, List<String> options, Path cliJar) {
    /** The command that runs {@code elf} on {@code engine}. */
    List<String> command(EngineKind engine, Path elf) {
      List<String> cmd = new ArrayList<>();
      cmd.add(java.toString());
      cmd.addAll(options);
      cmd.addAll(List.of("-jar", cliJar.toString(), "run", "--engine", engine.label(),
          "--stats", elf.toString()));
      return cmd;
    }
  }

  /** A child run: its behaviour, its wall time and the guest run's own time (--stats). */
  record ChildRun(Behaviour behaviour, double wallMs, double guestMs) {}

  /** Runs {@code elf} once in a child JVM on {@code engine}. */
  static ChildRun runChild(Launcher launcher, EngineKind engine, Path elf) {
    ProcessRun.Result r = ProcessRun.run(launcher.command(engine, elf), TIMEOUT);
    if (r.timedOut()) {
      return new ChildRun(new Behaviour(-1, r.stdout(), Behaviour.UNKNOWN,
          "killed after " + TIMEOUT.toMinutes() + " minutes"), r.nanos() / 1e6, Double.NaN);
    }
    Matcher m = STATS.matcher(r.stderr());
    if (!m.find()) {
      return new ChildRun(new Behaviour(r.exitStatus(), r.stdout(), Behaviour.UNKNOWN,
          "no --stats line; stderr: " + r.stderr().strip()), r.nanos() / 1e6, Double.NaN);
    }
    long retired = Long.parseLong(m.group(1).replace(",", ""));
    Behaviour b = Behaviour.exited(r.exitStatus(), r.stdout(), retired);
    return new ChildRun(b, r.nanos() / 1e6, Double.parseDouble(m.group(2)) * 1e3);
  }

  /** Measures {@code name}; problems go to {@code agreement}. */
  public static SuiteTable.Row measure(String name, SuiteReport.Settings s, Launcher launcher,
      Path elf, Agreement agreement) {
    List<EngineKind> engines = SteadyState.ENGINES;
    double[][] wall = new double[engines.size()][s.runs()];
    double[][] guest = new double[engines.size()][s.runs()];
    long instructions = Behaviour.UNKNOWN;
    Baselines.Measured baselines = null;
    for (int round = 0; round < s.runs(); round++) {
      for (int e = 0; e < engines.size(); e++) {
        ChildRun c = runChild(launcher, engines.get(e), elf);
        agreement.check(engines.get(e).label() + " JVM " + (round + 1), c.behaviour());
        wall[e][round] = c.wallMs();
        guest[e][round] = c.guestMs();
        if (c.behaviour().retired() != Behaviour.UNKNOWN) {
          instructions = c.behaviour().retired();
        }
      }
      if (round == 0) { // the reference (interp, first child JVM) exists
        baselines = Baselines.measure(name, s, elf, agreement);
      }
    }
    double autoFirst = Stats.median(guest[2]) / Stats.median(guest[0]);
    return new SuiteTable.Row(name, instructions, baselines.nativeMs(), baselines.qemuMs(),
        Stats.median(wall[0]),
        Stats.median(wall[1]), Stats.median(wall[2]), autoFirst);
  }
}
