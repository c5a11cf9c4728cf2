package dev.denali.emu.semantics;

import static dev.denali.isa.VirtualRegisters.IRQ_NET;
import static dev.denali.isa.VirtualRegisters.IRQ_TIMER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.emu.Engine;
import dev.denali.emu.Runner;
import dev.denali.emu.StopReason;
import dev.denali.emu.Vm;
import dev.denali.isa.VirtualRegisters;

/**
 * The virtual-register page and batched, deferred virtual interrupts (ISA manual, "Virtual
 * registers", "Virtual interrupts", d.idle, d.iret). Where a test must act "while the VM is not
 * running", it drives the VM itself through the public boundary: {@link Vm#beginQuantum()} then
 * {@link Engine#run}, as a kernel would.
 */
class VirtualInterruptsTest {
  /**
   * A handler that counts its entries and records DELIVERED, SAVED_PC, IN_HANDLER and PENDING
   * as it saw them, preserving every register it uses.
   */
  private static final String HANDLER = """
      handler:
          addi sp, sp, -16
          sw t0, 12(sp)
          sw t1, 8(sp)
          sw t2, 4(sp)
          li t0, 0x1000
          la t2, count
          lw t1, 0(t2)
          addi t1, t1, 1
          sw t1, 0(t2)
          lw t1, 0x28(t0)       # DELIVERED
          sw t1, 4(t2)
          lw t1, 0x24(t0)       # SAVED_PC
          sw t1, 8(t2)
          lw t1, 0x40(t0)       # IN_HANDLER
          sw t1, 12(t2)
          lw t1, 0x18(t0)       # PENDING
          sw t1, 16(t2)
          lw t2, 4(sp)
          lw t1, 8(sp)
          lw t0, 12(sp)
          addi sp, sp, 16
          d.iret
      .data
      count:     .word 0
      delivered: .word 0
      savedpc:   .word 0
      inhandler: .word 0
      pending:   .word 0
      """;

  private static int count(Guest.Run r) {
    return r.word(r.vm.writableBase);
  }

  private static int delivered(Guest.Run r) {
    return r.word(r.vm.writableBase + 4);
  }

  private static int savedPc(Guest.Run r) {
    return r.word(r.vm.writableBase + 8);
  }

  private static int inHandler(Guest.Run r) {
    return r.word(r.vm.writableBase + 12);
  }

  @EngineTest
  @Covers("lw")
  void theReadOnlyRegistersDescribeTheVm(Engine e) {
    TestClock clock = TestClock.frozen(0x0000_0002_8000_0010L, 0);
    Guest.Run r = Guest.of(Snippets.program("""
        li t0, 0x1000
        lw s0, 0x00(t0)       # MAGIC
        lw s1, 0x04(t0)       # VERSION
        lw s2, 0x08(t0)       # MEMORY_SIZE
        lw s3, 0x0c(t0)       # VM_ID
        lw s4, 0x10(t0)       # TIME_LO
        lw s5, 0x14(t0)       # TIME_HI
        lw s6, 0x38(t0)       # DISK_BLOCK_SIZE
        lw s7, 0x40(t0)       # IN_HANDLER
        lw s8, 0x24(t0)       # SAVED_PC
        li t1, -1
        sw t1, 0x00(t0)       # writes to read-only registers are ignored
        sw t1, 0x08(t0)
        sw t1, 0x0c(t0)
        sw t1, 0x40(t0)
        sw t1, 0x80(t0)       # and to the unused rest of the page
        lw s9, 0x00(t0)
        lw s10, 0x08(t0)
        lw s11, 0x40(t0)
        lw a0, 0x80(t0)
        lw a1, 0x0c(t0)
        """)).on(e).clock(clock).id(77).run();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
    assertThat(r.reg("s0")).isEqualTo(0x494c4e44);
    assertThat(r.reg("s1")).isEqualTo(1);
    assertThat(r.reg("s2")).isEqualTo(1 << 20);
    assertThat(r.reg("s3")).isEqualTo(77);
    assertThat(r.reg("s4")).isEqualTo(0x8000_0010);
    assertThat(r.reg("s5")).isEqualTo(2);
    assertThat(r.reg("s6")).isEqualTo(4096);
    assertThat(r.reg("s7")).isZero();
    assertThat(r.reg("s8")).isZero();
    assertThat(r.reg("s9")).isEqualTo(0x494c4e44);
    assertThat(r.reg("s10")).isEqualTo(1 << 20);
    assertThat(r.reg("s11")).isZero();
    assertThat(r.reg("a0")).isZero();
    assertThat(r.reg("a1")).isEqualTo(77);
  }

  @EngineTest
  @Covers("sw")
  void theGuestWritableRegistersReadBack(Engine e) {
    Guest.Run r = Guest.of(Snippets.program("""
        li t0, 0x1000
        li t1, 0x12345678
        sw t1, 0x1c(t0)       # ENABLED (no handler: nothing is delivered)
        sw t1, 0x2c(t0)       # TIMER_LO
        li t2, 0x7fffffff
        sw t2, 0x30(t0)       # TIMER_HI: far in the future
        sb zero, 0x1c(t0)     # byte stores merge into the word
        lw s0, 0x1c(t0)
        lw s1, 0x2c(t0)
        lw s2, 0x30(t0)
        lw s3, 0x20(t0)       # HANDLER: 0
        """)).on(e).run();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
    assertThat(r.reg("s0")).isEqualTo(0x12345600);
    assertThat(r.reg("s1")).isEqualTo(0x12345678);
    assertThat(r.reg("s2")).isEqualTo(0x7fffffff);
    assertThat(r.reg("s3")).isZero();
    assertThat(r.vm.timerDeadline()).isEqualTo(0x7fffffff_12345678L);
  }

  @EngineTest
  @Covers("sw")
  void pendingIsWriteOneToClear(Engine e) {
    Guest.Run p = Guest.of(Snippets.program("""
        li t0, 0x1000
        lw s0, 0x18(t0)       # both pending
        sw zero, 0x18(t0)     # writing 0 clears nothing
        lw s1, 0x18(t0)
        li t1, 1
        sw t1, 0x18(t0)       # clears IRQ_TIMER only
        lw s2, 0x18(t0)
        li t1, 2
        sb t1, 0x18(t0)       # a byte store clears too
        lw s3, 0x18(t0)
        """)).on(e).clock(TestClock.frozen(1, 0)).prepare();
    p.vm.raise(IRQ_TIMER | IRQ_NET);
    p.finish();
    assertThat(p.outcome()).as(p::describe).isEqualTo(Runner.Outcome.EXITED);
    assertThat(p.reg("s0")).isEqualTo(3);
    assertThat(p.reg("s1")).isEqualTo(3);
    assertThat(p.reg("s2")).isEqualTo(IRQ_NET);
    assertThat(p.reg("s3")).isZero();
    assertThat(p.vm.pendingInterrupts()).isZero();
  }

  private static final String TIMER_GUEST = Snippets.program("""
        li s0, 0x1000
        la t0, handler
        sw t0, 0x20(s0)       # HANDLER
        li t0, 1
        sw t0, 0x1c(s0)       # ENABLED = IRQ_TIMER
        lw t0, 0x10(s0)       # TIME_LO
        lw t1, 0x14(s0)       # TIME_HI
        li t3, 1000
        add t2, t0, t3        # deadline = TIME + 1000 us, with the carry
        sltu t3, t2, t0
        add t1, t1, t3
        sw t1, 0x30(s0)       # TIMER_HI
        sw t2, 0x2c(s0)       # TIMER_LO
        li t4, 10000000       # idle up to 10 s: the timer must end it long before
        li a0, -1
        d.idle a0, t4
    back:
        mv s2, a0
        lw s3, 0x2c(s0)       # the timer is one-shot: cleared when it fired
        lw s4, 0x18(s0)       # nothing pending after the delivery
        lw s5, 0x40(s0)       # IN_HANDLER after d.iret
        la s6, back
        d.exit zero
      """, HANDLER);

  @EngineTest
  @Covers({"d.idle", "d.iret"})
  void theTimerWakesAnIdleGuestAndItsHandlerRunsOnce(Engine e) {
    Guest.Run r = Guest.of(TIMER_GUEST).on(e).clock(TestClock.ticking(100)).run();
    assertTimerRun(r);
  }

  @EngineTest
  @Covers({"d.idle", "d.iret"})
  void theTimerWorksOnTheSystemClock(Engine e) {
    Guest.Run r = Guest.of(TIMER_GUEST).on(e).run();
    assertTimerRun(r);
  }

  private static void assertTimerRun(Guest.Run r) {
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
    assertThat(r.reg("s2")).as("d.idle's rd: the pending bits").isEqualTo(IRQ_TIMER);
    assertThat(count(r)).as("handler entries").isEqualTo(1);
    assertThat(delivered(r) & IRQ_TIMER).as("DELIVERED").isEqualTo(IRQ_TIMER);
    assertThat(savedPc(r)).as("SAVED_PC").isEqualTo(r.reg("s6"));
    assertThat(inHandler(r)).as("IN_HANDLER in the handler").isEqualTo(1);
    assertThat(r.reg("s3")).as("TIMER_LO after firing").isZero();
    assertThat(r.reg("s4")).as("PENDING after delivery").isZero();
    assertThat(r.reg("s5")).as("IN_HANDLER after d.iret").isZero();
    assertThat(r.vm.deliveries()).isEqualTo(1);
    assertThat(r.vm.interruptsDelivered()).isEqualTo(1);
  }

  @EngineTest
  @Covers("lw")
  void aBusyGuestSeesTheTimerAtTheNextQuantum(Engine e) {
    // No d.idle: the guest polls PENDING; the timer, already due, fires when the next quantum
    // starts, so the guest sees it after at most one quantum of polling.
    TestClock clock = TestClock.frozen(5_000, 0);
    Guest.Run r = Guest.of(Snippets.program("""
        li s0, 0x1000
        lw t0, 0x10(s0)       # TIME_LO
        addi t0, t0, 1
        sw t0, 0x2c(s0)       # TIMER_LO = TIME + 1 (TIMER_HI is 0)
        li s1, 0
    1:  addi s1, s1, 1
        lw t1, 0x18(s0)       # PENDING
        andi t1, t1, 1
        beqz t1, 1b
        """)).on(e).clock(clock).quantum(1000).prepare();
    r.vm.beginQuantum();
    assertThat(r.engine.run(r.vm, 1000)).isEqualTo(StopReason.BUDGET);
    assertThat(r.vm.pendingInterrupts()).as("not during a quantum").isZero();
    clock.advance(10);
    r.finish();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
    assertThat(r.vm.deliveries()).isZero();
    assertThat(r.vm.timerDeadline()).as("one-shot").isZero();
    assertThat(r.reg("s1")).isBetween(249, 251);
  }

  @EngineTest
  @Covers("d.idle")
  void anIdleTimeoutBeforeTheTimerReturnsZeroAndLeavesTheTimerArmed(Engine e) {
    Guest.Run r = Guest.of(Snippets.program("""
        li s0, 0x1000
        li t0, 1
        sw t0, 0x30(s0)       # TIMER_HI = 1: about 71 minutes from the start of the clock
        li t1, 500
        d.idle a0, t1         # 500 us
        lw a1, 0x30(s0)
        lw a2, 0x18(s0)
        """)).on(e).clock(TestClock.ticking(100)).run();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
    assertThat(r.reg("a0")).isZero();
    assertThat(r.reg("a1")).isEqualTo(1);
    assertThat(r.reg("a2")).isZero();
  }

  private static final String WAITER = Snippets.program("""
        li s0, 0x1000
        la t0, handler
        sw t0, 0x20(s0)       # HANDLER
        li t0, 3
        sw t0, 0x1c(s0)       # ENABLED = IRQ_TIMER | IRQ_NET
        li t4, -1
        li a0, -1
        d.idle a0, t4         # wait for an interrupt
    back:
        mv s2, a0
        lw s4, 0x18(s0)
        lw s5, 0x40(s0)
        la s6, back
        li s7, 1234           # registers the handler touched are intact
        d.exit zero
      """, HANDLER);

  /** Runs one quantum the way a kernel does: deliver pending interrupts, then run. */
  private static StopReason quantum(Guest.Run r) {
    r.vm.beginQuantum();
    return r.engine.run(r.vm, 1_000_000);
  }

  @EngineTest
  @Covers({"d.idle", "d.iret"})
  void interruptsRaisedWhileTheVmIsNotRunningArriveInOneBatch(Engine e) {
    Guest.Run r = Guest.of(WAITER).on(e).clock(TestClock.frozen(1000, 0)).prepare();
    assertThat(quantum(r)).isEqualTo(StopReason.IDLE);
    r.vm.raise(IRQ_TIMER | IRQ_NET);
    r.vm.raise(IRQ_TIMER | IRQ_NET);
    r.vm.wake();
    r.finish();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
    assertThat(r.reg("s2")).as("d.idle's rd").isEqualTo(3);
    assertThat(count(r)).as("handler entries").isEqualTo(1);
    assertThat(delivered(r)).as("DELIVERED").isEqualTo(3);
    assertThat(savedPc(r)).isEqualTo(r.reg("s6"));
    assertThat(r.reg("s4")).as("PENDING after").isZero();
    assertThat(r.reg("s5")).as("IN_HANDLER after").isZero();
    assertThat(r.vm.deliveries()).isEqualTo(1);
    assertThat(r.vm.interruptsDelivered()).isEqualTo(2);
  }

  @EngineTest
  @Covers({"d.idle", "d.iret"})
  void bitsThatAreNotEnabledStayPendingAndAreNotDelivered(Engine e) {
    Guest.Run r = Guest.of(WAITER.replace("li t0, 3\n", "li t0, 1\n"))
        .on(e).clock(TestClock.frozen(1000, 0)).prepare();
    assertThat(quantum(r)).isEqualTo(StopReason.IDLE);
    r.vm.raise(IRQ_NET | IRQ_TIMER);
    r.vm.wake();
    r.finish();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
    assertThat(delivered(r)).isEqualTo(IRQ_TIMER);
    assertThat(r.reg("s4")).as("PENDING after: IRQ_NET stays").isEqualTo(IRQ_NET);
    assertThat(r.vm.interruptsDelivered()).isEqualTo(1);
  }

  @EngineTest
  @Covers({"d.idle", "d.iret"})
  void nothingIsDeliveredWithoutAHandler(Engine e) {
    Guest.Run r = Guest.of(WAITER.replace("sw t0, 0x20(s0)", "sw zero, 0x20(s0)"))
        .on(e).clock(TestClock.frozen(1000, 0)).prepare();
    assertThat(quantum(r)).isEqualTo(StopReason.IDLE);
    r.vm.raise(IRQ_NET);
    r.vm.wake();
    r.finish();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
    assertThat(count(r)).isZero();
    assertThat(r.reg("s2")).isEqualTo(IRQ_NET);
    assertThat(r.reg("s4")).isEqualTo(IRQ_NET);
    assertThat(r.vm.deliveries()).isZero();
  }

  @EngineTest
  @Covers({"d.idle", "d.iret"})
  void eventsDuringTheHandlerWaitForTheNextQuantumAfterIret(Engine e) {
    // The handler yields (d.idle 0) once, in the middle; an event raised then must not
    // re-enter the handler, and is delivered in a later quantum, after d.iret.
    String source = WAITER.replace("handler:\n", """
        handler:
            addi sp, sp, -16
            sw t5, 12(sp)
            sw t6, 8(sp)
            la t5, yielded
            lw t6, 0(t5)
            bnez t6, 1f
            li t6, 1
            sw t6, 0(t5)
            li t6, 0
            d.idle t6, t6     # yield inside the handler
        1:  lw t6, 8(sp)
            lw t5, 12(sp)
            addi sp, sp, 16
        """).replace("d.exit zero\n", """
            la t0, count
        2:  lw t1, 0(t0)
            li t2, 2
            bne t1, t2, 2b    # spin until the second delivery has run
            d.exit zero
        """) + "yielded: .word 0\n";
    Guest.Run r = Guest.of(source).on(e).clock(TestClock.frozen(1000, 0)).prepare();
    assertThat(quantum(r)).isEqualTo(StopReason.IDLE); // the guest's d.idle
    r.vm.raise(IRQ_TIMER);
    r.vm.wake();
    assertThat(quantum(r)).isEqualTo(StopReason.IDLE); // the handler's yield
    assertThat(r.vm.virtualRegister(VirtualRegisters.IN_HANDLER)).isEqualTo(1);
    r.vm.raise(IRQ_NET);
    r.vm.wake();
    r.vm.beginQuantum(); // IN_HANDLER: nothing is delivered now
    assertThat(r.vm.deliveries()).isEqualTo(1);
    r.finish();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
    assertThat(count(r)).isEqualTo(2);
    assertThat(delivered(r)).as("the second batch").isEqualTo(IRQ_NET);
    assertThat(r.vm.deliveries()).isEqualTo(2);
    assertThat(r.vm.interruptsDelivered()).isEqualTo(2);
  }
}
