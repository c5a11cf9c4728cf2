package dev.denali.emu.qemu;

import dev.denali.asm.Assembler;
import dev.denali.asm.AssemblerOptions;
import dev.denali.asm.AssemblyResult;
import dev.denali.asm.SourceFile;
import dev.denali.asm.testing.Processes;
import dev.denali.emu.Clock;
import dev.denali.emu.Console;
import dev.denali.emu.Engine;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.LoadException;
import dev.denali.emu.ProgramLoader;
import dev.denali.emu.Runner;
import dev.denali.emu.Vm;
import dev.denali.emu.interp.Interpreter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs one guest ELF under qemu-riscv32 (the oracle) and under each Denali execution engine, and
 * says whether every engine's stdout and exit status equal qemu's.
 */
final class DifferentialHarness {
  /** A Denali execution engine under test. */
  record EngineUnderTest(String name, Supplier<Engine> factory) {}

  /**
   * The engines whose behaviour must equal qemu's. This is the one place to add one: when the
   * JIT exists, add {@code new EngineUnderTest("jit", ...)} here.
   */
  static final List<EngineUnderTest> ENGINES = List.of(
      new EngineUnderTest("interp", Interpreter::new),
      new EngineUnderTest("jit", dev.denali.emu.jit.JitEngine::new));

  static final Duration QEMU_TIMEOUT = Duration.ofSeconds(10);
  static final long MAX_INSTRUCTIONS = 50_000_000L;
  static final long ENGINE_TIMEOUT_NANOS = 30_000_000_000L;

  /**
   * What one run left: stdout, exit status, and {@code abnormal}, a description of any end but
   * a normal exit (null after a normal exit); {@code retired}: guest instructions (0 for qemu,
   * which does not say).
   */
  record Execution(byte[] stdout, int status, String abnormal, long retired) {
    String text() {
      return new String(stdout, StandardCharsets.ISO_8859_1);
    }

    boolean sameAs(Execution o) {
      return Arrays.equals(stdout, o.stdout) && status == o.status
          && (abnormal == null) == (o.abnormal == null);
    }

    String end() {
      return abnormal != null ? abnormal : "exit status " + status;
    }
  }

  /** An engine that did not do what qemu did. */
  record Disagreement(String engine, Execution qemu, Execution denali) {
    /** A few lines: both ends and the first output line that differs. */
    String describe() {
      StringBuilder sb = new StringBuilder();
      sb.append("qemu-riscv32: ").append(qemu.end()).append(", ").append(qemu.stdout.length)
          .append(" bytes of output\n");
      sb.append(engine).append(": ").append(denali.end()).append(", ")
          .append(denali.stdout.length).append(" bytes of output\n");
      String[] a = qemu.text().split("\n", -1);
      String[] b = denali.text().split("\n", -1);
      for (int i = 0; i < Math.max(a.length, b.length); i++) {
        String la = i < a.length ? a[i] : "<no line>";
        String lb = i < b.length ? b[i] : "<no line>";
        if (!la.equals(lb)) {
          sb.append("first differing output line ").append(i + 1).append(":\n");
          sb.append("  qemu:   ").append(la).append('\n');
          sb.append("  ").append(engine).append(": ").append(" ".repeat(Math.max(0,
              6 - engine.length()))).append(lb).append('\n');
          break;
        }
      }
      return sb.toString();
    }
  }

  private final Path qemu;
  private final Path directory;
  private final List<EngineUnderTest> engines;
  private final AtomicLong files = new AtomicLong();

  /**
   * @param qemu the qemu-riscv32 program
   * @param directory where the ELF files are written for qemu
   * @param engines the engines to compare with qemu (normally {@link #ENGINES})
   */
  DifferentialHarness(Path qemu, Path directory, List<EngineUnderTest> engines) {
    this.qemu = qemu;
    this.directory = directory;
    this.engines = List.copyOf(engines);
  }

  /** Assembles {@code source} with the Denali assembler; fails the test if it is refused. */
  static byte[] assemble(String source) {
    AssemblyResult r = Assembler.assemble(List.of(SourceFile.of("random.s", source)),
        AssemblerOptions.defaults());
    if (!r.ok()) {
      throw new AssertionError("the assembler refused a generated program:\n"
          + r.formatDiagnostics());
    }
    return r.elf();
  }

  /**
   * What qemu did, the first engine that disagreed (null when all agreed), and how many guest
   * instructions the program retired.
   */
  record Comparison(Execution qemu, Disagreement disagreement, long retired) {
    /**
     * Whether qemu ran the program to its end: exited normally after printing the checksum
     * (else the generator made a program that is not valid, and nothing was compared).
     */
    boolean qemuCompleted() {
      return qemu.abnormal() == null && qemu.text().contains("x31=");
    }
  }

  /** Runs {@code elf} under qemu and every engine. */
  Comparison check(byte[] elf) {
    Execution expected = qemu(elf);
    long retired = 0;
    for (EngineUnderTest e : engines) {
      Execution actual = denali(e, elf);
      retired = Math.max(retired, actual.retired());
      if (!actual.sameAs(expected)) {
        return new Comparison(expected, new Disagreement(e.name(), expected, actual), retired);
      }
    }
    return new Comparison(expected, null, retired);
  }

  /** Runs {@code elf} under qemu-riscv32. */
  Execution qemu(byte[] elf) {
    Path file = directory.resolve("guest-" + files.incrementAndGet() + ".elf");
    try {
      Files.write(file, elf);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
      Processes.Result r = Processes.run(List.of(qemu.toString(), file.toString()), QEMU_TIMEOUT,
          null);
      String abnormal = null;
      if (r.timedOut()) {
        abnormal = "killed after " + QEMU_TIMEOUT.toSeconds() + " s";
      } else if (r.stderr().length > 0) {
        // qemu-user reports a guest's fatal signal on stderr ("uncaught target signal"); the
        // exit code alone cannot tell a signal (128 + n) from an exit status above 128.
        abnormal = "exit code " + r.exitCode() + ", stderr: " + r.stderrText().strip();
      }
      return new Execution(r.stdout(), r.timedOut() ? -1 : r.exitCode(), abnormal, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // the temporary folder goes away anyway
      }
    }
  }

  /** Runs {@code elf} on a fresh VM with engine {@code e}. */
  static Execution denali(EngineUnderTest e, byte[] elf) {
    GuestProgram program;
    try {
      program = ProgramLoader.load("random", elf);
    } catch (LoadException ex) {
      throw new AssertionError("Denali refused the ELF: " + ex.getMessage(), ex);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Console console = (stream, bytes, off, len) -> {
      if (stream == 1) { // qemu's stdout; the programs write nothing to stderr
        out.write(bytes, off, len);
      }
    };
    Vm vm = new Vm(program, 1, console, Clock.system());
    Runner.Result r = new Runner(e.factory().get(),
        new Runner.Options(MAX_INSTRUCTIONS, ENGINE_TIMEOUT_NANOS, 1_000_000, null, 0),
        Clock.system()).run(vm);
    return switch (r.outcome()) {
      case EXITED -> new Execution(out.toByteArray(), r.exitStatus() & 0xff, null, r.retired());
      case FAULTED -> new Execution(out.toByteArray(), -1,
          "fault: " + r.fault().report(vm.registers()), r.retired());
      default -> new Execution(out.toByteArray(), -1, r.outcome() + " after " + r.retired()
          + " instructions", r.retired());
    };
  }
}
