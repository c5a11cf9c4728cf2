package dev.denali.emu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InterpreterSmokeTest {
  @Test
  void helloPrintsAndExits() {
    GuestRun r = GuestRun.run("""
        .text
        .globl _start
        _start:
          li a0, 1
          la a1, msg
          li a2, 6
          li a7, 64
          ecall
          li a0, 42
          li a7, 93
          ecall
        .rodata
        msg: .ascii "hello\\n"
        """);
    assertThat(r.output()).isEqualTo("hello\n");
    assertThat(r.result.outcome()).isEqualTo(Runner.Outcome.EXITED);
    assertThat(r.result.exitStatus()).isEqualTo(42);
    assertThat(r.result.retired()).isEqualTo(9); // la is two instructions
  }

  @Test
  void storeIntoTextFaultsWithAReport() {
    GuestRun r = GuestRun.run("""
        .text
        .globl _start
        _start:
          la a0, _start
          sw zero, 0(a0)
        """);
    assertThat(r.result.outcome()).isEqualTo(Runner.Outcome.FAULTED);
    Fault f = r.result.fault();
    assertThat(f.cause()).isEqualTo(FaultCause.STORE_READ_ONLY);
    assertThat(f.pc()).isEqualTo(0x10008);
    assertThat(f.report(r.vm.registers())).contains("store into text", "sw zero, 0(a0)",
        "a0   00010000");
    assertThat(r.result.retired()).isEqualTo(2);
  }

  @Test
  void budgetStopsAnInfiniteLoopExactly() {
    GuestRun r = GuestRun.run(GuestRun.program("""
        .text
        .globl _start
        _start:
        1: addi a0, a0, 1
           j 1b
        """), new dev.denali.emu.interp.Interpreter(),
        new Runner.Options(1001, 0, 100, null, 0));
    assertThat(r.result.outcome()).isEqualTo(Runner.Outcome.INSTRUCTION_LIMIT);
    assertThat(r.result.retired()).isEqualTo(1001);
    assertThat(r.vm.x[10]).isEqualTo(501);
  }
}
