package dev.denali.emu.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.emu.Engine;
import dev.denali.emu.Fault;
import dev.denali.emu.FaultCause;
import dev.denali.emu.Runner;
import dev.denali.emu.semantics.EngineTest;
import dev.denali.emu.semantics.Guest;
import dev.denali.emu.semantics.Snippets;
import dev.denali.emu.semantics.TestClock;
import dev.denali.isa.Opcode;
import dev.denali.isa.Registers;
import dev.denali.isa.VirtualRegisters;
import java.util.List;
import java.util.Map;

/**
 * Guests that misbehave on purpose (BRIEF.md section 4, "Isolation"; ISA manual, "Faults"):
 * every fault cause ends the run with FAULTED, the exact pc and retired count, and a report
 * with the instruction disassembled and the registers; loops end at the instruction limit
 * exactly; nothing a guest does reaches the JVM as an exception or error.
 */
class HostileGuestsTest {
  private static final int TEXT = 0x10000;

  /** Runs {@code source}, which must fault. */
  private static Guest.Run faulting(Engine e, String source) {
    Guest.Run r = Guest.of(source).on(e).run();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.FAULTED);
    assertThat(r.result.fault()).isNotNull().isEqualTo(r.vm.fault());
    return r;
  }

  /** The fault has this cause, pc and address, and {@code retired} instructions retired. */
  private static Fault assertFault(Guest.Run r, FaultCause cause, int pc, int address,
      long retired) {
    Fault f = r.result.fault();
    assertThat(f.cause()).as(r::describe).isEqualTo(cause);
    assertThat(f.pc()).as("fault pc").isEqualTo(pc);
    assertThat(f.address()).as("fault address").isEqualTo(address);
    assertThat(r.result.retired()).as("retired").isEqualTo(retired);
    assertThat(r.vm.retired).isEqualTo(retired);
    assertThat(r.vm.pc).as("the VM's pc stays at the faulting instruction").isEqualTo(pc);
    return f;
  }

  /** The report names the cause, the pc, the instruction and every register with its value. */
  private static void assertReport(Guest.Run r, String disassembly) {
    Fault f = r.result.fault();
    String report = f.report(r.vm.registers());
    assertThat(report).contains(f.cause().description())
        .contains(String.format("at pc 0x%08x", f.pc()))
        .contains(String.format("%08x", f.word()))
        .contains(disassembly);
    int[] regs = r.vm.registers();
    for (int i = 0; i < 32; i++) {
      assertThat(report).contains(String.format("%-4s %08x", Registers.abiName(i), regs[i]));
    }
  }

  private static String word(int w) {
    return String.format(".word 0x%08x", w);
  }

  // ------------------------------------------------------------------ loads and stores

  @EngineTest
  void loadFromTheNullPage(Engine e) {
    Guest.Run r = faulting(e, Snippets.program("""
        li a0, 5
        lw a1, 0(zero)
        """));
    assertFault(r, FaultCause.LOAD_ACCESS, TEXT + 4, 0, 1);
    assertReport(r, "lw a1, 0(zero)");
    assertThat(r.result.fault().report(r.vm.registers())).contains("a0   00000005");
  }

  @EngineTest
  void loadPastTheEndOfMemory(Engine e) {
    String prefix = """
        li t0, 0x1000
        lw t1, 8(t0)          # MEMORY_SIZE
        """;
    Guest.Run r = faulting(e, Snippets.program(prefix + "lw a0, 0(t1)"));
    assertFault(r, FaultCause.LOAD_ACCESS, TEXT + 8, 1 << 20, 2);
    assertReport(r, "lw a0, 0(t1)");

    Guest.Run straddle = faulting(e, Snippets.program(prefix + "lh a0, -1(t1)"));
    assertFault(straddle, FaultCause.LOAD_ACCESS, TEXT + 8, (1 << 20) - 1, 2);

    Guest.Run top = faulting(e, Snippets.program("""
        li t0, -4
        lbu a0, 0(t0)
        """));
    assertFault(top, FaultCause.LOAD_ACCESS, TEXT + 4, -4, 1);
  }

  @EngineTest
  void loadFromUnmappedPagesBelowTheText(Engine e) {
    for (int addr : new int[] {0x2000, 0x8000, 0xeffc, 0x0ffe}) {
      Guest.Run r = faulting(e, Snippets.program("li t0, " + addr + "\nlw a0, 0(t0)"));
      int liWords = addr < 2048 ? 1 : (addr & 0xfff) == 0 ? 1 : 2;
      assertFault(r, FaultCause.LOAD_ACCESS, TEXT + 4 * liWords, addr, liWords);
    }
  }

  @EngineTest
  void storesOutsideWritableMemory(Engine e) {
    Guest.Run n = faulting(e, Snippets.program("sw zero, 8(zero)"));
    assertFault(n, FaultCause.STORE_ACCESS, TEXT, 8, 0);
    assertReport(n, "sw zero, 8(zero)");

    Guest.Run end = faulting(e, Snippets.program("""
        li t0, 0x1000
        lw t1, 8(t0)
        li t2, 7
        sw t2, -2(t1)         # two of its bytes lie past the end
        """));
    assertFault(end, FaultCause.STORE_ACCESS, TEXT + 12, (1 << 20) - 2, 3);
    assertReport(end, "sw t2, -2(t1)");

    Guest.Run hole = faulting(e, Snippets.program("li t0, 0x3000\nsb t0, 1(t0)"));
    assertFault(hole, FaultCause.STORE_ACCESS, TEXT + 4, 0x3001, 1);
  }

  @EngineTest
  void storesIntoTextAndReadOnlyData(Engine e) {
    Guest.Run text = faulting(e, Snippets.program("""
        la t0, _start
        sh zero, 6(t0)
        """));
    assertFault(text, FaultCause.STORE_READ_ONLY, TEXT + 8, TEXT + 6, 2);
    assertReport(text, "sh zero, 6(t0)");
    assertThat(text.vm.program().code().word(1)).as("text unchanged").isNotZero();

    Guest.Run ro = faulting(e, Snippets.program("""
        la t0, r
        li t1, 0x41
        sb t1, 1(t0)
        """, ".rodata\nr: .ascii \"read only\"\n"));
    assertFault(ro, FaultCause.STORE_READ_ONLY, TEXT + 12, 0x11001, 3);
    assertReport(ro, "sb t1, 1(t0)");
  }

  // ------------------------------------------------------------------ jumps

  @EngineTest
  void jalrIntoData(Engine e) {
    Guest.Run r = faulting(e, Snippets.program("""
        la t0, d
        jalr ra, 0(t0)
        """, ".data\nd: .word 0x00000013\n"));
    int d = r.vm.writableBase;
    assertFault(r, FaultCause.JUMP_OUTSIDE_TEXT, TEXT + 8, d, 2);
    assertReport(r, "jalr t0"); // GNU objdump's short form of jalr ra, 0(t0)
    assertThat(r.reg("ra")).as("rd is not written by a faulting jalr").isZero();
  }

  @EngineTest
  void jumpsToAddressesOutsideText(Engine e) {
    Guest.Run zero = faulting(e, Snippets.program("li ra, 7\njalr ra, 0(zero)"));
    assertFault(zero, FaultCause.JUMP_OUTSIDE_TEXT, TEXT + 4, 0, 1);
    assertThat(zero.reg("ra")).isEqualTo(7);

    Guest.Run vregs = faulting(e, Snippets.program("li t0, 0x1000\njr t0"));
    assertFault(vregs, FaultCause.JUMP_OUTSIDE_TEXT, TEXT + 4, 0x1000, 1);

    // jal 4 KiB ahead from a two-word text: outside, though the target is in read-only data.
    Guest.Run jal = faulting(e, Snippets.HEADER + "nop\n" + word(Opcode.JAL.encode(1, 0, 0,
        0x1000)) + "\n.rodata\n.zero 64\n");
    assertFault(jal, FaultCause.JUMP_OUTSIDE_TEXT, TEXT + 4, TEXT + 4 + 0x1000, 1);
    assertThat(jal.reg("ra")).isZero();

    // A branch backwards from the first instruction, into the header page.
    Guest.Run back = faulting(e, Snippets.HEADER + word(Opcode.BEQ.encode(0, 0, 0, -8)) + "\n");
    assertFault(back, FaultCause.JUMP_OUTSIDE_TEXT, TEXT, TEXT - 8, 0);
    assertReport(back, "beqz zero, 0xfff8");

    // A branch not taken to the outside is harmless.
    Guest.Run notTaken = Guest.of(Snippets.program("li t0, 1\n"
        + word(Opcode.BEQ.encode(0, 5, 0, -64)))).on(e).run();
    assertThat(notTaken.outcome()).as(notTaken::describe).isEqualTo(Runner.Outcome.EXITED);
  }

  @EngineTest
  void fallingOffTheEndOfText(Engine e) {
    Guest.Run r = faulting(e, Snippets.HEADER + """
        li a0, 1
        nop
        .data
        .word 0x00000013
        """);
    Fault f = assertFault(r, FaultCause.JUMP_OUTSIDE_TEXT, TEXT + 8, TEXT + 8, 2);
    assertThat(r.vm.program().textEnd()).isEqualTo(TEXT + 8);
    assertThat(f.report(r.vm.registers())).contains("jump outside text");
  }

  @EngineTest
  void misalignedJumps(Engine e) {
    Guest.Run jalr = faulting(e, Snippets.program("""
        la t0, _start
        jalr ra, 2(t0)
        """));
    assertFault(jalr, FaultCause.MISALIGNED_JUMP, TEXT + 8, TEXT + 2, 2);
    assertReport(jalr, "jalr ra, 2(t0)");

    Guest.Run odd = faulting(e, Snippets.program("la t0, _start\njalr ra, 7(t0)"));
    assertFault(odd, FaultCause.MISALIGNED_JUMP, TEXT + 8, TEXT + 6, 2);

    // bne zero, sp, +6: sp (the top of memory) is not zero, so it is taken.
    Guest.Run branch = faulting(e, Snippets.program("nop\n"
        + word(Opcode.BNE.encode(0, 0, 2, 6)) + "\nnop\nnop"));
    assertFault(branch, FaultCause.MISALIGNED_JUMP, TEXT + 4, TEXT + 10, 1);
    assertReport(branch, "bne zero, sp");

    Guest.Run jal = faulting(e, Snippets.program(word(Opcode.JAL.encode(0, 0, 0, 2))));
    assertFault(jal, FaultCause.MISALIGNED_JUMP, TEXT, TEXT + 2, 0);
  }

  // ------------------------------------------------------------------ illegal instructions

  @EngineTest
  void illegalInstructions(Engine e) {
    int[] words = {
        0x00000000, // all zeros
        0xffffffff, // all ones
        0x00014505, // two compressed halfwords: c.li a0, 1; c.nop
        0x0000100f, // fence.i
        0x30200073, // mret
        0x10500073, // wfi
        0x30002573, // csrrs a0, mstatus, zero: not a counter
        0xc0001573, // csrrw a0, cycle, zero: counters are read-only
        0xc0002573 | (1 << 15), // csrrs a0, cycle, ra: rs1 must be zero
        0x00000053, // fadd.s
        0x0000202f, // amoadd.w
        0x0000008b, // d.exit with rd != 0
        0x0000500b, // custom-0 device 5
        0x0600000b, // core operation 3
    };
    for (int w : words) {
      Guest.Run r = faulting(e, Snippets.program("li a0, 3\n" + word(w)));
      assertFault(r, FaultCause.ILLEGAL_INSTRUCTION, TEXT + 4, TEXT + 4, 1);
      assertThat(r.result.fault().word()).isEqualTo(w);
      assertReport(r, "(not an instruction)");
    }
  }

  @EngineTest
  void aCompressedHalfwordInTheMiddleOfText(Engine e) {
    Guest.Run r = faulting(e, Snippets.HEADER + """
        li a0, 3
        .half 0x4505          # c.li a0, 1
        .half 0x0001          # c.nop
        d.exit a0
        """);
    assertFault(r, FaultCause.ILLEGAL_INSTRUCTION, TEXT + 4, TEXT + 4, 1);
    assertThat(r.result.fault().word()).isEqualTo(0x00014505);
  }

  @EngineTest
  void ebreakIsABreakpoint(Engine e) {
    Guest.Run r = faulting(e, Snippets.program("nop\nnop\nebreak"));
    assertFault(r, FaultCause.BREAKPOINT, TEXT + 8, TEXT + 8, 2);
    assertReport(r, "ebreak");
  }

  // ------------------------------------------------------------------ interrupts aimed badly

  @EngineTest
  void aHandlerOutsideTextFaultsWhenDelivered(Engine e) {
    for (String handler : new String[] {"la t1, d", "li t1, 0x10002"}) {
      Guest.Run p = Guest.of(Snippets.program("""
          li t0, 0x1000
          %s
          sw t1, 0x20(t0)     # HANDLER: data, or misaligned
          li t1, 2
          sw t1, 0x1c(t0)     # ENABLED = IRQ_NET
          li t2, -1
          d.idle a0, t2
          """.formatted(handler), ".data\nd: .word 0x13\n")).on(e)
          .clock(TestClock.frozen(1, 0)).prepare();
      p.vm.raise(VirtualRegisters.IRQ_NET);
      p.finish();
      assertThat(p.outcome()).as(p::describe).isEqualTo(Runner.Outcome.FAULTED);
      assertThat(p.result.fault().cause()).isIn(FaultCause.JUMP_OUTSIDE_TEXT,
          FaultCause.MISALIGNED_JUMP);
      assertThat(p.result.fault().pc()).isEqualTo(p.vm.virtualRegister(VirtualRegisters.HANDLER));
      assertThat(p.result.fault().report(p.vm.registers())).contains("registers");
    }
  }

  // ------------------------------------------------------------------ limits

  @EngineTest
  void anInfiniteLoopStopsAtExactlyTheInstructionLimit(Engine e) {
    String[] loops = {
        "1: j 1b",
        "1: addi a0, a0, 1\n j 1b",
        "1: addi a0, a0, 1\n addi a1, a1, 1\n addi a2, a2, 1\n bnez a0, 1b\n j 1b",
    };
    long[][] limits = {{1, 1}, {1000, 1_000_000}, {1001, 100}, {99_991, 7}, {12_345, 4096},
        {2, 3}};
    for (String loop : loops) {
      for (long[] lq : limits) {
        Guest.Run r = Guest.of(Snippets.program(loop)).on(e).limit(lq[0]).quantum(lq[1]).run();
        assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.INSTRUCTION_LIMIT);
        assertThat(r.result.retired()).as("%s limit %d quantum %d", loop, lq[0], lq[1])
            .isEqualTo(lq[0]);
        assertThat(r.vm.retired).isEqualTo(lq[0]);
      }
    }
    // The state at the limit is exact: two instructions per iteration of this loop.
    Guest.Run r = Guest.of(Snippets.program(loops[1])).on(e).limit(2001).quantum(10).run();
    assertThat(r.reg("a0")).isEqualTo(1001);
    assertThat(r.vm.pc).isEqualTo(TEXT + 4);
  }

  @EngineTest
  void theLimitAndTheGuestsOwnEndMeetExactly(Engine e) {
    String exits = Snippets.program("nop\nnop"); // nop, nop, d.exit: 3 instructions
    for (long quantum : new long[] {1, 2, 3, 1000}) {
      Guest.Run at = Guest.of(exits).on(e).limit(3).quantum(quantum).run();
      assertThat(at.outcome()).as(at::describe).isEqualTo(Runner.Outcome.EXITED);
      assertThat(at.result.retired()).isEqualTo(3);
      Guest.Run before = Guest.of(exits).on(e).limit(2).quantum(quantum).run();
      assertThat(before.outcome()).as(before::describe)
          .isEqualTo(Runner.Outcome.INSTRUCTION_LIMIT);
      assertThat(before.result.retired()).isEqualTo(2);
      assertThat(before.vm.exited()).isFalse();
    }
    String faults = Snippets.HEADER + "nop\nnop\nlw a0, 0(zero)\n";
    for (long quantum : new long[] {1, 2, 3, 1000}) {
      Guest.Run at = Guest.of(faults).on(e).limit(3).quantum(quantum).run();
      assertThat(at.outcome()).as(at::describe).isEqualTo(Runner.Outcome.FAULTED);
      assertFault(at, FaultCause.LOAD_ACCESS, TEXT + 8, 0, 2);
      Guest.Run before = Guest.of(faults).on(e).limit(2).quantum(quantum).run();
      assertThat(before.outcome()).as(before::describe)
          .isEqualTo(Runner.Outcome.INSTRUCTION_LIMIT);
      assertThat(before.vm.fault()).isNull();
    }
  }

  @EngineTest
  void faultsInTheMiddleOfABlockCountExactlyWhateverTheQuantum(Engine e) {
    String source = Snippets.HEADER + """
        li t0, 10
    1:  addi t0, t0, -1
        nop
        nop
        bnez t0, 1b
        nop
        nop
        nop
        sw a0, 0(zero)
        """;
    for (long quantum : new long[] {1, 2, 3, 5, 7, 11, 1_000_000}) {
      Guest.Run r = Guest.of(source).on(e).quantum(quantum).run();
      assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.FAULTED);
      assertFault(r, FaultCause.STORE_ACCESS, TEXT + 32, 0, 1 + 40 + 3);
    }
  }

  @EngineTest
  void aGuestMayWriteAllOfItsWritableMemory(Engine e) {
    Guest.Run r = Guest.of(Snippets.program("""
        la t0, first          # the writable base
        li t1, 0x1000
        lw t1, 8(t1)          # MEMORY_SIZE: one past the top
        li t2, 0x5a5a5a5a
    1:  sw t2, 0(t0)
        addi t0, t0, 4
        bltu t0, t1, 1b
        li t0, 0x1000
        lw t1, 8(t0)
        lw a0, -4(t1)
        """, ".data\nfirst: .word 1\n")).on(e).run();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
    assertThat(r.reg("a0")).isEqualTo(0x5a5a5a5a);
    for (int i = 0; i < r.vm.mem.length; i++) {
      if (r.vm.mem[i] != 0x5a) {
        throw new AssertionError("byte " + i + " of writable memory not written");
      }
    }
  }

  @EngineTest
  void spinningOnIdleWithZeroTimeoutEndsAtTheLimit(Engine e) {
    Guest.Run r = Guest.of(Snippets.program("1: d.idle a0, zero\n j 1b")).on(e).limit(10_001)
        .run();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.INSTRUCTION_LIMIT);
    assertThat(r.result.retired()).isEqualTo(10_001);
    assertThat(r.vm.wakeups()).isEqualTo(5001);
  }

  /**
   * Waiting without a timeout and without a timer, with nothing pending, can never end in a VM
   * of its own (no device can raise an interrupt): the run ends at once, STUCK (with a minute's
   * timeout, TIMEOUT would mean it waited), rather than at its timeout or never. Spinning ends
   * at the run's timeout.
   */
  @EngineTest
  void waitingForNothingEndsAtOnceAndSpinningAtTheRunTimeout(Engine e) {
    Guest.Run idle = Guest.of(Snippets.program("li t0, -1\nd.idle a0, t0")).on(e)
        .timeoutNanos(60_000_000_000L).run();
    assertThat(idle.outcome()).as(idle::describe).isEqualTo(Runner.Outcome.STUCK);
    assertThat(idle.result.retired()).isEqualTo(2);

    Guest.Run spin = Guest.of(Snippets.program("1: j 1b")).on(e).limit(0).quantum(10_000)
        .timeoutNanos(100_000_000).run();
    assertThat(spin.outcome()).as(spin::describe).isEqualTo(Runner.Outcome.TIMEOUT);
  }

  @EngineTest
  void unboundedRecursionOverflowsTheStackIntoAFault(Engine e) {
    for (Map<String, String> settings : List.of(Map.<String, String>of(),
        Map.of("memory", "128K", "stack", "16K"))) {
      Guest.Run r = Guest.of(Guest.load(Guest.elf(Snippets.program("""
          li a0, 0
          call f
          d.exit a0
      f:  addi sp, sp, -16
          sw ra, 12(sp)
          sw a0, 8(sp)
          addi a0, a0, 1
          call f
          lw ra, 12(sp)
          addi sp, sp, 16
          ret
          """, ".rodata\nr: .word 1\n.data\nd: .word 2\n"), settings))).on(e).run();
      assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.FAULTED);
      Fault f = r.result.fault();
      assertThat(f.cause()).isIn(FaultCause.STORE_READ_ONLY, FaultCause.STORE_ACCESS);
      assertThat(Integer.toUnsignedLong(f.address())).isLessThan(r.vm.writableBase);
      assertThat(f.pc()).as("the first store of f").isEqualTo(TEXT + 5 * 4);
      assertThat(f.address()).isEqualTo(r.vm.writableBase - 4);
      assertThat(Integer.toUnsignedLong(r.reg("sp"))).isLessThan(r.vm.writableBase);
      int memory = r.vm.writableBase + r.vm.memoryBytes();
      assertThat(r.reg("a0")).as("frames that fit").isEqualTo((memory - r.vm.writableBase) / 16);
    }
  }

  @EngineTest
  void hugeLengthsGiveErrorsNotExceptions(Engine e) {
    Guest.Run r = Guest.of(Snippets.program("""
        li a0, 1
        la a1, b
        li a2, 0x7fffffff
        li a7, 64
        ecall
        mv s0, a0
        li a0, 1
        la a1, b
        li a2, 0x80000000
        ecall
        mv s1, a0
        """, ".data\nb: .word 0\n")).on(e).run();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
    assertThat(r.reg("s0")).isNegative();
    assertThat(r.reg("s1")).isNegative();
    assertThat(r.stdout()).isEmpty();
  }
}
