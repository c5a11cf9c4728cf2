package dev.denali.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code denali run} through the command line, guests' output captured. */
class RunCommandTest {
  @TempDir Path dir;

  private record Outcome(int status, String out, String err) {}

  private Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(args, out, err);
    return new Outcome(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  private Path source(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static final String HELLO = """
      .text
      .globl _start
      _start:
        li a0, 1
        la a1, msg
        li a2, 3
        li a7, 64
        ecall
        li a0, 2
        la a1, msg
        li a2, 1
        li a7, 64
        ecall
        li a0, 7
        li a7, 93
        ecall
      .rodata
      msg: .ascii "hi\\n"
      """;

  @Test
  void runsSourcesAndElvesWithTheGuestsExitStatus() throws IOException {
    Path s = source("hello.s", HELLO);
    Outcome r = run("run", s.toString());
    assertThat(r.status()).isEqualTo(7);
    assertThat(r.out()).isEqualTo("hi\n");
    assertThat(r.err()).isEqualTo("h");
    Path elf = dir.resolve("hello.elf");
    assertThat(run("asm", "-o", elf.toString(), s.toString()).status()).isZero();
    Outcome e = run("run", elf.toString());
    assertThat(e.status()).isEqualTo(7);
    assertThat(e.out()).isEqualTo("hi\n");
  }

  @Test
  void aFaultPrintsItsReportAndExits125() throws IOException {
    Path s = source("bad.s", ".globl _start\n_start:\n li a0, 0\n lw a1, 0(a0)\n");
    Outcome r = run("run", s.toString());
    assertThat(r.status()).isEqualTo(RunCommand.EXIT_FAULT);
    assertThat(r.err()).contains("guest fault: load outside memory", "lw a1, 0(a0)",
        "pc 0x00010004");
    assertThat(r.err()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void limitsStopAGuestWith124() throws IOException {
    Path s = source("loop.s", ".globl _start\n_start:\n1: j 1b\n");
    Outcome r = run("run", "--max-instructions", "5000", s.toString());
    assertThat(r.status()).isEqualTo(RunCommand.EXIT_LIMIT);
    assertThat(r.err()).contains("stopped after 5000 instructions");
    Outcome t = run("run", "--timeout", "200ms", s.toString());
    assertThat(t.status()).isEqualTo(RunCommand.EXIT_LIMIT);
    assertThat(t.err()).contains("--timeout");
  }

  /**
   * A guest that waits for an interrupt with no timeout and no timer (what a network service
   * does first) can never wake in {@code denali run}: it ends at once, saying why and how to
   * serve it, on every engine, instead of hanging until the user gives up. One that waits with a
   * timeout goes on.
   */
  @Test
  void aGuestWaitingForAnInterruptNothingCanRaiseEndsSayingSo() throws IOException {
    Path s = source("waits.s", """
        .globl _start
        _start:
          li a1, 1000
          d.idle a0, a1
          li a1, -1
          d.idle a0, a1
          li a0, 3
          li a7, 93
          ecall
        """);
    for (String engine : new String[] {"interp", "jit", "auto"}) {
      Outcome r = run("run", "--engine", engine, "--timeout", "60s", s.toString());
      assertThat(r.status()).as(engine).isEqualTo(Main.EXIT_USER_ERROR);
      assertThat(r.err()).as(engine)
          .contains("waits.s waits (d.idle, at pc 0x")
          .contains("for an interrupt that nothing can raise")
          .contains("denali serve waits.s");
    }
  }

  @Test
  void statsAndTraceReportWhatRan() throws IOException {
    Path s = source("hello.s", HELLO);
    Outcome r = run("run", "--stats", "--trace", s.toString());
    assertThat(r.status()).isEqualTo(7);
    assertThat(r.err()).contains("00010000: 00100513  li a0, 1", "a0=00000001",
        "15 instructions", "guest MIPS", "engine auto");
    Outcome j = run("run", "--stats", "--engine", "jit", s.toString());
    assertThat(j.status()).isEqualTo(7);
    assertThat(j.err()).contains("15 instructions", "engine jit; 1 of 1 functions translated");
    Outcome i = run("run", "--stats", "--engine", "interp", s.toString());
    assertThat(i.status()).isEqualTo(7);
    assertThat(i.err()).contains("15 instructions", "engine interp");
    Path trace = dir.resolve("trace.txt");
    Outcome f = run("run", "--trace=" + trace, "--trace-limit", "2", s.toString());
    assertThat(f.status()).isEqualTo(7);
    assertThat(Files.readAllLines(trace)).hasSize(3).last().asString()
        .contains("trace limit of 2");
  }

  @Test
  void refusedInputsExitWith1AndSayWhy() throws IOException {
    Path junk = dir.resolve("junk.elf");
    Files.write(junk, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
    Outcome r = run("run", junk.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("truncated ELF header");
    Path bad = source("bad.s", "_start: addi a0, a0\n");
    Outcome b = run("run", bad.toString());
    assertThat(b.status()).isEqualTo(1);
    assertThat(b.err()).contains("bad.s:1:9", "nothing run");
    assertThat(run("run", dir.resolve("missing.s").toString()).err()).contains("no such file");
    assertThat(run("run", "--engine", "warp", bad.toString()).status()).isEqualTo(2);
    assertThat(run("run", "--timeout", "soon", bad.toString()).status()).isEqualTo(2);
  }

  @Test
  void theVirtualDiskKeepsWhatAFlushAcknowledged() throws IOException {
    Path disk = dir.resolve("disk.img");
    Files.write(disk, new byte[4096 * 4]);
    Path s = source("disk.s", """
        .globl _start
        _start:
          la s0, buf
          li t0, 0x41
          sb t0, 0(s0)
          li a1, 2
          d.disk.write a0, a1, s0
          bnez a0, fail
          d.disk.flush a0
          bnez a0, fail
          li a0, 0
          d.exit a0
        fail:
          li a0, 3
          d.exit a0
        .data
        .balign 4096
        buf: .space 4096
        """);
    Outcome r = run("run", "--disk", disk.toString(), s.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(Files.readAllBytes(disk)[2 * 4096]).isEqualTo((byte) 0x41);
    Outcome none = run("run", s.toString());
    assertThat(none.status()).isEqualTo(3); // -ENODEV without --disk
  }
}
