package dev.denali.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher, {@code bin/denali}, run as a user runs it once the jar is built (this test runs
 * after {@code package}): it writes a class-data sharing archive of the classes a run loads once
 * per build of the jar (picocli's among them), later starts use it, and {@code DENALI_CDS=off}
 * does without. The launcher gets a PATH without Maven, so that it could never start a build
 * inside the build.
 */
class LauncherIT {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path ARCHIVE = ROOT.resolve("cli/target/denali.jsa");
  /** What {@code -Xlog:class+load} says of our main class mapped from the archive. */
  private static final String MAIN_FROM_ARCHIVE = "dev.denali.cli.Main source: shared objects file";
  /** ... and of one of picocli's (Java 5 class files, which only a static archive holds). */
  private static final String PICOCLI_FROM_ARCHIVE =
      "picocli.CommandLine source: shared objects file";

  @TempDir Path tools;

  private record Outcome(int status, String out, String err) {}

  private Outcome launch(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    for (String tool : List.of("bash", "dirname", "find", "java", "mv", "rm", "cat", "mktemp")) {
      Path link = tools.resolve(tool);
      if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, which(tool));
      }
    }
    ProcessBuilder pb = new ProcessBuilder(
        java.util.stream.Stream.concat(java.util.stream.Stream.of(
            ROOT.resolve("bin/denali").toString()), java.util.Arrays.stream(args)).toList());
    pb.environment().put("PATH", tools.toString());
    pb.environment().remove("DENALI_JAVA_OPTS");
    pb.environment().putAll(env);
    Path out = tools.resolve("out.txt");
    Path err = tools.resolve("err.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the launcher ends").isTrue();
    return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static Path which(String tool) {
    if (tool.equals("java")) {
      return Path.of(System.getProperty("java.home"), "bin", "java");
    }
    for (String dir : System.getenv("PATH").split(":")) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new IllegalStateException(tool + " is not on the PATH");
  }

  /**
   * The product jar carries no JMH (only perf's JMH benchmarks use it; it was a third of the
   * jar), and {@code denali bench}, which runs perf's own harness, still works from it.
   */
  @Test
  void theJarHasNoBenchmarkHarnessAndBenchStillRuns() throws Exception {
    try (java.util.zip.ZipFile jar =
        new java.util.zip.ZipFile(ROOT.resolve("cli/target/denali.jar").toFile())) {
      assertThat(jar.stream().map(java.util.zip.ZipEntry::getName)
          .filter(n -> n.startsWith("org/openjdk/") || n.startsWith("joptsimple/")
              || n.startsWith("org/apache/commons/math3/") || n.contains("jmh_generated")))
          .isEmpty();
      assertThat(jar.getEntry("dev/denali/perf/KernelComparison.class")).isNotNull();
    }
    Outcome bench = launch(Map.of("DENALI_CDS", "off"), "bench", "--runs", "1", "loop");
    assertThat(bench.status()).as(bench.err()).isZero();
    assertThat(bench.out()).contains("loop").contains("JIT speed-up over the interpreter");
  }

  /**
   * The launcher starts the JVM without bytecode verification of our own and generated classes
   * (RATIONALE.md: every class is ours; verifying the JIT's was over a third of translation
   * time), and an operator can turn it back on through {@code DENALI_JAVA_OPTS}.
   */
  @Test
  void theJitsClassesAreVerifiedOnlyWhenAskedFor() throws Exception {
    String hello = ROOT.resolve("examples/hello.s").toString();
    String verifying = "Verifying class dev.denali.emu.jit.G";
    Outcome plain = launch(Map.of("DENALI_JAVA_OPTS", "-Xlog:verification=info"),
        "run", "--engine", "jit", hello);
    assertThat(plain.status()).as(plain.err()).isZero();
    assertThat(plain.out()).contains("Hello from a Denali guest!").doesNotContain(verifying);

    Outcome verified = launch(Map.of("DENALI_JAVA_OPTS",
        "-XX:+BytecodeVerificationRemote -Xlog:verification=info"), "run", "--engine", "jit",
        hello);
    assertThat(verified.status()).as(verified.err()).isZero();
    assertThat(verified.out()).contains("Hello from a Denali guest!").contains(verifying);
  }

  /**
   * The launcher keeps C2 (and C1) from inlining the pieces of a split guest function back into
   * their callers ({@link dev.denali.emu.jit.JitEngine#PIECES}): a function of 400 branches,
   * cut into pieces, called 100,000 times, and HotSpot's own account of its inlining decisions.
   */
  @Test
  void thePiecesOfSplitFunctionsAreNotInlined() throws Exception {
    StringBuilder sb = new StringBuilder(".text\n.globl _start\n_start:\n  li s1, 100000\n"
        + "loop:\n  mv a0, s1\n  call work\n  addi s1, s1, -1\n  bnez s1, loop\n"
        + "  li a0, 0\n  li a7, 93\n  ecall\nwork:\n");
    for (int i = 0; i < 400; i++) {
      sb.append("  andi t0, a0, ").append(1 << (i % 10)).append("\n  beqz t0, 1f\n")
          .append("  addi a0, a0, ").append(i % 7 + 1).append("\n1:\n");
    }
    Path guest = tools.resolve("split.s");
    Files.writeString(guest, sb.append("  ret\n").toString());
    Outcome run = launch(Map.of("DENALI_JAVA_OPTS", "-XX:+PrintInlining"), "run", "--engine",
        "jit", guest.toString());
    assertThat(run.status()).as(run.err()).isZero();
    // each decision is what follows a piece's name (JitEngine.PIECES, the launcher's pattern)
    // and size on its line, up to the next call site: C1 and C2 print at once, so a line may go
    // on with another method's (then empty)
    Pattern piece = Pattern.compile(dev.denali.emu.jit.JitEngine.PIECES.replace(".", "\\.")
        .replace("*", "[^ ]*") + " \\(\\d+ bytes\\)([^@]*)");
    List<String> decisions = run.out().lines().map(piece::matcher).filter(Matcher::find)
        .map(m -> m.group(1).strip()).filter(d -> !d.isEmpty()).toList();
    assertThat(decisions).as("HotSpot's inlining decisions about pieces").isNotEmpty()
        .allMatch(d -> d.contains("disallowed by CompileCommand")
            || d.contains("too big") || d.contains("too large"))
        .anyMatch(d -> d.contains("disallowed by CompileCommand"));
  }

  /**
   * The guest SDK README's "Your first C service", run exactly as it stands there (from the
   * repository's root, with the user's PATH: it needs gcc and curl).
   */
  @Test
  void theFirstCServiceTutorialRunsAsWritten() throws Exception {
    dev.denali.asm.testing.ExternalTool.require("riscv64-unknown-elf-gcc",
        "gcc-riscv64-unknown-elf");
    dev.denali.asm.testing.ExternalTool.require("curl", "curl");
    String readme = Files.readString(ROOT.resolve("guest-sdk/README.md"));
    int marker = readme.indexOf("<!-- tutorial: first C service -->");
    assertThat(marker).as("the tutorial's marker").isPositive();
    int start = readme.indexOf("```sh\n", marker) + "```sh\n".length();
    String script = readme.substring(start, readme.indexOf("```", start));
    ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-c", script).directory(ROOT.toFile())
        .redirectErrorStream(true);
    pb.environment().remove("DENALI_JAVA_OPTS");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("Hello from hello2 on Denali VM 1");
  }

  /** Without a RISC-V compiler on the PATH, {@code denali cc} says which package to install. */
  @Test
  void ccNamesThePackagesToInstallWhenNoCompilerIsThere() throws Exception {
    Path source = tools.resolve("app.c");
    Files.writeString(source, "int main(void) { return 0; }\n");
    Outcome cc = launch(Map.of("DENALI_CDS", "off"), "cc", source.toString());
    assertThat(cc.status()).isEqualTo(Main.EXIT_USER_ERROR);
    assertThat(cc.err()).contains("no RISC-V C compiler found")
        .contains("apt-get install gcc-riscv64-unknown-elf").contains("clang lld")
        .doesNotContain("Exception");
  }

  /** The kernel's events reach stderr as time-stamped lines, from the real backend. */
  @Test
  void serveWritesItsEventsToStderrWithTheirTime() throws Exception {
    Path crash = tools.resolve("crash.s");
    Files.writeString(crash, "        .globl _start\n_start: lw a0, 0(zero)\n");
    Outcome serve = launch(Map.of("DENALI_CDS", "off"), "serve", "--port", "0",
        "--admin-port", "0", "--bind", "127.0.0.1", "--admin-token-file",
        tools.resolve("token").toString(), "--duration", "2s", crash.toString());
    assertThat(serve.status()).as(serve.err()).isZero();
    assertThat(serve.err())
        .containsPattern("(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S* INFO gateway"
            + " - service crash deployed: 1 VM of crash$")
        .containsPattern("(?m)^\\S+ WARN kernel - vm 1 \\(crash\\) faulted: .*$");
  }

  @Test
  void theLauncherWritesAClassDataArchiveOnceAndLaterStartsUseIt() throws Exception {
    String hello = ROOT.resolve("examples/hello.s").toString();
    Files.deleteIfExists(ARCHIVE);

    Outcome first = launch(Map.of(), "run", hello);
    assertThat(first.status()).as(first.err()).isZero();
    assertThat(first.out()).contains("Hello from a Denali guest!");
    assertThat(ARCHIVE).isNotEmptyFile();
    long written = Files.getLastModifiedTime(ARCHIVE).toMillis();

    Outcome second = launch(Map.of("DENALI_JAVA_OPTS", "-Xlog:class+load=info"), "run", hello);
    assertThat(second.status()).as(second.err()).isZero();
    assertThat(second.out()).contains("Hello from a Denali guest!").contains(MAIN_FROM_ARCHIVE)
        .contains(PICOCLI_FROM_ARCHIVE);
    assertThat(Files.getLastModifiedTime(ARCHIVE).toMillis()).as("written once").isEqualTo(written);

    Outcome off = launch(Map.of("DENALI_CDS", "off", "DENALI_JAVA_OPTS",
        "-Xlog:class+load=info"), "run", hello);
    assertThat(off.status()).as(off.err()).isZero();
    assertThat(off.out()).contains("Hello from a Denali guest!").doesNotContain(MAIN_FROM_ARCHIVE);
  }
}
