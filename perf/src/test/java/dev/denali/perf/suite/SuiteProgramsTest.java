package dev.denali.perf.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.denali.asm.testing.ExternalTool;
import dev.denali.asm.testing.Processes;
import dev.denali.emu.EngineKind;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.LoadException;
import dev.denali.emu.ProgramLoader;
import dev.denali.perf.c.GuestBuild;
import dev.denali.perf.c.NativeBench;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every program of the benchmark suite, built with {@code -DITERS=1} (one repetition, so the
 * test is quick) and {@code -Wall -Wextra -Werror}:
 *
 * <ul>
 *   <li>gcc -O2: passes its own check on interp, jit and auto, and the three agree (exit status
 *       0, the same result line, the same retired instructions);
 *   <li>the same ELF under qemu-riscv32 prints the same line and exits 0;
 *   <li>built natively with gcc -O2 -DNATIVE_BENCH (default ITERS), its check passes;
 *   <li>built with gcc -Os and with clang -O2 (ld.lld), it passes on the JIT and prints the
 *       same line (the checksum does not depend on the compiler).
 * </ul>
 *
 * A missing tool skips its test naming the Debian package, and fails it when {@code CI=true}
 * ({@link ExternalTool}).
 */
class SuiteProgramsTest {
  private static final List<String> CHECK_FLAGS = List.of("-DITERS=1", "-Wall", "-Wextra",
      "-Werror");

  @TempDir
  static Path work;

  /** The repository root: DENALI_REPO_ROOT (set by the parent pom) or found upwards. */
  static Path root() {
    String env = System.getenv("DENALI_REPO_ROOT");
    if (env != null && !env.isBlank() && isRoot(Path.of(env))) {
      return Path.of(env).toAbsolutePath().normalize();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (isRoot(p)) {
        return p;
      }
    }
    throw new IllegalStateException("repository root not found: set DENALI_REPO_ROOT");
  }

  private static boolean isRoot(Path p) {
    return Files.isRegularFile(p.resolve("guest-sdk/c/denali.h"));
  }

  static GuestBuild build(GuestBuild.Compiler compiler, String optimization) {
    return new GuestBuild(compiler, optimization, CHECK_FLAGS, root().resolve("guest-sdk/c"));
  }

  @TestFactory
  Stream<DynamicNode> everyProgramPassesItsCheckOnEveryEngineQemuAndCompiler() {
    List<String> names = SuitePrograms.names();
    assertThat(names).as("the suite's programs").hasSizeGreaterThanOrEqualTo(12);
    return names.stream().map(name -> dynamicContainer(name, Stream.of(
        dynamicTest("gcc -O2: interp, jit and auto agree and the check passes",
            () -> onEveryEngine(name)),
        dynamicTest("gcc -O2 under qemu-riscv32: the same line and exit status",
            () -> underQemu(name)),
        dynamicTest("natively (gcc -O2 -DNATIVE_BENCH): the check passes",
            () -> natively(name)),
        dynamicTest("gcc -Os: the same line on the JIT",
            () -> otherBuild(name, build(GuestBuild.Compiler.GCC, "-Os"))),
        dynamicTest("clang -O2 (ld.lld): the same line on the JIT", () -> {
          ExternalTool.require("clang", "clang");
          ExternalTool.require("ld.lld", "lld");
          otherBuild(name, build(GuestBuild.Compiler.CLANG, "-O2"));
        }))));
  }

  /** Runs the gcc -O2 build on every engine; returns the agreed behaviour. */
  private static Behaviour onEveryEngine(String name) {
    GuestBuild gcc = gccBuild();
    Behaviour first = null;
    for (EngineKind kind : EngineKind.values()) {
      Behaviour b = InJvmRun.run(SuitePrograms.load(name, gcc), kind.create()).behaviour();
      assertThat(b.exitStatus()).as("%s on %s: %s", name, kind.label(), b.describe()).isZero();
      assertThat(b.fault()).as("%s on %s", name, kind.label()).isNull();
      assertThat(b.output()).as("%s on %s", name, kind.label())
          .matches(SuitePrograms.RESULT_LINE).startsWith(name + ": 1 iterations, ");
      if (first == null) {
        first = b;
      } else {
        assertThat(b).as("%s: %s against interp", name, kind.label()).isEqualTo(first);
      }
    }
    return first;
  }

  private static void underQemu(String name) throws IOException {
    Path qemu = ExternalTool.require("qemu-riscv32", Baselines.QEMU_PACKAGE);
    Behaviour expected = InJvmRun.run(SuitePrograms.load(name, gccBuild()),
        EngineKind.INTERP.create()).behaviour();
    Path elf = work.resolve(name + ".elf");
    Files.write(elf, SuitePrograms.elf(name, gccBuild()));
    Files.setPosixFilePermissions(elf, PosixFilePermissions.fromString("rwxr-xr-x"));
    Processes.Result r = Processes.run(List.of(qemu.toString(), elf.toString()),
        Duration.ofSeconds(60), null);
    assertThat(r.timedOut()).as(r::describe).isFalse();
    assertThat(r.exitCode()).as(r::describe).isZero();
    assertThat(r.stdoutText()).as(r::describe).isEqualTo(expected.output());
  }

  private static void natively(String name) {
    ExternalTool.require("gcc", "gcc");
    StringBuilder why = new StringBuilder();
    Optional<NativeBench.Result> r = NativeBench.measure(SuitePrograms.SOURCES, name, 1, why);
    assertThat(r).as("%s natively: %s", name, why).isPresent();
    assertThat(r.get().exitStatus()).as("%s natively: %s", name, r.get().output()).isZero();
    assertThat(r.get().output()).matches(SuitePrograms.RESULT_LINE).startsWith(name + ": ");
  }

  /** Program {@code name} built with {@code b} passes on the JIT with gcc -O2's line. */
  private static void otherBuild(String name, GuestBuild b) throws LoadException {
    Behaviour expected = InJvmRun.run(SuitePrograms.load(name, gccBuild()),
        EngineKind.INTERP.create()).behaviour();
    GuestProgram p = ProgramLoader.load(name, SuitePrograms.elf(name, b));
    Behaviour got = InJvmRun.run(p, EngineKind.JIT.create()).behaviour();
    assertThat(got.exitStatus()).as("%s, %s: %s", name, b.describe(), got.describe()).isZero();
    assertThat(got.output()).as("%s, %s", name, b.describe()).isEqualTo(expected.output());
  }

  private static GuestBuild gccBuild() {
    ExternalTool.require("riscv64-unknown-elf-gcc", "gcc-riscv64-unknown-elf");
    return build(GuestBuild.Compiler.GCC, "-O2");
  }
}
