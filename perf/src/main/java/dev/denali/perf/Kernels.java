package dev.denali.perf;

import dev.denali.asm.Assembler;
import dev.denali.asm.AssemblerOptions;
import dev.denali.asm.AssemblyResult;
import dev.denali.asm.SourceFile;
import dev.denali.emu.Clock;
import dev.denali.emu.Console;
import dev.denali.emu.Engine;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.LoadException;
import dev.denali.emu.ProgramLoader;
import dev.denali.emu.StopReason;
import dev.denali.emu.Vm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The benchmark kernels: guest programs in perf/src/main/resources/kernels/*.s, each also written
 * in plain Java ({@link JavaKernels}); both give the same exit status.
 */
public final class Kernels {
  private Kernels() {}

  /** The kernels, in report order. */
  public static final List<String> NAMES =
      List.of("loop", "sieve", "crc32", "fib", "matmul", "sort");

  /** Assembles kernel {@code name} (with 8 MiB of guest memory) and loads it. */
  public static GuestProgram load(String name) {
    String source;
    try (InputStream in = Kernels.class.getResourceAsStream("/kernels/" + name + ".s")) {
      if (in == null) {
        throw new IllegalArgumentException("no kernel named " + name);
      }
      source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    AssemblyResult r = Assembler.assemble(List.of(SourceFile.of(name + ".s", source)),
        AssemblerOptions.defaults().withSettings(Map.of("memory", "8M")));
    if (!r.ok()) {
      throw new IllegalStateException("kernel " + name + " does not assemble:\n"
          + r.formatDiagnostics());
    }
    try {
      return ProgramLoader.load(name, r.elf());
    } catch (LoadException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs a fresh VM of {@code program} to its exit; returns {exit status, retired}. */
  public static long[] run(GuestProgram program, Engine engine) {
    return run(newVm(program), engine);
  }

  /** A fresh VM of {@code program}, ready to run (its guest memory allocated). */
  public static Vm newVm(GuestProgram program) {
    return new Vm(program, 0, Console.DISCARD, Clock.system());
  }

  /** Runs {@code vm} to its exit; returns {exit status, retired}. */
  public static long[] run(Vm vm, Engine engine) {
    while (true) {
      StopReason r = engine.run(vm, 100_000_000L);
      switch (r) {
        case BUDGET -> { }
        case EXITED -> {
          return new long[] {vm.exitStatus(), vm.retired};
        }
        default -> throw new IllegalStateException("kernel stopped: " + r + " "
            + (vm.fault() == null ? "" : vm.fault().report(vm.registers())));
      }
    }
  }
}
