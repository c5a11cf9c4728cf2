package dev.denali.perf.c;

import dev.denali.emu.Clock;
import dev.denali.emu.Engine;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.LoadException;
import dev.denali.emu.ProgramLoader;
import dev.denali.emu.StopReason;
import dev.denali.emu.Vm;
import dev.denali.perf.Kernels;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The C benchmark kernels: {@code perf/src/main/resources/ckernels/*.c}, compiled at run time with
 * {@code riscv64-unknown-elf-gcc -O2} against the guest SDK (the command line of
 * guest-sdk/README.md, {@link GuestBuild#gccO2}) into a temporary directory. The ELF is built
 * once per JVM and cached; every {@link #load} returns a freshly loaded {@link GuestProgram}, so
 * its JIT translation is made anew.
 *
 * <p>The SDK is found at {@code <denali.root>/guest-sdk/c}; the system property
 * {@code denali.root} defaults to the current directory (the repository root when run as the perf
 * README shows). The compiler is {@code riscv64-unknown-elf-gcc}, or the system property
 * {@code denali.gcc}.
 */
public final class CKernels {
  private CKernels() {}

  /** The C sources: the ckernels resource directory. */
  static final CResources SOURCES = new CResources("ckernels");

  /** The kernel with a plain-Java twin; the one the reports measure by default. */
  public static final String WORKLOAD = "workload";

  /** Plain-Java twins: the guest's exit status, computed in Java. */
  private static final Map<String, IntSupplier> TWINS = Map.of(WORKLOAD, JavaWorkload::run);

  private static final Map<String, byte[]> ELF_CACHE = new ConcurrentHashMap<>();

  /** The names of the C kernels (the .c files in the ckernels resources), sorted. */
  public static List<String> names() {
    return SOURCES.names();
  }

  /** The plain-Java twin of kernel {@code name}, or null if it has none. */
  public static IntSupplier javaTwin(String name) {
    return TWINS.get(name);
  }

  /** Kernel {@code name}, freshly loaded from its (cached) ELF. */
  public static GuestProgram load(String name) {
    try {
      return ProgramLoader.load(name, elf(name));
    } catch (LoadException e) {
      throw new IllegalStateException("C kernel " + name + " does not load: " + e.getMessage(),
          e);
    }
  }

  /** The ELF of kernel {@code name}, compiled on first use in this JVM. */
  public static byte[] elf(String name) {
    byte[] elf = ELF_CACHE.get(name);
    if (elf == null) {
      synchronized (ELF_CACHE) {
        elf = ELF_CACHE.get(name);
        if (elf == null) {
          elf = SOURCES.compile(name, GuestBuild.gccO2());
          ELF_CACHE.put(name, elf);
        }
      }
    }
    return elf;
  }

  /** Runs a fresh VM of {@code program} to its exit; returns {exit status, retired}. */
  public static long[] run(GuestProgram program, Engine engine) {
    return Kernels.run(program, engine);
  }

  /** Runs a fresh VM of {@code program} to its exit and returns what it wrote to stdout/stderr. */
  public static String output(GuestProgram program, Engine engine) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Vm vm = new Vm(program, 0, (stream, b, off, len) -> out.write(b, off, len), Clock.system());
    while (true) {
      StopReason r = engine.run(vm, 100_000_000L);
      if (r == StopReason.EXITED) {
        return out.toString(StandardCharsets.UTF_8);
      }
      if (r != StopReason.BUDGET) {
        throw new IllegalStateException(program.name() + " stopped: " + r + " "
            + (vm.fault() == null ? "" : vm.fault().report(vm.registers())));
      }
    }
  }
}
