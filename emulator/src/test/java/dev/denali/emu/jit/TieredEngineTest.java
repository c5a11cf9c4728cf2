package dev.denali.emu.jit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.emu.GuestProgram;
import dev.denali.emu.GuestRun;
import dev.denali.emu.Runner;
import dev.denali.emu.interp.Interpreter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The default engine interprets first and translates hot functions, one at a time, in the
 * background; cold functions stay interpreted, and no VM waits for a translation.
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

  /** A hot loop in _start, after a call to a long function that runs once (cold). */
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

  /** A threshold the hot loops above pass quickly and the cold function never reaches. */
  private static final int HOT = 100_000;

  /** Waits until the translation thread has done everything queued so far. */
  private static void drainCompiler() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    TieredEngine.onCompilerThread(done::countDown);
    assertThat(done.await(30, TimeUnit.SECONDS)).as("translation thread drained").isTrue();
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
    GuestProgram p = GuestRun.program(HOT_LOOP);
    GuestRun r = GuestRun.run(p, new TieredEngine(), Runner.Options.defaults());
    assertSameAsInterpreter(r, HOT_LOOP);
    drainCompiler();
    assertThat(r.result.retired()).as("12 M instructions, below the default threshold")
        .isLessThan(TieredEngine.HOT);
    assertThat(Translation.of(p).functions()).isZero();
  }

  @Test
  void onlyTheHotFunctionIsTranslated() throws InterruptedException {
    GuestProgram p = GuestRun.program(HOT_AND_COLD);
    Translation t = Translation.of(p);
    int cold = t.map.entries()[1];
    assertThat(t.map.entries()).containsExactly(0, cold);
    GuestRun tiered = GuestRun.run(p, new TieredEngine(HOT), new Runner.Options(0, 0, 100_000,
        null, 0));
    assertSameAsInterpreter(tiered, HOT_AND_COLD);
    drainCompiler();
    assertThat(t.isTranslated(0)).as("_start, with the hot loop").isTrue();
    assertThat(t.isTranslated(cold)).as("the function that ran once").isFalse();
    assertThat(t.functions()).isEqualTo(1);
    // the eager JIT, meeting the same program, translates the rest as it reaches it (huge
    // functions too, as told here: cold is 2,001 instructions, over JitEngine.HUGE)
    GuestRun jit = GuestRun.run(p, new JitEngine(Integer.MAX_VALUE), Runner.Options.defaults());
    assertSameAsInterpreter(jit, HOT_AND_COLD);
    assertThat(t.isTranslated(cold)).isTrue();
  }

  /** A hot loop that calls a small function: the callee runs a third of the instructions. */
  private static final String HOT_WITH_CALLEE = """
      .text
      .globl _start
      _start:
        li s0, 7000000
        li s1, 0
      1: mv a0, s0
        call step
        add s1, s1, a0
        xor t2, s1, s0
        addi s0, s0, -1
        bnez s0, 1b
        andi a0, s1, 0xff
        li a7, 93
        ecall
      step:
        slli a0, a0, 1
        ret
      """;

  @Test
  void aHotFunctionIsTranslatedWithTheCalleesItUses() {
    GuestProgram p = GuestRun.program(HOT_WITH_CALLEE);
    Translation t = Translation.of(p);
    int step = t.map.entries()[1];
    boolean[] calleeWithCaller = new boolean[1];
    Executor translateNow = task -> { // translate synchronously, watching the first task
      boolean first = !t.isTranslated(0) && !t.isTranslated(step);
      task.run();
      if (first) {
        calleeWithCaller[0] = t.isTranslated(0) && t.isTranslated(step);
      }
    };
    // _start is hot once 20 slices (TieredEngine.SLICE) have started in it, about two thirds
    // of all (some 30 of the program's 63); a third start in step
    GuestRun tiered = GuestRun.run(p, new TieredEngine((int) (20 * TieredEngine.SLICE),
        translateNow),
        Runner.Options.defaults());
    assertSameAsInterpreter(tiered, HOT_WITH_CALLEE);
    assertThat(calleeWithCaller[0]).as("step translated in the same task as _start").isTrue();
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
      // hot after one instruction: its translation is requested at once, but cannot happen
      GuestRun tiered = GuestRun.run(p, new TieredEngine(1), Runner.Options.defaults());
      assertSameAsInterpreter(tiered, HOT_LOOP);
      assertThat(Translation.of(p).functions()).as("nothing was translated").isZero();
    } finally {
      release.countDown();
    }
    drainCompiler();
    assertThat(Translation.of(p).functions()).as("the request was queued").isEqualTo(1);
  }

  @Test
  void vmsOfOneProgramShareItsTranslatedFunctions() throws InterruptedException {
    GuestProgram p = GuestRun.program(HOT_LOOP);
    GuestRun first = GuestRun.run(p, new TieredEngine(HOT), Runner.Options.defaults());
    drainCompiler();
    Translation t = Translation.of(p);
    assertThat(t.functions()).isEqualTo(1);
    GuestRun second = GuestRun.run(p, new TieredEngine(HOT), Runner.Options.defaults());
    assertThat(second.result.retired()).isEqualTo(first.result.retired());
    assertThat(second.vm.registers()).isEqualTo(first.vm.registers());
    assertThat(Translation.of(p)).isSameAs(t);
    assertThat(t.functions()).isEqualTo(1);
  }

  /**
   * A loop in _start calls {@code work}, whose own loop runs nearly every instruction: work is
   * hot long before _start, whose instructions alone (a few per call) would never reach the
   * threshold.
   */
  private static final String INTERPRETED_CALLER = """
      .text
      .globl _start
      _start:
        li s0, 20000
        li s1, 0
      1: mv a0, s0
        call work
        add s1, s1, a0
        addi s0, s0, -1
        bnez s0, 1b
        andi a0, s1, 0xff
        li a7, 93
        ecall
      work:
        li t0, 60
      2: add a0, a0, t0
        addi t0, t0, -1
        bnez t0, 2b
        ret
      """;

  @Test
  void returnsFromATranslatedCalleeMakeItsInterpretedCallerHot() {
    GuestProgram p = GuestRun.program(INTERPRETED_CALLER);
    Translation t = Translation.of(p);
    int work = t.map.entries()[1];
    // hot after 2 M instructions: work gets there first (3.6 M of 3.7 M instructions are its);
    // _start's own 100,000 never would, but each of its calls that comes back from translated
    // work through the dispatcher counts ROUND_TRIP
    GuestRun tiered = GuestRun.run(p, new TieredEngine(2_000_000, Runnable::run),
        Runner.Options.defaults());
    assertSameAsInterpreter(tiered, INTERPRETED_CALLER);
    assertThat(t.isTranslated(work)).isTrue();
    assertThat(t.isTranslated(0)).as("_start, translated for its calls' round trips").isTrue();
  }

  /** Yields 3,000 times, a few instructions a turn: a guest that answers events. */
  private static final String MANY_SHORT_TURNS = """
      .text
      .globl _start
      _start:
        li s0, 0
        li s1, 3000
      1: addi s0, s0, 1
        li a0, 0
        d.idle a0, a0
        bltu s0, s1, 1b
        andi a0, s0, 0xff
        li a7, 93
        ecall
      """;

  @Test
  void turnsThatStartInInterpretedCodeMakeItHot() {
    GuestProgram p = GuestRun.program(MANY_SHORT_TURNS);
    Translation t = Translation.of(p);
    // 15,000 instructions in all, far below the threshold; each of the 3,000 turns that starts
    // interpreted in _start counts TURN as well
    GuestRun tiered = GuestRun.run(p, new TieredEngine(100 * TieredEngine.TURN, Runnable::run),
        Runner.Options.defaults());
    assertSameAsInterpreter(tiered, MANY_SHORT_TURNS);
    assertThat(tiered.result.retired()).isLessThan(100 * TieredEngine.TURN);
    assertThat(t.isTranslated(0)).as("_start, translated for its turns").isTrue();
  }
}
