package dev.denali.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.asm.Assembler;
import dev.denali.asm.AssemblerOptions;
import dev.denali.asm.AssemblyResult;
import dev.denali.asm.SourceFile;
import dev.denali.emu.Clock;
import dev.denali.emu.Console;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test helper: where the SDK's files are, assembling with the SDK's start.s and lib.s, and
 * running a guest ELF on the interpreter with its stdout and stderr kept apart.
 */
final class Sdk {
  private Sdk() {}

  /**
   * The repository root: {@code DENALI_REPO_ROOT} when it holds guest-sdk/ (the parent pom sets
   * it for surefire), else the nearest folder above the working directory that does.
   */
  static Path root() {
    String env = System.getenv("DENALI_REPO_ROOT");
    if (env != null && !env.isBlank() && isRoot(Path.of(env))) {
      return Path.of(env).toAbsolutePath().normalize();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (isRoot(p)) {
        return p.normalize();
      }
    }
    throw new IllegalStateException("cannot find the repository root (a folder holding"
        + " guest-sdk/asm/denali.inc) above " + Path.of("").toAbsolutePath()
        + "; set DENALI_REPO_ROOT");
  }

  private static boolean isRoot(Path p) {
    return Files.isRegularFile(p.resolve("guest-sdk/asm/denali.inc"));
  }

  static Path module() {
    return root().resolve("guest-sdk");
  }

  static Path asmDir() {
    return module().resolve("asm");
  }

  static Path cDir() {
    return module().resolve("c");
  }

  static Path example(String name) {
    return module().resolve("examples").resolve(name);
  }

  /** A folder for build products, under guest-sdk/target (created). */
  static Path buildDir(String name) {
    Path dir = module().resolve("target").resolve(name);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ assembling

  /** Assembles files with guest-sdk/asm on the include path; fails the test on errors. */
  static byte[] assembleFiles(List<Path> files) {
    List<SourceFile> sources = new ArrayList<>();
    for (Path f : files) {
      try {
        sources.add(SourceFile.read(f));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return assemble(sources);
  }

  /** Assembles start.s, lib.s and an in-memory source defining {@code main}. */
  static byte[] assembleWithLib(String name, String source) {
    List<SourceFile> sources = new ArrayList<>();
    try {
      sources.add(SourceFile.read(asmDir().resolve("start.s")));
      sources.add(SourceFile.read(asmDir().resolve("lib.s")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sources.add(SourceFile.of(name, source));
    return assemble(sources);
  }

  static AssemblyResult tryAssemble(List<SourceFile> sources) {
    return Assembler.assemble(sources,
        new AssemblerOptions(Map.of(), false, List.of(asmDir())));
  }

  private static byte[] assemble(List<SourceFile> sources) {
    AssemblyResult r = tryAssemble(sources);
    assertThat(r.ok()).as("assembler errors:%n%s", r.formatDiagnostics()).isTrue();
    return r.elf();
  }

  // ------------------------------------------------------------------ running

  /** What a guest did on the interpreter. */
  record Run(GuestProgram program, Vm vm, Runner.Result result, String out, String err) {
    boolean exited() {
      return result.outcome() == Runner.Outcome.EXITED;
    }

    int status() {
      return result.exitStatus();
    }

    /** A description for assertion messages. */
    String describe() {
      StringBuilder sb = new StringBuilder();
      sb.append(result.outcome()).append(", status ").append(result.exitStatus())
          .append(", ").append(result.retired()).append(" instructions");
      if (result.fault() != null) {
        sb.append('\n').append(result.fault().report(vm.registers()));
      }
      sb.append("\n--- stdout ---\n").append(out).append("--- stderr ---\n").append(err);
      return sb.toString();
    }
  }

  static GuestProgram load(String name, byte[] elf) {
    try {
      return ProgramLoader.load(name, elf);
    } catch (LoadException e) {
      throw new AssertionError("the loader refused " + name + ": " + e.getMessage(), e);
    }
  }

  /** Runs a guest ELF to its end on the interpreter (at most 2e9 instructions or 60 s). */
  static Run run(String name, byte[] elf) {
    GuestProgram program = load(name, elf);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Console console = (stream, b, o, l) -> (stream == 2 ? err : out).write(b, o, l);
    Vm vm = new Vm(program, 1, console, Clock.system());
    Runner.Options options = new Runner.Options(2_000_000_000L, 60_000_000_000L, 1_000_000,
        null, 0);
    Runner.Result result = new Runner(new Interpreter(), options, Clock.system()).run(vm);
    return new Run(program, vm, result, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  static Run run(String name, Path elf) {
    try {
      return run(name, Files.readAllBytes(elf));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
