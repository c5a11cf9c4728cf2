package dev.denali.emu.semantics;

import static dev.denali.emu.semantics.Snippets.exec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.emu.Disk;
import dev.denali.emu.Engine;
import dev.denali.emu.FaultCause;
import dev.denali.emu.Runner;
import dev.denali.isa.Errno;
import dev.denali.isa.MemoryMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Denali virtual instructions that do not involve interrupts (ISA manual, "Denali virtual
 * instructions"): d.exit, the console, the clock, the network in single-VM mode, the disk and
 * d.idle. Interrupts and the virtual-register page are in {@link VirtualInterruptsTest}.
 */
class DenaliInstructionsTest {
  @TempDir
  Path tmp;

  @EngineTest
  @Covers("d.exit")
  void exitEndsTheVmWithTheStatusInRs1(Engine e) {
    for (int status : new int[] {0, 3, 255, -1, 0x12345678}) {
      Guest.Run r = Guest.of(Snippets.program(String.format("""
          li s1, %d
          d.exit s1
          li s1, 0
          """, status))).on(e).run();
      assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
      assertThat(r.exitStatus()).isEqualTo(status);
      assertThat(r.result.retired()).isEqualTo((r.vm.pc - MemoryMap.TEXT_BASE) / 4);
    }
    Guest.Run z = Guest.of(Snippets.program("d.exit zero")).on(e).run();
    assertThat(z.exitStatus()).isZero();
    assertThat(z.result.retired()).isEqualTo(1);
  }

  @EngineTest
  @Covers("d.console.write")
  void consoleWriteReturnsTheCount(Engine e) {
    Guest.Run r = exec(e, """
        la a1, msg            # read-only data
        li a2, 6
        d.console.write s0, a1, a2
        la a1, dat            # writable data
        li a2, 3
        d.console.write s1, a1, a2
        li a2, 0
        d.console.write s2, a1, a2
        d.console.write zero, a1, a2
        """, """
        .rodata
        msg: .ascii "Denali"
        .data
        dat: .ascii "VMs"
        """);
    assertThat(r.reg("s0")).isEqualTo(6);
    assertThat(r.reg("s1")).isEqualTo(3);
    assertThat(r.reg("s2")).isZero();
    assertThat(r.stdout()).isEqualTo("DenaliVMs");
    assertThat(r.stderr()).isEmpty();
  }

  @EngineTest
  @Covers("d.console.write")
  void consoleWriteOfABadBufferIsEfault(Engine e) {
    Guest.Run r = exec(e, """
        li a1, 0
        li a2, 1
        d.console.write s0, a1, a2      # null page
        li t0, 0x1000
        lw t1, 8(t0)
        addi a1, t1, -1
        li a2, 2
        d.console.write s1, a1, a2      # one byte past the top of memory
        li a1, 0x5000
        li a2, 16
        d.console.write s2, a1, a2      # unmapped
        la a1, buf
        li a2, -1
        d.console.write s3, a1, a2      # a length of 4 GiB - 1
        """, ".data\nbuf: .zero 16\n");
    assertThat(r.reg("s0")).isEqualTo(-Errno.EFAULT);
    assertThat(r.reg("s1")).isEqualTo(-Errno.EFAULT);
    assertThat(r.reg("s2")).isEqualTo(-Errno.EFAULT);
    assertThat(r.reg("s3")).isEqualTo(-Errno.EFAULT);
    assertThat(r.stdout()).isEmpty();
  }

  /** Every byte of the buffer is readable, so the write must succeed (manual, "-EFAULT"). */
  @EngineTest
  @Covers("d.console.write")
  void consoleWriteOfABufferAcrossTheReadOnlyAndWritableBoundaryWorks(Engine e) {
    Guest.Run r = exec(e, """
        la a1, dat
        addi a1, a1, -2       # two zero bytes of the read-only padding, then "hi"
        li a2, 4
        d.console.write s0, a1, a2
        """, ".rodata\n.word 1\n.data\ndat: .ascii \"hi\"\n");
    assertThat(r.reg("s0")).isEqualTo(4);
    assertThat(r.stdout()).isEqualTo("\0\0hi");
  }

  @EngineTest
  @Covers("d.clock.read")
  void clockReadStoresWallClockMicroseconds(Engine e) {
    TestClock clock = TestClock.frozen(777, 1_750_000_123_456_789L);
    Guest.Run r = Guest.of(Snippets.program("""
        la a1, t
        li s0, -1
        d.clock.read s0, a1
        """, ".data\nt: .zero 8\n")).on(e).clock(clock).run();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
    assertThat(r.reg("s0")).isZero();
    assertThat(r.dword(r.vm.writableBase)).isEqualTo(1_750_000_123_456_789L);

    Guest.Run s = exec(e, """
        la a1, t
        addi a1, a1, 3        # misaligned is fine
        d.clock.read s0, a1
        """, ".data\nt: .zero 16\n");
    assertThat(s.reg("s0")).isZero();
    assertThat(s.dword(s.vm.writableBase + 3)).isGreaterThan(1_700_000_000_000_000L);
  }

  @EngineTest
  @Covers("d.clock.read")
  void clockReadIntoABadAddressIsEfault(Engine e) {
    Guest.Run r = exec(e, """
        li a1, 0
        d.clock.read s0, a1             # null page
        la a1, ro
        d.clock.read s1, a1             # read-only data
        li t0, 0x1000
        lw t1, 8(t0)
        addi a1, t1, -4
        d.clock.read s2, a1             # only 4 of 8 bytes in memory
        li a1, 0x1010
        d.clock.read s3, a1             # the virtual-register page
        """, ".rodata\nro: .zero 8\n");
    assertThat(r.reg("s0")).isEqualTo(-Errno.EFAULT);
    assertThat(r.reg("s1")).isEqualTo(-Errno.EFAULT);
    assertThat(r.reg("s2")).isEqualTo(-Errno.EFAULT);
    assertThat(r.reg("s3")).isEqualTo(-Errno.EFAULT);
  }

  @EngineTest
  @Covers({"d.net.send", "d.net.recv"})
  void networkHasNoDeviceInSingleVmMode(Engine e) {
    Guest.Run r = exec(e, """
        la a1, m
        li a2, 4
        d.net.send s0, a1, a2
        d.net.recv s1, a1, a2
        li a1, 0
        d.net.send s2, a1, a2
        """, ".data\nm: .ascii \"ping\"\n");
    assertThat(r.reg("s0")).isEqualTo(-Errno.ENODEV);
    assertThat(r.reg("s1")).isEqualTo(-Errno.ENODEV);
    assertThat(r.reg("s2")).isEqualTo(-Errno.ENODEV);
  }

  // ------------------------------------------------------------------ disk

  @EngineTest
  @Covers({"d.disk.read", "d.disk.write", "d.disk.flush"})
  void withoutADiskEveryDiskInstructionIsEnodev(Engine e) {
    Guest.Run r = exec(e, """
        la a1, b
        li a0, 0
        d.disk.read s0, a0, a1
        d.disk.write s1, a0, a1
        d.disk.flush s2
        li t0, 0x1000
        lw s3, 0x34(t0)                 # DISK_BLOCKS
        lw s4, 0x38(t0)                 # DISK_BLOCK_SIZE
        """, ".bss\nb: .zero 4096\n");
    assertThat(r.reg("s0")).isEqualTo(-Errno.ENODEV);
    assertThat(r.reg("s1")).isEqualTo(-Errno.ENODEV);
    assertThat(r.reg("s2")).isEqualTo(-Errno.ENODEV);
    assertThat(r.reg("s3")).isZero();
    assertThat(r.reg("s4")).isEqualTo(4096);
  }

  private static final String DISK_WRITER = Snippets.program("""
      la s0, block
      li t0, 0
      li t1, 4096
  1:  slli t2, t0, 3      # byte i = (8i - i + 3) & 0xff = (7i + 3) & 0xff
      sub t2, t2, t0
      addi t2, t2, 3
      add t3, s0, t0
      sb t2, 0(t3)
      addi t0, t0, 1
      bne t0, t1, 1b
      li a1, 2
      d.disk.write s1, a1, s0       # block 2
      d.disk.flush s2
      li a1, 4
      d.disk.write s3, a1, s0       # block 4 of 4: out of range
      li a1, -1
      d.disk.read s4, a1, s0
      li a1, 0
      li a2, 0
      d.disk.read s5, a1, a2        # buffer in the null page
      la a2, ro
      d.disk.read s6, a1, a2        # into read-only data
      li t0, 0x1000
      lw t1, 8(t0)
      li t2, 4095
      sub a2, t1, t2
      d.disk.write s7, a1, a2       # buffer runs past the top of memory
      lw s8, 0x34(t0)               # DISK_BLOCKS
      """, ".rodata\nro: .zero 16\n.bss\n.balign 4\nblock: .zero 4096\n");

  private static final String DISK_READER = Snippets.program("""
      la s0, block
      li a1, 2
      d.disk.read s1, a1, s0
      li a1, 3
      d.disk.read s2, a1, s0        # block 3 was never written: zeros, so read 2 again
      li a1, 2
      d.disk.read s3, a1, s0
      """, ".bss\n.balign 4\nblock: .zero 4096\n");

  private static byte[] pattern() {
    byte[] p = new byte[Disk.BLOCK];
    for (int i = 0; i < p.length; i++) {
      p[i] = (byte) (7 * i + 3);
    }
    return p;
  }

  @EngineTest
  @Covers({"d.disk.read", "d.disk.write", "d.disk.flush"})
  void diskBlocksSurviveIntoASecondVm(Engine e) throws IOException {
    Path image = tmp.resolve("disk-" + e.name() + ".img");
    Files.write(image, new byte[4 * Disk.BLOCK]);

    Guest.Run w;
    try (Disk disk = Disk.open(image)) {
      w = Guest.of(DISK_WRITER).on(e).disk(disk).run();
    }
    assertThat(w.outcome()).as(w::describe).isEqualTo(Runner.Outcome.EXITED);
    assertThat(w.reg("s1")).as("write").isZero();
    assertThat(w.reg("s2")).as("flush").isZero();
    assertThat(w.reg("s3")).as("block 4 of 4").isEqualTo(-Errno.EINVAL);
    assertThat(w.reg("s4")).as("block -1").isEqualTo(-Errno.EINVAL);
    assertThat(w.reg("s5")).as("null buffer").isEqualTo(-Errno.EFAULT);
    assertThat(w.reg("s6")).as("read into rodata").isEqualTo(-Errno.EFAULT);
    assertThat(w.reg("s7")).as("buffer past the top").isEqualTo(-Errno.EFAULT);
    assertThat(w.reg("s8")).as("DISK_BLOCKS").isEqualTo(4);

    byte[] host = Files.readAllBytes(image);
    assertThat(Arrays.copyOfRange(host, 2 * Disk.BLOCK, 3 * Disk.BLOCK)).isEqualTo(pattern());
    assertThat(Arrays.copyOfRange(host, 0, 2 * Disk.BLOCK)).containsOnly(0);
    assertThat(Arrays.copyOfRange(host, 3 * Disk.BLOCK, 4 * Disk.BLOCK)).containsOnly(0);

    // A second VM with the image opened afresh: block 2, then the all-zero block 3 over it,
    // then block 2 again must bring the pattern back.
    Guest.Run r;
    try (Disk disk = Disk.open(image)) {
      r = Guest.of(DISK_READER).on(e).disk(disk).run();
    }
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
    assertThat(r.reg("s1")).isZero();
    assertThat(r.reg("s2")).isZero();
    assertThat(r.reg("s3")).isZero();
    int block = r.reg("s0");
    assertThat(Arrays.copyOfRange(r.vm.mem, block - r.vm.writableBase,
        block - r.vm.writableBase + Disk.BLOCK)).isEqualTo(pattern());
  }

  @EngineTest
  @Covers({"d.disk.write", "d.disk.flush"})
  void aFailingHostDiskGivesEioAndTheVmGoesOn(Engine e) throws IOException {
    Path image = tmp.resolve("broken-" + e.name() + ".img");
    Files.write(image, new byte[2 * Disk.BLOCK]);
    Disk disk = Disk.open(image);
    disk.close(); // every host I/O now fails
    Guest.Run r = Guest.of(Snippets.program("""
        la a1, b
        li a0, 1
        d.disk.write s0, a0, a1
        d.disk.read s1, a0, a1
        d.disk.flush s2
        li s3, 1
        """, ".bss\nb: .zero 4096\n")).on(e).disk(disk).run();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
    assertThat(r.reg("s0")).isEqualTo(-Errno.EIO);
    assertThat(r.reg("s1")).isEqualTo(-Errno.EIO);
    assertThat(r.reg("s2")).isEqualTo(-Errno.EIO);
    assertThat(r.reg("s3")).isEqualTo(1);
  }

  // ------------------------------------------------------------------ d.idle

  @EngineTest
  @Covers("d.idle")
  void idleReturnsZeroWhenItsTimeoutPassed(Engine e) {
    TestClock clock = TestClock.ticking(250);
    Guest.Run r = Guest.of(Snippets.program("""
        li t0, 5000           # 5 ms
        li s0, -1
        d.idle s0, t0
        li t0, 0              # 0: just yield
        li s1, -1
        d.idle s1, t0
        """)).on(e).clock(clock).run();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
    assertThat(r.reg("s0")).isZero();
    assertThat(r.reg("s1")).isZero();
    assertThat(r.vm.wakeups()).isEqualTo(2);
    assertThat(r.result.retired()).isEqualTo(8); // li 5000 is lui + addi
  }

  @EngineTest
  @Covers("d.idle")
  void idleOnTheSystemClockSleepsAndReturnsZero(Engine e) {
    Guest.Run r = exec(e, """
        li t0, 2000           # 2 ms
        li s0, -1
        d.idle s0, t0
        """);
    assertThat(r.reg("s0")).isZero();
    assertThat(r.vm.wakeups()).isEqualTo(1);
  }

  @EngineTest
  @Covers("d.idle")
  void idleReturnsAtOnceWithThePendingBitsEvenWhenNotEnabled(Engine e) {
    Guest.Run p = Guest.of(Snippets.program("""
        li t0, -1             # no timeout: wait for an interrupt
        d.idle s0, t0
        li t1, 0x1000
        lw s1, 0x18(t1)       # PENDING: d.idle does not clear it
        """)).on(e).clock(TestClock.frozen(1000, 0)).prepare();
    p.vm.raise(dev.denali.isa.VirtualRegisters.IRQ_NET);
    p.finish();
    assertThat(p.outcome()).as(p::describe).isEqualTo(Runner.Outcome.EXITED);
    assertThat(p.reg("s0")).isEqualTo(dev.denali.isa.VirtualRegisters.IRQ_NET);
    assertThat(p.reg("s1")).isEqualTo(dev.denali.isa.VirtualRegisters.IRQ_NET);
    assertThat(p.vm.deliveries()).isZero();
  }

  @EngineTest
  @Covers("d.iret")
  void iretOutsideAHandlerIsAnIllegalInstruction(Engine e) {
    Guest.Run r = Guest.of(Snippets.program("""
        li a0, 1
        d.iret
        li a0, 2
        """)).on(e).run();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.FAULTED);
    assertThat(r.result.fault().cause()).isEqualTo(FaultCause.ILLEGAL_INSTRUCTION);
    assertThat(r.result.fault().pc()).isEqualTo(MemoryMap.TEXT_BASE + 4);
    assertThat(r.result.retired()).isEqualTo(1);
    assertThat(r.result.fault().report(r.vm.registers())).contains("d.iret");
  }

  @EngineTest
  @Covers("d.exit")
  void settingsOfTheNoteReachTheVm(Engine e) {
    byte[] elf = Guest.elf(Snippets.program("""
        li t0, 0x1000
        lw s0, 8(t0)          # MEMORY_SIZE
        """), Map.of("memory", "256K", "stack", "16K"));
    Guest.Run r = Guest.of(Guest.load(elf)).on(e).run();
    assertThat(r.reg("s0")).isEqualTo(256 << 10);
    assertThat(r.reg("sp")).isEqualTo(256 << 10);
    assertThat(r.vm.writableBase + r.vm.memoryBytes()).isEqualTo(256 << 10);
  }
}
