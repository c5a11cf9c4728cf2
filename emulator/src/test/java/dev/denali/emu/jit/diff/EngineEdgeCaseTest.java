package dev.denali.emu.jit.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.emu.FaultCause;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.Runner;
import dev.denali.emu.jit.Translation;
import dev.denali.emu.jit.diff.EngineComparison.Config;
import dev.denali.emu.jit.JitEngine;
import dev.denali.emu.jit.diff.EngineComparison.Pair;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-written programs with known answers for what the random programs of
 * {@link EngineDifferentialTest} check only differentially: a fault raised inside compiled JIT
 * code reports the faulting instruction's pc, word and address and the exact retired count, as
 * the interpreter does, however the budget cuts the run.
 */
class EngineEdgeCaseTest {
  private static final long TIMEOUT = 10_000_000_000L;
  private static final List<Config> CONFIGS = List.of(
      new Config(1_000_000, 0, Pair.INTERP_JIT), new Config(1, 0, Pair.INTERP_JIT),
      new Config(7, 0, Pair.INTERP_JIT), new Config(97, 0, Pair.INTERP_JIT),
      new Config(13, 0, Pair.INTERP_ALTERNATING));

  /**
   * A load in the middle of a 36-instruction loop block faults on the third trip (its base
   * register becomes 0 without a branch): pc of the lw, address 0, 98 instructions retired.
   */
  @Test
  void loadFaultInTheMiddleOfACompiledBlock() {
    StringBuilder src = new StringBuilder("""
        .text
        .globl _start
        _start:
          la a0, buf
          li t0, 2
        loop:
        """);
    src.append("  addi t1, t1, 1\n".repeat(20));
    src.append("""
          seqz t3, t0
          addi t3, t3, -1
          and t4, a0, t3
          lw t5, 0(t4)
        """);
    src.append("  addi t1, t1, 1\n".repeat(10));
    src.append("""
          addi t0, t0, -1
          bgez t0, loop
          li a7, 93
          ecall
          .data
        buf: .word 0x12345678
        """);
    GuestProgram p = EngineDifferentialTest.load(src.toString());
    assertThat(Translation.complete(p).isTranslated(0)).as("the function is translated").isTrue();
    for (Config c : CONFIGS) {
      EngineComparison.Result r = EngineComparison.compare(p, c, TIMEOUT);
      assertThat(r.difference()).as(c + "\n" + r.reference().summary() + "\n"
          + r.other().summary()).isNull();
      EngineState s = r.other();
      assertThat(s.outcome()).isEqualTo(Runner.Outcome.FAULTED);
      assertThat(s.fault().cause()).isEqualTo(FaultCause.LOAD_ACCESS);
      assertThat(s.fault().pc()).isEqualTo(0x10000 + 4 * 26);
      assertThat(s.fault().word()).isEqualTo(p.code().word(26));
      assertThat(s.fault().address()).isZero();
      assertThat(s.retired()).isEqualTo(3 + 2 * 36 + 23);
      assertThat(s.pc()).isEqualTo(0x10000 + 4 * 26);
      assertThat(s.registers()[6]).as("t1").isEqualTo(20 * 3 + 10 * 2);
      assertThat(s.registers()[30]).as("t5: the faulting load does not write it")
          .isEqualTo(0x12345678);
    }
  }

  /**
   * A function reached by call (an auipc+jalr pair: a direct jump inside the region) stores
   * into text at its return address after counting its instructions with rdinstret.
   */
  @Test
  void storeIntoTextInACalledFunction() {
    String src = """
        .text
        .globl _start
        _start:
          li s0, 5
        1:
          call f
          addi s0, s0, -1
          bnez s0, 1b
          li a7, 93
          ecall
        f:
          rdinstret a1
          addi a2, a2, 1
          li a3, 2
          bne a2, a3, 2f
          sw a1, 4(ra)
        2:
          ret
        """;
    GuestProgram p = EngineDifferentialTest.load(src);
    int storePc = 0x10000 + 4 * 11;
    for (Config c : CONFIGS) {
      EngineComparison.Result r = EngineComparison.compare(p, c, TIMEOUT);
      assertThat(r.difference()).as(c + "\n" + r.reference().summary() + "\n"
          + r.other().summary()).isNull();
      EngineState s = r.other();
      assertThat(s.fault().cause()).isEqualTo(FaultCause.STORE_READ_ONLY);
      assertThat(s.fault().pc()).isEqualTo(storePc);
      assertThat(s.fault().address()).isEqualTo(0x10000 + 4 * 3 + 4); // ra = the call's end
      // li + first trip (call 2, f 5 with the taken bne and ret, back 2) + call 2 + f up to sw
      assertThat(s.retired()).isEqualTo(1 + (2 + 5 + 2) + (2 + 4));
      assertThat(s.registers()[11]).as("a1 = rdinstret").isEqualTo(1 + 9 + 2);
    }
  }

  /** The interpreter's answer for {@link #iretToTheEndOfTextFaultsThere}, in every quantum. */
  @Test
  void iretToTheEndOfTextFaultsThereInTheInterpreter() {
    GuestProgram p = EngineDifferentialTest.load(IRET_TO_END);
    for (Config c : CONFIGS) {
      EngineState s = EngineComparison.run(p, "interp", dev.denali.emu.interp.Interpreter::new,
          c, TIMEOUT);
      assertThat(s.fault().cause()).as(c.toString()).isEqualTo(FaultCause.JUMP_OUTSIDE_TEXT);
      assertThat(s.fault().pc()).as(c + ": fault pc").isEqualTo(p.textEnd());
      assertThat(s.fault().address()).as(c + ": fault address").isEqualTo(p.textEnd());
      assertThat(s.fault().word()).as(c + ": fault word").isZero();
      assertThat(s.retired()).as(c + ": retired").isEqualTo(10);
      assertThat(s.interruptsDelivered()).isEqualTo(1);
    }
  }

  private static final String IRET_TO_END = """
      .text
      .globl _start
      _start:
        li s6, 0x1000
        la s7, handler
        sw s7, 0x20(s6)      # HANDLER
        li s7, 1
        sw s7, 0x1c(s6)      # ENABLED: the timer
        sw s7, 0x2c(s6)      # TIMER_LO: due at once
        j last
      handler:
        d.iret
      last:
        d.idle t0, zero      # the last word of text
      """;

  /**
   * Known JIT bug (reported; see EngineDifferentialTest.KNOWN_DISAGREEMENTS): d.idle is the
   * last word of text, so the VM idles with pc = the end of text; the timer is due, so the next
   * quantum enters the handler with SAVED_PC = the end of text, and its d.iret returns there.
   *
   * <p>The ISA manual defines d.iret as {@code pc = SAVED_PC, IN_HANDLER = 0}; it cannot fault
   * itself (outside a handler it is illegal), so it retires, and the fetch at the end of text
   * faults: JUMP_OUTSIDE_TEXT at pc = address = the end of text, word 0. The interpreter does
   * that (and so does the JIT when it hands the d.iret's block to the interpreter, e.g. when
   * the handler is entered in the middle of a block). Compiled code instead checks the target
   * inside the d.iret (RegionCompiler.iret, continueAtAddressIn) and faults there: pc and word
   * of the d.iret, one instruction fewer retired, though IN_HANDLER is already 0.
   */
  @Test
  void iretToTheEndOfTextFaultsThere() {
    GuestProgram p = EngineDifferentialTest.load(IRET_TO_END);
    int end = p.textEnd();
    for (Config c : CONFIGS) {
      EngineState jit = EngineComparison.run(p, "jit", JitEngine::new, c, TIMEOUT);
      assertThat(jit.fault().cause()).as(c.toString()).isEqualTo(FaultCause.JUMP_OUTSIDE_TEXT);
      assertThat(jit.fault().pc()).as(c + ": fault pc").isEqualTo(end);
      assertThat(jit.fault().word()).as(c + ": fault word").isZero();
      assertThat(jit.retired()).as(c + ": retired").isEqualTo(10);
      EngineComparison.Result r = EngineComparison.compare(p, c, TIMEOUT);
      assertThat(r.difference()).as(c + "\n" + r.reference().summary() + "\n"
          + r.other().summary()).isNull();
    }
  }
}
