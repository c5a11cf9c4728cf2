package dev.denali.emu.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.asm.Assembler;
import dev.denali.asm.AssemblerOptions;
import dev.denali.asm.AssemblyResult;
import dev.denali.asm.SourceFile;
import dev.denali.emu.Clock;
import dev.denali.emu.Console;
import dev.denali.emu.Disk;
import dev.denali.emu.Engine;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.LoadException;
import dev.denali.emu.ProgramLoader;
import dev.denali.emu.Runner;
import dev.denali.emu.Vm;
import dev.denali.isa.Registers;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test harness for guests: assembles a source with the Denali assembler, loads it with {@link
 * ProgramLoader}, and runs it on a given {@link Engine} through {@link Runner} with a chosen
 * clock, limits, VM id and disk. Everything goes through the public boundary (Engine, Runner,
 * Vm, ProgramLoader), so the same test runs against every engine of {@link Engines#all()}.
 *
 * <pre>{@code
 * Guest.Run r = Guest.of(source).on(engine).run();
 * assertThat(r.reg("a0")).isEqualTo(42);
 * }</pre>
 */
public final class Guest {
  /** A safety net for tests that expect a guest to end by itself: no test may hang. */
  public static final long DEFAULT_LIMIT = 50_000_000;
  public static final long DEFAULT_TIMEOUT_NANOS = 60_000_000_000L;

  private static final Map<String, GuestProgram> PROGRAMS = new ConcurrentHashMap<>();

  private final GuestProgram program;
  private Engine engine;
  private Clock clock;
  private long limit = DEFAULT_LIMIT;
  private long timeoutNanos = DEFAULT_TIMEOUT_NANOS;
  private long quantum = 1_000_000;
  private int id = 1;
  private Disk disk;

  private Guest(GuestProgram program) {
    this.program = program;
  }

  /** A guest built from {@code source} (which defines {@code _start}). */
  public static Guest of(String source) {
    return new Guest(program(source));
  }

  public static Guest of(GuestProgram program) {
    return new Guest(program);
  }

  /** Assembles and loads {@code source} (cached: programs are immutable and shareable). */
  public static GuestProgram program(String source) {
    return PROGRAMS.computeIfAbsent(source, s -> load(elf(s, Map.of())));
  }

  /** Assembles {@code source} into ELF bytes with extra note settings (memory, stack, ...). */
  public static byte[] elf(String source, Map<String, String> settings) {
    AssemblyResult r = Assembler.assemble(List.of(SourceFile.of("guest.s", source)),
        AssemblerOptions.defaults().withSettings(settings));
    assertThat(r.ok()).as("assembling a test guest:%n%s", r.formatDiagnostics()).isTrue();
    return r.elf();
  }

  /** Loads ELF bytes that must be valid. */
  public static GuestProgram load(byte[] elf) {
    try {
      return ProgramLoader.load("guest", elf);
    } catch (LoadException e) {
      throw new AssertionError("loading a test guest: " + e.getMessage(), e);
    }
  }

  public Guest on(Engine e) {
    this.engine = e;
    return this;
  }

  public Guest clock(Clock c) {
    this.clock = c;
    return this;
  }

  /** Instruction limit of the run (0: none). */
  public Guest limit(long n) {
    this.limit = n;
    return this;
  }

  /** Wall-time limit of the run, a hang guard only (0: none). */
  public Guest timeoutNanos(long n) {
    this.timeoutNanos = n;
    return this;
  }

  public Guest quantum(long q) {
    this.quantum = q;
    return this;
  }

  public Guest id(int vmId) {
    this.id = vmId;
    return this;
  }

  public Guest disk(Disk d) {
    this.disk = d;
    return this;
  }

  /** A new VM for this guest, not yet run, with a capturing console. */
  public Run prepare() {
    if (engine == null) {
      throw new IllegalStateException("Guest.on(engine) not called");
    }
    Clock c = clock != null ? clock : Clock.system();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Console console = (stream, b, o, l) -> {
      synchronized (out) {
        (stream == 2 ? err : out).write(b, o, l);
      }
    };
    Vm vm = new Vm(program, id, console, c);
    if (disk != null) {
      vm.attachDisk(disk);
    }
    return new Run(vm, engine, c, new Runner.Options(limit, timeoutNanos, quantum, null, 0), out,
        err);
  }

  /** Runs a new VM of this guest to its end. */
  public Run run() {
    Run r = prepare();
    r.finish();
    return r;
  }

  /** One VM of a guest, its run and what it printed. */
  public static final class Run {
    public final Vm vm;
    public final Engine engine;
    private final Clock clock;
    private final Runner.Options options;
    private final ByteArrayOutputStream out;
    private final ByteArrayOutputStream err;
    public Runner.Result result;

    Run(Vm vm, Engine engine, Clock clock, Runner.Options options, ByteArrayOutputStream out,
        ByteArrayOutputStream err) {
      this.vm = vm;
      this.engine = engine;
      this.clock = clock;
      this.options = options;
      this.out = out;
      this.err = err;
    }

    /** Runs the VM (from wherever it is) to its end through a {@link Runner}. */
    public Run finish() {
      result = new Runner(engine, options, clock).run(vm);
      return this;
    }

    /** The value of a register by ABI or x name. */
    public int reg(String name) {
      return vm.x[Registers.parse(name)];
    }

    public Runner.Outcome outcome() {
      return result.outcome();
    }

    public int exitStatus() {
      return result.exitStatus();
    }

    /** What the guest wrote to stdout (fd 1, d.console.write). */
    public String stdout() {
      synchronized (out) {
        return out.toString(StandardCharsets.ISO_8859_1);
      }
    }

    /** What the guest wrote to stderr (fd 2). */
    public String stderr() {
      synchronized (out) {
        return err.toString(StandardCharsets.ISO_8859_1);
      }
    }

    /** A 32-bit little-endian word of the VM's writable memory at guest address {@code addr}. */
    public int word(int addr) {
      return ByteBuffer.wrap(vm.mem).order(ByteOrder.LITTLE_ENDIAN).getInt(addr - vm.writableBase);
    }

    /** A 64-bit little-endian value of the VM's writable memory at {@code addr}. */
    public long dword(int addr) {
      return ByteBuffer.wrap(vm.mem).order(ByteOrder.LITTLE_ENDIAN)
          .getLong(addr - vm.writableBase);
    }

    /** The fault report, or a note that there was none (for assertion messages). */
    public String describe() {
      StringBuilder sb = new StringBuilder("engine ").append(engine.name()).append(": ")
          .append(result);
      if (vm.fault() != null) {
        sb.append('\n').append(vm.fault().report(vm.registers()));
      }
      if (out.size() > 0) {
        sb.append("\nstdout: ").append(stdout());
      }
      return sb.toString();
    }
  }
}
