package dev.denali.cli;

import dev.denali.emu.Clock;
import dev.denali.emu.Console;
import dev.denali.emu.Disk;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.LoadException;
import dev.denali.emu.ProgramLoader;
import dev.denali.emu.Runner;
import dev.denali.emu.Vm;
import dev.denali.emu.Engine;
import dev.denali.emu.EngineKind;
import dev.denali.emu.jit.Translation;
import dev.denali.isa.GuestConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code denali run}: run one guest to its end. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run one guest: an ELF binary, or assembly sources assembled on the fly.",
      "Console output goes to stdout as it is written. Exit status: the guest's own (0-255);"
          + " " + RunCommand.EXIT_FAULT + " when it faulted (report on stderr); "
          + RunCommand.EXIT_LIMIT + " when --max-instructions or --timeout stopped it; 1 when"
          + " the binary or sources are refused."
    })
final class RunCommand implements Callable<Integer> {
  /** Exit status when the guest faulted. */
  static final int EXIT_FAULT = 125;
  /** Exit status when a limit of the run stopped the guest. */
  static final int EXIT_LIMIT = 124;

  @Parameters(arity = "1..*", paramLabel = "FILE",
      description = "a guest ELF, or assembly sources (.s, .S, .asm)")
  List<Path> files;

  @Option(names = "--engine", defaultValue = "auto", paramLabel = "ENGINE",
      description = "interp, jit (translate each function when it is first entered, one of"
          + " over 4,000 instructions once it is hot) or auto (default: interpret, translate"
          + " in the background what gets hot)")
  String engine;

  @Option(names = "--mem", paramLabel = "SIZE", description = "guest memory, e.g. 4M"
      + " (default: the binary's setting, or 1M)")
  String memory;

  @Option(names = "--max-instructions", paramLabel = "N",
      description = "stop the guest after N instructions")
  long maxInstructions;

  @Option(names = "--timeout", paramLabel = "DURATION",
      description = "stop the guest after this wall time, e.g. 500ms, 10s, 2m")
  String timeout;

  @Option(names = {"-I", "--include"}, paramLabel = "DIR",
      description = "also search DIR for .include files (when running sources)")
  List<Path> includeDirs = new ArrayList<>();

  @Option(names = "--disk", paramLabel = "FILE",
      description = "virtual disk image (whole 4096-byte blocks)")
  Path disk;

  @Option(names = "--trace", arity = "0..1", fallbackValue = "-", paramLabel = "FILE",
      description = "print each executed instruction and the registers it changed"
          + " (to stderr, or to FILE)")
  String trace;

  @Option(names = "--trace-limit", defaultValue = "100000", paramLabel = "N",
      description = "trace at most N instructions (default ${DEFAULT-VALUE})")
  long traceLimit;

  @Option(names = "--stats", description = "print retired instructions, wall time and MIPS")
  boolean stats;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    EngineKind kind = EngineKind.byLabel(engine);
    if (kind == null) {
      err.println("denali run: unknown engine '" + engine + "' (available: "
          + EngineKind.labels() + ")");
      return Main.EXIT_USAGE;
    }
    Engine chosen = kind.create();
    long timeoutNanos;
    try {
      timeoutNanos = timeout == null ? 0 : Durations.parseNanos(timeout);
    } catch (IllegalArgumentException e) {
      err.println("denali run: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    if (maxInstructions < 0 || traceLimit < 0) {
      err.println("denali run: limits must not be negative");
      return Main.EXIT_USAGE;
    }
    GuestProgram program;
    try {
      program = load(err);
      if (program == null) {
        return Main.EXIT_USER_ERROR;
      }
      if (memory != null) {
        program = program.withMemory(memoryBytes());
      }
    } catch (IllegalArgumentException e) {
      err.println("denali run: " + e.getMessage());
      return Main.EXIT_USAGE;
    } catch (LoadException e) {
      err.println("denali run: " + files.get(0) + ": " + e.getMessage());
      return Main.EXIT_USER_ERROR;
    }
    String name = files.get(0).getFileName().toString();
    String shortfall = HeapRoom.shortfall(HeapRoom.vmBytes(program));
    if (shortfall != null) {
      err.println("denali run: " + name + " " + shortfall + " (--mem)");
      return Main.EXIT_USER_ERROR;
    }

    Main main = (Main) spec.root().userObject();
    OutputStream stdout = main.guestOut;
    OutputStream stderr = main.guestErr;
    err.flush();
    Console console = (stream, bytes, off, len) -> {
      try {
        OutputStream o = stream == 2 ? stderr : stdout;
        o.write(bytes, off, len);
        o.flush();
      } catch (IOException e) {
        // the reader went away (a closed pipe): the guest's write is dropped
      }
    };
    Clock clock = Clock.system();
    Vm vm;
    try {
      vm = new Vm(program, 0, console, clock);
    } catch (OutOfMemoryError e) {
      err.println("denali run: " + name + ": " + HeapRoom.outOfMemory(HeapRoom.vmBytes(program))
          + " (--mem)");
      return Main.EXIT_USER_ERROR;
    }
    PrintWriter traceOut = null;
    try (Disk d = disk == null ? null : Disk.open(disk)) {
      vm.attachDisk(d);
      if (trace != null) {
        traceOut = trace.equals("-") ? err : new PrintWriter(Files.newBufferedWriter(
            Path.of(trace), StandardCharsets.UTF_8));
      }
      Runner.Options options = new Runner.Options(maxInstructions, timeoutNanos, 1_000_000,
          traceOut, traceOut == null ? 0 : traceLimit);
      Runner.Result r = new Runner(chosen, options, clock).run(vm);
      if (stats) {
        double seconds = r.nanos() / 1e9;
        String how = chosen.name();
        if (program.code().translation() instanceof Translation t) {
          how += String.format(Locale.ROOT, "; %d of %d functions translated in %.1f ms",
              t.functions(), t.knownFunctions(), t.translationNanos() / 1e6);
        }
        err.printf(Locale.ROOT, "denali run: %,d instructions in %.3f s: %.1f guest MIPS"
            + " (engine %s)%n", r.retired(), seconds,
            seconds > 0 ? r.retired() / seconds / 1e6 : 0.0, how);
      }
      switch (r.outcome()) {
        case EXITED:
          return r.exitStatus() & 0xFF;
        case FAULTED:
          err.print(r.fault().report(vm.registers()));
          err.flush();
          return EXIT_FAULT;
        case INSTRUCTION_LIMIT:
          err.println("denali run: stopped after " + r.retired()
              + " instructions (--max-instructions)");
          return EXIT_LIMIT;
        case TIMEOUT:
          err.println("denali run: stopped after " + timeout + " (--timeout)");
          return EXIT_LIMIT;
        case STUCK:
          err.println("denali run: " + name + " waits (d.idle, at pc 0x"
              + Integer.toHexString(vm.pc) + ") for an interrupt that nothing can raise: `denali"
              + " run` gives a guest no network device and no other VMs. A network service is"
              + " served with: denali serve " + name);
          return Main.EXIT_USER_ERROR;
        default:
          throw new IllegalStateException("BUG: outcome " + r.outcome());
      }
    } catch (IOException e) {
      err.println("denali run: " + e.getMessage());
      return Main.EXIT_USER_ERROR;
    } finally {
      if (traceOut != null && traceOut != err) {
        traceOut.close();
      }
    }
  }

  private Integer memoryBytes;

  /** --mem in bytes, parsed once; throws IllegalArgumentException when it is not a size. */
  private int memoryBytes() {
    if (memoryBytes == null) {
      memoryBytes = GuestConfig.parseSize("memory", memory);
    }
    return memoryBytes;
  }

  /** Loads the ELF, or assembles the sources; null after printing errors. */
  private GuestProgram load(PrintWriter err) throws LoadException {
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
    if (memory != null) {
      settings.put(GuestConfig.KEY_MEMORY, Integer.toString(memoryBytes()));
    }
    byte[] elf = GuestInput.elf(files, settings, includeDirs, err, "denali run");
    return elf == null ? null : ProgramLoader.load(files.get(0).getFileName().toString(), elf);
  }
}
