package dev.denali.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.asm.AssemblyResult;
import dev.denali.asm.SourceFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The macros of denali.inc: ecall services, devices, virtual registers, counters, settings. */
class AsmMacrosTest {
  /** A whole program: _start from the given code, no start.s or lib.s. */
  static Sdk.Run runProgram(String code) {
    AssemblyResult r = Sdk.tryAssemble(List.of(SourceFile.of("prog.s", """
        .include "denali.inc"
        .text
        .globl _start
        _start:
        """ + code)));
    assertThat(r.ok()).as(r.formatDiagnostics()).isTrue();
    return Sdk.run("prog", r.elf());
  }

  @Test
  void sysWriteLoadsGivenArgumentsAndKeepsOmittedOnes() {
    Sdk.Run r = runProgram("""
            sys_write STDOUT, msg, 3           # all three given
            la   a1, msg + 3
            li   a2, 4
            sys_write STDOUT                   # buf and len already in a1, a2
            li   a0, STDERR
            sys_write , msg, 2                 # fd already in a0
            sys_exit 5
        .rodata
        msg: .ascii "abcdefg"
        """);
    assertThat(r.exited()).as(r.describe()).isTrue();
    assertThat(r.out()).isEqualTo("abcdefg");
    assertThat(r.err()).isEqualTo("ab");
    assertThat(r.status()).isEqualTo(5);
  }

  @Test
  void sysExitWithoutArgumentUsesA0AndExitGroupToo() {
    Sdk.Run r = runProgram("""
            li   a0, 9
            sys_exit
        """);
    assertThat(r.status()).as(r.describe()).isEqualTo(9);
    r = runProgram("sys_exit_group 11\n");
    assertThat(r.status()).as(r.describe()).isEqualTo(11);
  }

  @Test
  void syscallOfAnUnknownServiceReturnsEnosys() {
    Sdk.Run r = runProgram("""
            syscall 1234
            neg  a0, a0
            sys_exit
        """);
    assertThat(r.status()).as(r.describe()).isEqualTo(38);
  }

  @Test
  void clockGettimeFillsATimespec() {
    Sdk.Run r = runProgram("""
            sys_clock_gettime CLOCK_REALTIME, ts
            bnez a0, 1f
            la   t0, ts
            lw   t1, 0(t0)                     # seconds, low word
            li   t2, 1600000000
            bltu t1, t2, 1f
            sys_exit 0
        1:  sys_exit 1
        .bss
        .balign 8
        ts: .space TIMESPEC64_SIZE
        """);
    assertThat(r.status()).as(r.describe()).isZero();
  }

  @Test
  void consoleWriteAndIdle() {
    Sdk.Run r = runProgram("""
            console_write msg, 4
            mv   s0, a0                        # 4
            idle 0                             # yields; nothing pending
            add  a0, a0, s0
            sys_exit
        .rodata
        msg: .ascii "ping"
        """);
    assertThat(r.out()).isEqualTo("ping");
    assertThat(r.status()).as(r.describe()).isEqualTo(4);
  }

  @Test
  void vregReadAndWrite() {
    Sdk.Run r = runProgram("""
            vreg_read t0, VREG_MAGIC
            li   t1, VREG_MAGIC_VALUE
            bne  t0, t1, 1f
            vreg_read t0, VREG_MEMORY_SIZE
            li   t2, 384 * 1024
            bne  t0, t2, 1f
            li   t2, IRQ_TIMER | IRQ_NET
            vreg_write VREG_ENABLED, t2
            vreg_read t0, VREG_ENABLED
            bne  t0, t2, 1f
            vreg_write VREG_MAGIC, zero, t3    # read-only: the store is ignored
            vreg_read t0, VREG_MAGIC
            bne  t0, t1, 1f
            sys_exit 0
        1:  sys_exit 1
            denali_settings memory=384K
        """);
    assertThat(r.status()).as(r.describe()).isZero();
  }

  @Test
  void countersRead64Bits() {
    Sdk.Run r = runProgram("""
            read_instret64 s1, s0, t0
            read_instret64 s3, s2, t0
            sub  a0, s2, s0                    # instructions between the two low reads
            read_time64 s5, s4, t0
            or   t1, s4, s5
            beqz t1, 1f                        # time is never 0
            sys_exit
        1:  sys_exit 99
        """);
    // read_instret64 is 4 instructions and the low word is the second: 4 retired in between.
    assertThat(r.status()).as(r.describe()).isEqualTo(4);
  }

  @Test
  void denaliSettingsWritesOnlyTheSettingsGiven() {
    assertThat(settings("denali_settings memory=4M, stack=32K, service=web-1"))
        .isEqualTo(Map.of("memory", "4M", "stack", "32K", "service", "web-1"));
    assertThat(settings("denali_settings service=only")).isEqualTo(Map.of("service", "only"));
    assertThat(settings("denali_settings stack=8K, memory=0x40000"))
        .isEqualTo(Map.of("memory", "0x40000", "stack", "8K"));
    assertThat(settings("denali_settings")).isEmpty();
    assertThat(settings("denali_settings 2M, 16K")).isEqualTo(Map.of("memory", "2M",
        "stack", "16K"));
  }

  private static Map<String, String> settings(String line) {
    AssemblyResult r = Sdk.tryAssemble(List.of(SourceFile.of("note.s", """
        .include "denali.inc"
        %s
        .globl _start
        _start:
            sys_exit 0
        """.formatted(line))));
    assertThat(r.ok()).as(r.formatDiagnostics()).isTrue();
    return Sdk.load("note", r.elf()).settings();
  }

  @Test
  void printLitPrintsThroughLib() {
    Sdk.Run r = Sdk.run("lit", Sdk.assembleWithLib("lit.s", """
        .include "denali.inc"
        .text
        .globl main
        main:
            addi sp, sp, -16
            sw   ra, 12(sp)
            print_lit "one, two\\n"
            print_lit "three\\tfour\\n"
            li   a0, 0
            lw   ra, 12(sp)
            addi sp, sp, 16
            ret
        """));
    assertThat(r.out()).as(r.describe()).isEqualTo("one, two\nthree\tfour\n");
  }

  @Test
  void includingTwiceIsHarmless() {
    AssemblyResult r = Sdk.tryAssemble(List.of(SourceFile.of("twice.s", """
        .include "denali.inc"
        .include "denali.inc"
        .globl _start
        _start:
            sys_exit 0
        """)));
    assertThat(r.ok()).as(r.formatDiagnostics()).isTrue();
  }
}
