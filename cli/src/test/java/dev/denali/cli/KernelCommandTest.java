package dev.denali.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code denali kernel}: many VMs from the command line, and the operator's shell. */
class KernelCommandTest {
  @TempDir Path dir;

  private record Outcome(int status, String out, String err) {}

  private Outcome run(String input, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(args, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
        out, err);
    return new Outcome(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  private Path source(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static final String TICKER = """
      .globl _start
      _start:
          li s0, 3
      1:  li a1, 2000
          d.idle a0, a1
          addi s0, s0, -1
          bnez s0, 1b
          la a0, msg
          li a1, 5
          d.console.write a0, a0, a1
          d.exit zero
      .data
      msg: .ascii "done\\n"
      """;

  private static final String SPIN = """
      .globl _start
      _start:
          j _start
      """;

  @Test
  void runsManyVmsToTheirEndAndPrintsTheTable() throws IOException {
    Path ticker = source("ticker.s", TICKER);
    Outcome r = run("", "kernel", "-n", "200", "--mem", "128K", "--workers", "2",
        ticker.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("started 200 VMs of ticker")
        .contains("200 VMs (200 exited)")
        .contains("(180 more; `--list` shows every VM)")
        .containsPattern("\\s1  ticker\\s+exited\\s+1\\s+18\\s");
  }

  @Test
  void aFaultingVmMakesTheExitStatus125() throws IOException {
    Path bad = source("bad.s", ".globl _start\n_start:\n  lw t0, 0(zero)\n");
    Outcome r = run("", "kernel", "--restarts", "0", bad.toString());
    assertThat(r.status()).isEqualTo(RunCommand.EXIT_FAULT);
    assertThat(r.out()).contains("faulted").contains("load outside memory").contains("pc 0x00010000: lw t0, 0(zero)");
  }

  @Test
  void theDurationEndsARunOfVmsThatNeverStop() throws IOException {
    Path spin = source("spin.s", SPIN);
    Outcome r = run("", "kernel", "-n", "3", "--weight", "2", "--duration", "300ms", "--quiet",
        spin.toString());
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("3 VMs (").containsPattern("spin\\s+(running|runnable)\\s+2");
  }

  @Test
  void theShellLoadsSpawnsListsStopsAndDestroys() throws IOException {
    Path spin = source("spin.s", SPIN);
    Path ticker = source("ticker.s", TICKER);
    String script = String.join("\n",
        "load " + spin + " hog",
        "load " + ticker,
        "spawn hog 2 3",
        "spawn ticker",
        "stop 1 2",
        "list",
        "bogus",
        "stop 99",
        "destroy 1",
        "console 3",
        "stats",
        "quit") + "\n";
    Outcome r = run(script, "kernel", "--shell", "--mem", "128K");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("binary 1: hog").contains("binary 2: ticker")
        .contains("started 2 VMs of hog: 1..2").contains("started 1 VM of ticker: 3")
        .containsPattern("\\s2  hog\\s+stopped\\s+3\\s");
    assertThat(r.err()).contains("bogus: unknown command").contains("stop: no VM 99");
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThat(run("", "kernel", "--engine", "warp", "x.s").status()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run("", "kernel").err()).contains("give at least one BINARY");
    Outcome missing = run("", "kernel", "nowhere.s");
    assertThat(missing.status()).isEqualTo(Main.EXIT_USER_ERROR);
    assertThat(missing.err()).contains("nowhere.s: no such file");
  }
}
