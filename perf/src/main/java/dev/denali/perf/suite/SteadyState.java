package dev.denali.perf.suite;

import dev.denali.emu.Engine;
import dev.denali.emu.EngineKind;
import dev.denali.emu.GuestProgram;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Steady-state measurement of one program in this JVM. Each engine (interp, jit, auto) gets its
 * own freshly loaded program, loaded once, and runs it W + R times, each run on a fresh VM; the
 * engines take turns run by run (interp, jit, auto, interp, ...), so drift of the machine
 * spreads over all three. The first W runs of each are warm-up; the median of the last R is the
 * engine's time. Native and qemu-riscv32 ({@link Baselines}) run first, R times each. Every
 * run is checked against the first interpreter run ({@link Agreement}).
 */
public final class SteadyState {
  private SteadyState() {}

  /** The engines, in the order of the table's columns. */
  static final List<EngineKind> ENGINES = List.of(EngineKind.INTERP, EngineKind.JIT,
      EngineKind.AUTO);

  /** Measures {@code name}, whose ELF is {@code elf}; problems go to {@code agreement}. */
  public static SuiteTable.Row measure(String name, SuiteReport.Settings s, Path elf,
      Agreement agreement) {
    List<GuestProgram> programs = new ArrayList<>();
    List<Engine> engines = new ArrayList<>();
    for (EngineKind k : ENGINES) {
      programs.add(SuitePrograms.load(name, s.build()));
      engines.add(k.create());
    }
    double[][] ms = new double[ENGINES.size()][s.runs()];
    int rounds = s.warmups() + s.runs();
    long instructions = Behaviour.UNKNOWN;
    Baselines.Measured baselines = null;
    for (int round = 0; round < rounds; round++) {
      for (int e = 0; e < ENGINES.size(); e++) {
        InJvmRun.Timed t = InJvmRun.run(programs.get(e), engines.get(e));
        agreement.check(ENGINES.get(e).label() + " run " + (round + 1), t.behaviour());
        if (round >= s.warmups()) {
          ms[e][round - s.warmups()] = t.nanos() / 1e6;
        }
        instructions = t.behaviour().retired();
      }
      if (round == 0) { // the reference (interp run 1) exists; the engines are still cold
        baselines = Baselines.measure(name, s, elf, agreement);
      }
    }
    return new SuiteTable.Row(name, instructions, baselines.nativeMs(), baselines.qemuMs(),
        Stats.median(ms[0]),
        Stats.median(ms[1]), Stats.median(ms[2]), Double.NaN);
  }
}
