package dev.denali.emu.jit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.emu.GuestProgram;
import dev.denali.emu.GuestRun;
import dev.denali.emu.Runner;
import dev.denali.emu.interp.Interpreter;
import org.junit.jupiter.api.Test;

/** The default engine interprets first and moves hot programs to the JIT in the background. */
class TieredEngineTest {
  private static final String HOT_LOOP = """
      .text
      .globl _start
      _start:
        li t0, 3000000
        li t1, 0
      1: add t1, t1, t0
        xor t2, t1, t0
        addi t0, t0, -1
        bnez t0, 1b
        andi a0, t1, 0xff
        li a7, 93
        ecall
      """;

  @Test
  void aShortProgramIsNeverTranslated() {
    GuestProgram p = GuestRun.program(HOT_LOOP.replace("3000000", "100"));
    GuestRun r = GuestRun.run(p, new TieredEngine(), Runner.Options.defaults());
    assertThat(r.result.outcome()).isEqualTo(Runner.Outcome.EXITED);
    assertThat(p.code().translation()).isNotInstanceOf(CompiledCode.class);
  }

  @Test
  void aHotProgramIsTranslatedAndGivesTheSameResult() throws InterruptedException {
    GuestProgram p = GuestRun.program(HOT_LOOP);
    GuestRun tiered = GuestRun.run(p, new TieredEngine(), new Runner.Options(0, 0, 100_000,
        null, 0));
    GuestRun interp = GuestRun.run(GuestRun.program(HOT_LOOP), new Interpreter(),
        Runner.Options.defaults());
    assertThat(tiered.result.exitStatus()).isEqualTo(interp.result.exitStatus());
    assertThat(tiered.result.retired()).isEqualTo(interp.result.retired());
    assertThat(tiered.vm.registers()).isEqualTo(interp.vm.registers());
    for (int i = 0; i < 500 && !(p.code().translation() instanceof CompiledCode); i++) {
      Thread.sleep(10); // translation runs in the background; give it up to 5 s
    }
    assertThat(p.code().translation()).isInstanceOf(CompiledCode.class);
  }
}
