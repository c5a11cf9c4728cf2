package dev.denali.emu.jit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.emu.GuestProgram;
import dev.denali.emu.GuestRun;
import dev.denali.emu.Runner;
import dev.denali.emu.interp.Interpreter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The default engine interprets first and translates hot regions, one at a time, in the
 * background; cold regions stay interpreted, and no VM waits for a translation.
 */
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

  /**
   * A hot loop in the first region, after a call to a long function that runs once (cold,
   * several regions of its own).
   */
  private static final String HOT_AND_COLD = """
      .text
      .globl _start
      _start:
        call cold
        li t0, 3000000
        li t1, 0
      hot: add t1, t1, t0
        xor t2, t1, t0
        addi t0, t0, -1
        bnez t0, hot
        add a0, t1, a1
        andi a0, a0, 0xff
        li a7, 93
        ecall
      cold:
      """ + "  addi a1, a1, 3\n  xori a1, a1, 5\n".repeat(1000) + "  ret\n";

  /** Waits until the translation thread has done everything queued so far. */
  private static void drainCompiler() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    TieredEngine.onCompilerThread(done::countDown);
    assertThat(done.await(30, TimeUnit.SECONDS)).as("translation thread drained").isTrue();
  }

  private static int regionOfLabel(GuestProgram p, int index) {
    return CompiledCode.shared(p.code()).regionOf(index);
  }

  private static void assertSameAsInterpreter(GuestRun run, String source) {
    GuestRun interp = GuestRun.run(GuestRun.program(source), new Interpreter(),
        Runner.Options.defaults());
    assertThat(run.result.outcome()).isEqualTo(Runner.Outcome.EXITED);
    assertThat(run.result.exitStatus()).isEqualTo(interp.result.exitStatus());
    assertThat(run.result.retired()).isEqualTo(interp.result.retired());
    assertThat(run.vm.registers()).isEqualTo(interp.vm.registers());
    assertThat(run.vm.pc).isEqualTo(interp.vm.pc);
  }

  @Test
  void aShortProgramTranslatesNothing() throws InterruptedException {
    GuestProgram p = GuestRun.program(HOT_LOOP.replace("3000000", "100"));
    GuestRun r = GuestRun.run(p, new TieredEngine(), Runner.Options.defaults());
    assertThat(r.result.outcome()).isEqualTo(Runner.Outcome.EXITED);
    drainCompiler();
    assertThat(CompiledCode.shared(p.code()).regions()).isZero();
  }

  @Test
  void aHotLoopIsTranslatedAndGivesTheSameResult() throws InterruptedException {
    GuestProgram p = GuestRun.program(HOT_LOOP);
    GuestRun tiered = GuestRun.run(p, new TieredEngine(), new Runner.Options(0, 0, 100_000,
        null, 0));
    assertSameAsInterpreter(tiered, HOT_LOOP);
    drainCompiler();
    CompiledCode cc = CompiledCode.shared(p.code());
    assertThat(cc.isTranslated(cc.regionOf(3))).isTrue();
    assertThat(cc.regionAt(3)).as("the loop's block is an entry of the translated region")
        .isNotNull();
  }

  @Test
  void onlyTheHotRegionIsTranslated() throws InterruptedException {
    GuestProgram p = GuestRun.program(HOT_AND_COLD);
    CompiledCode cc = CompiledCode.shared(p.code());
    int hotIndex = 5; // after call (auipc, jalr), li t0 (lui, addi) and li t1 (addi)
    assertThat(cc.regionCount()).as("the cold function spans several regions")
        .isGreaterThan(4);
    GuestRun tiered = GuestRun.run(p, new TieredEngine(), Runner.Options.defaults());
    assertSameAsInterpreter(tiered, HOT_AND_COLD);
    drainCompiler();
    int hot = cc.regionOf(hotIndex);
    assertThat(cc.translatedRegions()).containsExactly(hot);
    assertThat(cc.regions()).isEqualTo(1);
    // the cold function's regions, from its first instruction to the end of text
    int coldLast = cc.regionOf(p.code().length() - 1);
    assertThat(coldLast).isGreaterThan(hot);
    assertThat(cc.regionAt(p.code().length() - 1)).isNull();
    // the eager JIT, meeting the same program, translates the rest
    GuestRun jit = GuestRun.run(p, new JitEngine(), Runner.Options.defaults());
    assertSameAsInterpreter(jit, HOT_AND_COLD);
    assertThat(cc.regions()).isEqualTo(cc.regionCount());
  }

  @Test
  void noVmWaitsForATranslation() throws InterruptedException {
    GuestProgram p = GuestRun.program(HOT_LOOP);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(1);
    TieredEngine.onCompilerThread(() -> { // hold the translation thread
      blocked.countDown();
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      assertThat(blocked.await(30, TimeUnit.SECONDS)).isTrue();
      // hot after one entry: its translation is requested at once, but cannot happen
      GuestRun tiered = GuestRun.run(p, new TieredEngine(1), Runner.Options.defaults());
      assertSameAsInterpreter(tiered, HOT_LOOP);
      assertThat(CompiledCode.shared(p.code()).regions()).as("nothing was translated").isZero();
    } finally {
      release.countDown();
    }
    drainCompiler();
    assertThat(CompiledCode.shared(p.code()).regions()).as("the request was queued")
        .isEqualTo(1);
  }

  @Test
  void vmsOfOneProgramShareItsTranslatedRegions() throws InterruptedException {
    GuestProgram p = GuestRun.program(HOT_LOOP);
    GuestRun first = GuestRun.run(p, new TieredEngine(), Runner.Options.defaults());
    drainCompiler();
    CompiledCode cc = CompiledCode.shared(p.code());
    assertThat(cc.regions()).isEqualTo(1);
    GuestRun second = GuestRun.run(p, new TieredEngine(), Runner.Options.defaults());
    assertThat(second.result.retired()).isEqualTo(first.result.retired());
    assertThat(second.vm.registers()).isEqualTo(first.vm.registers());
    assertThat(CompiledCode.shared(p.code())).isSameAs(cc);
    assertThat(CompiledCode.of(p.code())).as("of() does not translate the rest").isSameAs(cc);
    assertThat(cc.regions()).isEqualTo(1);
    assertThat(CompiledCode.complete(p.code())).as("the eager JIT completes the same translation")
        .isSameAs(cc);
  }
}
