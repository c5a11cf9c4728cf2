package dev.denali.emu.semantics;

import static dev.denali.emu.semantics.Snippets.exec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.emu.Engine;
import dev.denali.emu.FaultCause;
import dev.denali.emu.Runner;
import dev.denali.isa.Errno;
import dev.denali.isa.MemoryMap;

/**
 * fence, the Zicntr counters, ecall services and ebreak (ISA manual, "Counters", "ecall
 * services", "Edge cases"). Counters are deterministic: cycle and instret are the exact number
 * of instructions retired before the reading instruction, whatever the quantum.
 */
class SystemSemanticsTest {
  private static final String BUF = """
      .data
      buf: .zero 64
      .rodata
      msg: .ascii "hello, world\\n"
      """;

  @EngineTest
  @Covers("fence")
  void fenceIsANoOp(Engine e) {
    Guest.Run r = exec(e, """
        li a0, 11
        li a1, 22
        fence
        fence rw, rw
        fence iorw, iorw
        fence i, o
        addi a0, a0, 1
        """);
    assertThat(r.reg("a0")).isEqualTo(12);
    assertThat(r.reg("a1")).isEqualTo(22);
    assertThat(r.result.retired()).isEqualTo(8);
  }

  // ------------------------------------------------------------------ counters

  @EngineTest
  @Covers("csrrs")
  void cycleAndInstretCountTheInstructionsRetiredBeforeThem(Engine e) {
    Guest.Run r = exec(e, """
        nop
        nop
        rdcycle a0            # 2 retired before it
        rdinstret a1          # 3
        csrr a2, cycle        # 4
        csrrs a3, instret, zero
        """);
    assertThat(r.reg("a0")).isEqualTo(2);
    assertThat(r.reg("a1")).isEqualTo(3);
    assertThat(r.reg("a2")).isEqualTo(4);
    assertThat(r.reg("a3")).isEqualTo(5);
  }

  @EngineTest
  @Covers("csrrs")
  void countersAreExactWhateverTheQuantum(Engine e) {
    String source = Snippets.program("""
        rdinstret s0          # 0
        li t0, 100
    1:  addi t0, t0, -1
        bnez t0, 1b           # 1 + 200 instructions
        rdinstret s1          # 202
        call f                # auipc + jalr, then the body of f
        rdcycle s2
        d.exit zero
    f:  addi t1, zero, 1
        rdinstret s3          # 202 + 1 (s1) + 2 (call) + 1 (addi) = 206
        ret
        """);
    for (long quantum : new long[] {1, 2, 3, 5, 7, 64, 1_000_000}) {
      Guest.Run r = Guest.of(source).on(e).quantum(quantum).run();
      assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
      String q = "quantum " + quantum;
      assertThat(r.reg("s0")).as(q).isZero();
      assertThat(r.reg("s1")).as(q).isEqualTo(202);
      assertThat(r.reg("s3")).as(q).isEqualTo(206);
      assertThat(r.reg("s2")).as(q).isEqualTo(208);
      assertThat(r.result.retired()).as(q).isEqualTo(210);
    }
  }

  @EngineTest
  @Covers("csrrs")
  void highHalvesOfTheInstructionCountersAreZero(Engine e) {
    Guest.Run r = exec(e, """
        li a0, -1
        li a1, -1
        rdcycleh a0
        rdinstreth a1
        """);
    assertThat(r.reg("a0")).isZero();
    assertThat(r.reg("a1")).isZero();
  }

  @EngineTest
  @Covers("csrrs")
  void timeReadsTheMonotonicClockInMicroseconds(Engine e) {
    TestClock clock = TestClock.frozen(0x1_2345_6789L, 1_750_000_000_000_000L);
    Guest.Run r = Guest.of(Snippets.program("""
        rdtime a0
        rdtimeh a1
        """)).on(e).clock(clock).run();
    assertThat(r.reg("a0")).isEqualTo(0x23456789);
    assertThat(r.reg("a1")).isEqualTo(1);
  }

  @EngineTest
  @Covers("csrrs")
  void timeIsMonotonicNonDecreasingOnTheSystemClock(Engine e) {
    // The guest reads the 64-bit time 2000 times with the high-low-high loop and exits 1 if a
    // reading is ever below the one before it.
    Guest.Run r = Guest.of(Snippets.program("""
        li s0, 2000
        li s1, 0              # previous high
        li s2, 0              # previous low
    1:  rdtimeh t1
        rdtime t0
        rdtimeh t2
        bne t1, t2, 1b
        bltu t1, s1, bad
        bne t1, s1, 2f
        bltu t0, s2, bad
    2:  mv s1, t1
        mv s2, t0
        addi s0, s0, -1
        bnez s0, 1b
        d.exit zero
    bad:
        li a0, 1
        d.exit a0
        """)).on(e).run();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
    assertThat(r.exitStatus()).isZero();
  }

  // ------------------------------------------------------------------ ecall

  @EngineTest
  @Covers("ecall")
  void writeToStdoutAndStderrReturnsTheCount(Engine e) {
    Guest.Run r = exec(e, """
        li a0, 1
        la a1, msg
        li a2, 13
        li a7, 64
        ecall
        mv s0, a0
        li a0, 2
        la a1, msg
        li a2, 5
        ecall
        mv s1, a0
        li a0, 1
        li a2, 0              # nothing to write
        ecall
        mv s2, a0
        """, BUF);
    assertThat(r.reg("s0")).isEqualTo(13);
    assertThat(r.reg("s1")).isEqualTo(5);
    assertThat(r.reg("s2")).isZero();
    assertThat(r.stdout()).isEqualTo("hello, world\n");
    assertThat(r.stderr()).isEqualTo("hello");
    assertThat(r.reg("a7")).isEqualTo(64);
  }

  @EngineTest
  @Covers("ecall")
  void writeToAnotherDescriptorIsEbadf(Engine e) {
    for (int fd : new int[] {3, 0, -1, 100}) {
      Guest.Run r = exec(e, String.format("""
          li a0, %d
          la a1, msg
          li a2, 5
          li a7, 64
          ecall
          """, fd), BUF);
      assertThat(r.reg("a0")).as("fd " + fd).isEqualTo(-Errno.EBADF);
      assertThat(r.stdout()).isEmpty();
    }
  }

  @EngineTest
  @Covers("ecall")
  void writeOfABadBufferIsEfault(Engine e) {
    Guest.Run r = exec(e, """
        li a7, 64
        li a0, 1
        li a1, 0              # the null page
        li a2, 4
        ecall
        mv s0, a0
        li t0, 0x1000
        lw t1, 8(t0)          # MEMORY_SIZE
        li a0, 1
        addi a1, t1, -2       # runs past the top of memory
        li a2, 4
        ecall
        mv s1, a0
        li a0, 2
        li a1, 0x3000         # unmapped
        li a2, 1
        ecall
        mv s2, a0
        """);
    assertThat(r.reg("s0")).isEqualTo(-Errno.EFAULT);
    assertThat(r.reg("s1")).isEqualTo(-Errno.EFAULT);
    assertThat(r.reg("s2")).isEqualTo(-Errno.EFAULT);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr()).isEmpty();
  }

  @EngineTest
  @Covers("ecall")
  void unknownServicesReturnEnosysAndPreserveOtherRegisters(Engine e) {
    for (int n : new int[] {0, 63, 65, 92, 95, 402, 404, -1, 0x7fffffff}) {
      Guest.Run r = exec(e, String.format("""
          li a0, 1234
          li a1, 5
          li a2, 6
          li a7, %d
          ecall
          """, n));
      assertThat(r.reg("a0")).as("service " + n).isEqualTo(-Errno.ENOSYS);
      assertThat(r.reg("a1")).isEqualTo(5);
      assertThat(r.reg("a2")).isEqualTo(6);
      assertThat(r.reg("a7")).isEqualTo(n);
    }
  }

  @EngineTest
  @Covers("ecall")
  void exitAndExitGroupEndTheVmWithTheirStatus(Engine e) {
    for (int service : new int[] {93, 94}) {
      for (int status : new int[] {0, 1, 42, 255, 256, -1, Integer.MIN_VALUE}) {
        Guest.Run r = Guest.of(Snippets.program(String.format("""
            li a0, %d
            li a7, %d
            ecall
            li a0, 99             # never runs
            """, status, service))).on(e).run();
        assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
        assertThat(r.exitStatus()).as("service %d status %d", service, status).isEqualTo(status);
        assertThat(r.vm.exited()).isTrue();
        assertThat(r.reg("a0")).isEqualTo(status);
        // Straight-line code: everything up to and including the ecall retired, pc is past it.
        assertThat(r.result.retired()).isEqualTo((r.vm.pc - MemoryMap.TEXT_BASE) / 4);
        assertThat(r.vm.program().code().word((r.vm.pc - MemoryMap.TEXT_BASE) / 4 - 1))
            .isEqualTo(0x00000073);
      }
    }
  }

  @EngineTest
  @Covers("ecall")
  void clockGettime64StoresSecondsAndNanoseconds(Engine e) {
    TestClock clock = TestClock.frozen(5_000_123_456L, 1_750_000_123_456_789L);
    Guest.Run r = Guest.of(Snippets.program("""
        li a0, 0              # CLOCK_REALTIME
        la a1, buf
        li a7, 403
        ecall
        mv s0, a0
        li a0, 1              # CLOCK_MONOTONIC
        la a1, buf
        addi a1, a1, 16
        ecall
        mv s1, a0
        """, BUF)).on(e).clock(clock).run();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
    int buf = r.vm.writableBase;
    assertThat(r.reg("s0")).isZero();
    assertThat(r.reg("s1")).isZero();
    assertThat(r.dword(buf)).isEqualTo(1_750_000_123L);
    assertThat(r.dword(buf + 8)).isEqualTo(456_789_000L);
    assertThat(r.dword(buf + 16)).isEqualTo(5_000L);
    assertThat(r.dword(buf + 24)).isEqualTo(123_456_000L);
  }

  @EngineTest
  @Covers("ecall")
  void clockGettime64OnTheSystemClockIsPlausible(Engine e) {
    Guest.Run r = exec(e, """
        li a0, 0
        la a1, buf
        li a7, 403
        ecall
        mv s0, a0
        li a0, 1
        la a1, buf
        addi a1, a1, 16
        ecall
        mv s1, a0
        """, BUF);
    int buf = r.vm.writableBase;
    assertThat(r.reg("s0")).isZero();
    assertThat(r.reg("s1")).isZero();
    assertThat(r.dword(buf)).isGreaterThan(1_700_000_000L);
    assertThat(r.dword(buf + 8)).isBetween(0L, 999_999_999L);
    assertThat(r.dword(buf + 16)).isGreaterThanOrEqualTo(0L);
    assertThat(r.dword(buf + 24)).isBetween(0L, 999_999_999L);
  }

  @EngineTest
  @Covers("ecall")
  void clockGettime64RejectsBadClocksAndPointers(Engine e) {
    Guest.Run r = exec(e, """
        li a7, 403
        li a0, 2              # CLOCK_PROCESS_CPUTIME_ID: not offered
        la a1, buf
        ecall
        mv s0, a0
        li a0, -1
        la a1, buf
        ecall
        mv s1, a0
        li a0, 0
        li a1, 0              # null page
        ecall
        mv s2, a0
        li a0, 1
        la a1, msg            # read-only data
        ecall
        mv s3, a0
        li t0, 0x1000
        lw t1, 8(t0)
        li a0, 0
        addi a1, t1, -8       # only 8 of the 16 bytes fit
        ecall
        mv s4, a0
        li a0, 1
        li a1, 0x1018         # the virtual-register page is not ordinary memory
        ecall
        mv s5, a0
        """, BUF);
    assertThat(r.reg("s0")).isEqualTo(-Errno.EINVAL);
    assertThat(r.reg("s1")).isEqualTo(-Errno.EINVAL);
    assertThat(r.reg("s2")).isEqualTo(-Errno.EFAULT);
    assertThat(r.reg("s3")).isEqualTo(-Errno.EFAULT);
    assertThat(r.reg("s4")).isEqualTo(-Errno.EFAULT);
    assertThat(r.reg("s5")).isEqualTo(-Errno.EFAULT);
    assertThat(r.word(r.vm.writableBase)).isZero();
  }

  @EngineTest
  @Covers("ebreak")
  void ebreakFaultsWithoutADebugger(Engine e) {
    Guest.Run r = Guest.of(Snippets.program("""
        li a0, 1
        ebreak
        li a0, 2
        """)).on(e).run();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.FAULTED);
    assertThat(r.result.fault().cause()).isEqualTo(FaultCause.BREAKPOINT);
    assertThat(r.result.fault().pc()).isEqualTo(MemoryMap.TEXT_BASE + 4);
    assertThat(r.result.retired()).isEqualTo(1);
    assertThat(r.reg("a0")).isEqualTo(1);
    assertThat(r.vm.pc).isEqualTo(MemoryMap.TEXT_BASE + 4);
  }
}
