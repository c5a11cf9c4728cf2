package dev.denali.emu.semantics;

import static dev.denali.emu.semantics.Snippets.exec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.emu.Engine;
import dev.denali.emu.FaultCause;
import dev.denali.emu.Runner;
import dev.denali.isa.MemoryMap;

/**
 * Loads, stores and the zero register (ISA manual, "Edge cases"): sign and zero extension,
 * little-endian byte order, misaligned accesses that work like byte-by-byte ones, loads from
 * every readable region (writable data, read-only data, the virtual-register page), and x0,
 * which reads 0 whatever is written to it.
 */
class MemorySemanticsTest {
  private static final String DATA = """
      .data
      d:  .byte 0x80, 0xff, 0x7f, 0x01, 0x00, 0x80, 0xff, 0xff
      w:  .word 0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00
      buf: .zero 32
      .rodata
      r:  .byte 0x80, 0xff, 0x34, 0x12, 0xfe, 0xca, 0xef, 0xbe
      """;

  @EngineTest
  @Covers({"lb", "lbu"})
  void byteLoadsSignOrZeroExtend(Engine e) {
    Guest.Run r = exec(e, """
        la t0, d
        lb  a0, 0(t0)      # 0x80
        lbu a1, 0(t0)
        lb  a2, 1(t0)      # 0xff
        lbu a3, 1(t0)
        lb  a4, 2(t0)      # 0x7f
        lbu a5, 2(t0)
        la t1, r           # read-only data: the slow path
        lb  a6, 0(t1)
        lbu a7, 1(t1)
        """, DATA);
    assertThat(r.reg("a0")).isEqualTo(-128);
    assertThat(r.reg("a1")).isEqualTo(0x80);
    assertThat(r.reg("a2")).isEqualTo(-1);
    assertThat(r.reg("a3")).isEqualTo(0xff);
    assertThat(r.reg("a4")).isEqualTo(0x7f);
    assertThat(r.reg("a5")).isEqualTo(0x7f);
    assertThat(r.reg("a6")).isEqualTo(-128);
    assertThat(r.reg("a7")).isEqualTo(0xff);
  }

  @EngineTest
  @Covers({"lh", "lhu"})
  void halfwordLoadsSignOrZeroExtendLittleEndian(Engine e) {
    Guest.Run r = exec(e, """
        la t0, d
        lh  a0, 0(t0)      # bytes 80 ff: 0xff80
        lhu a1, 0(t0)
        lh  a2, 2(t0)      # 7f 01: 0x017f
        lh  a3, 4(t0)      # 00 80: 0x8000
        lhu a4, 4(t0)
        lh  a5, 1(t0)      # misaligned: ff 7f
        la t1, r
        lh  a6, 4(t1)      # fe ca
        lhu a7, 3(t1)      # misaligned in read-only data: 12 fe
        """, DATA);
    assertThat(r.reg("a0")).isEqualTo(0xffffff80);
    assertThat(r.reg("a1")).isEqualTo(0xff80);
    assertThat(r.reg("a2")).isEqualTo(0x017f);
    assertThat(r.reg("a3")).isEqualTo(0xffff8000);
    assertThat(r.reg("a4")).isEqualTo(0x8000);
    assertThat(r.reg("a5")).isEqualTo(0x7fff);
    assertThat(r.reg("a6")).isEqualTo(0xffffcafe);
    assertThat(r.reg("a7")).isEqualTo(0xfe12);
  }

  @EngineTest
  @Covers("lw")
  void wordLoadsAreLittleEndianAndWorkMisaligned(Engine e) {
    Guest.Run r = exec(e, """
        la t0, w
        lw a0, 0(t0)
        lw a1, 1(t0)       # 22 11 88 77 reversed
        lw a2, 2(t0)
        lw a3, 3(t0)
        lw a4, 4(t0)
        addi t1, t0, 8
        lw a5, -4(t1)      # negative offset
        la t2, r
        lw a6, 1(t2)       # misaligned in read-only data
        lw a7, 4(t2)
        """, DATA);
    assertThat(r.reg("a0")).isEqualTo(0x11223344);
    assertThat(r.reg("a1")).isEqualTo(0x88112233);
    assertThat(r.reg("a2")).isEqualTo(0x77881122);
    assertThat(r.reg("a3")).isEqualTo(0x66778811);
    assertThat(r.reg("a4")).isEqualTo(0x55667788);
    assertThat(r.reg("a5")).isEqualTo(0x55667788);
    assertThat(r.reg("a6")).isEqualTo(0xfe1234ff);
    assertThat(r.reg("a7")).isEqualTo(0xbeefcafe);
  }

  @EngineTest
  @Covers({"sw", "sb", "sh"})
  void storesWriteLittleEndianAndOnlyTheirBytes(Engine e) {
    Guest.Run r = exec(e, """
        la t0, buf
        li t1, 0x11223344
        sw t1, 0(t0)
        lbu a0, 0(t0)
        lbu a1, 1(t0)
        lbu a2, 2(t0)
        lbu a3, 3(t0)
        li t2, 0xaabbccdd
        sb t2, 8(t0)       # only 0xdd
        sh t2, 10(t0)      # only 0xccdd
        lw a4, 8(t0)
        lw a5, 12(t0)      # untouched neighbour
        """, DATA);
    assertThat(r.reg("a0")).isEqualTo(0x44);
    assertThat(r.reg("a1")).isEqualTo(0x33);
    assertThat(r.reg("a2")).isEqualTo(0x22);
    assertThat(r.reg("a3")).isEqualTo(0x11);
    assertThat(r.reg("a4")).isEqualTo(0xccdd00dd);
    assertThat(r.reg("a5")).isZero();
  }

  @EngineTest
  @Covers({"sw", "sh", "lw", "lh", "lhu"})
  void misalignedStoresAndLoadsAtEveryOffset(Engine e) {
    for (int off = 1; off <= 3; off++) {
      Guest.Run r = exec(e, String.format("""
          la t0, buf
          li t1, 0x8899aabb
          sw t1, %1$d(t0)
          lbu a0, %1$d(t0)
          lbu a1, %2$d(t0)
          lbu a2, %3$d(t0)
          lbu a3, %4$d(t0)
          lw  a4, %1$d(t0)
          lbu a5, %5$d(t0)       # the byte before is untouched
          lbu a6, %6$d(t0)       # the byte after too
          li t2, 0xc3d4
          sh t2, 17+%1$d(t0)
          lh  a7, 17+%1$d(t0)
          lhu s2, 17+%1$d(t0)
          lbu s3, 18+%1$d(t0)
          """, off, off + 1, off + 2, off + 3, off - 1, off + 4), DATA);
      String at = "offset " + off;
      assertThat(r.reg("a0")).as(at).isEqualTo(0xbb);
      assertThat(r.reg("a1")).as(at).isEqualTo(0xaa);
      assertThat(r.reg("a2")).as(at).isEqualTo(0x99);
      assertThat(r.reg("a3")).as(at).isEqualTo(0x88);
      assertThat(r.reg("a4")).as(at).isEqualTo(0x8899aabb);
      assertThat(r.reg("a5")).as(at).isZero();
      assertThat(r.reg("a6")).as(at).isZero();
      assertThat(r.reg("a7")).as(at).isEqualTo(0xffffc3d4);
      assertThat(r.reg("s2")).as(at).isEqualTo(0xc3d4);
      assertThat(r.reg("s3")).as(at).isEqualTo(0xc3);
    }
  }

  @EngineTest
  @Covers({"lw", "sw"})
  void accessesAtTheTopOfMemoryWork(Engine e) {
    Guest.Run r = exec(e, """
        li t0, 0x1000
        lw t1, 8(t0)          # MEMORY_SIZE
        li t2, 0x5a6b7c8d
        sw t2, -4(t1)         # the last word
        lw a0, -4(t1)
        lbu a1, -1(t1)        # the last byte
        sh t2, -2(t1)
        lhu a2, -2(t1)
        """);
    assertThat(r.reg("a0")).isEqualTo(0x5a6b7c8d);
    assertThat(r.reg("a1")).isEqualTo(0x5a);
    assertThat(r.reg("a2")).isEqualTo(0x7c8d);
  }

  @EngineTest
  @Covers({"lw", "lbu"})
  void loadsFromTheHeaderPageAndText(Engine e) {
    Guest.Run r = exec(e, """
        li t0, 0x10000
        lw a0, 0(t0)          # the first instruction: li t0, 0x10000 = lui t0, 0x10
        li t1, 0xf000
        lbu a1, 1(t1)         # the ELF header our assembler maps below the text: 'E'
        lw a2, -2(t0)         # misaligned across the header page and the text
        """);
    assertThat(r.reg("a0")).isEqualTo(0x000102b7);
    assertThat(r.reg("a1")).isEqualTo('E');
    assertThat(r.reg("a2") >>> 16).isEqualTo(0x02b7);
  }

  /**
   * A misaligned load whose bytes lie partly in the read-only image and partly in writable
   * memory reads "the same bytes as byte-by-byte accesses would" (manual, "Edge cases"): each
   * byte is readable, so the load must work.
   */
  @EngineTest
  @Covers("lw")
  void misalignedLoadAcrossTheReadOnlyAndWritableBoundaryWorks(Engine e) {
    Guest.Run r = exec(e, """
        la t0, d
        lw a0, -2(t0)         # two bytes of the rodata page's zero padding, two of d
        lhu a1, -1(t0)
        """, DATA);
    assertThat(r.reg("a0")).isEqualTo(0xff800000);
    assertThat(r.reg("a1")).isEqualTo(0x8000);
  }

  @EngineTest
  @Covers({"lw", "lbu"})
  void loadsFromTheVirtualRegisterPage(Engine e) {
    Guest.Run r = exec(e, """
        li t0, 0x1000
        lw a0, 0(t0)          # MAGIC
        lbu a1, 0(t0)         # 'D'
        lbu a2, 3(t0)         # 'I'
        lh a3, 1(t0)          # misaligned: 'N' 'L'
        lw a4, 0x44(t0)       # past the used bytes: zero
        li t1, 0x1ffc
        lw a5, 0(t1)          # the last word of the page: zero
        """);
    assertThat(r.reg("a0")).isEqualTo(0x494c4e44);
    assertThat(r.reg("a1")).isEqualTo('D');
    assertThat(r.reg("a2")).isEqualTo('I');
    assertThat(r.reg("a3")).isEqualTo(('L' << 8) | 'N');
    assertThat(r.reg("a4")).isZero();
    assertThat(r.reg("a5")).isZero();
  }

  // ------------------------------------------------------------------ x0

  @EngineTest
  @Covers({"addi", "lw", "jal", "jalr", "lui", "auipc", "add", "csrrs", "mul", "lb"})
  void writesToX0AreDiscarded(Engine e) {
    Guest.Run r = exec(e, """
        addi x0, x0, 5
        mv a0, x0
        la t0, w
        lw x0, 0(t0)
        add a1, x0, x0
        lb x0, 0(t0)
        lui x0, 0x12345
        auipc x0, 1
        add x0, t0, t0
        li t1, 7
        mul x0, t1, t1
        rdcycle x0
        add a2, x0, zero
        jal x0, 1f
    1:  la t2, 2f
        jalr x0, 0(t2)
    2:  mv a3, x0
        addi a4, x0, 3        # x0 still reads 0 as a source
        """, DATA);
    assertThat(r.reg("a0")).isZero();
    assertThat(r.reg("a1")).isZero();
    assertThat(r.reg("a2")).isZero();
    assertThat(r.reg("a3")).isZero();
    assertThat(r.reg("a4")).isEqualTo(3);
    assertThat(r.vm.registers()[0]).isZero();
  }

  @EngineTest
  @Covers({"lw", "lbu"})
  void aLoadIntoX0StillFaultsOnABadAddress(Engine e) {
    Guest.Run r = Guest.of(Snippets.program("""
        li t0, 0x2000
        lw x0, 0(t0)          # unmapped: faults although the result is discarded
        """)).on(e).run();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.FAULTED);
    assertThat(r.result.fault().cause()).isEqualTo(FaultCause.LOAD_ACCESS);
    assertThat(r.result.fault().pc()).isEqualTo(MemoryMap.TEXT_BASE + 4);
    assertThat(r.result.fault().address()).isEqualTo(0x2000);
    assertThat(r.result.retired()).isEqualTo(1);

    Guest.Run n = Guest.of(Snippets.program("lbu x0, 0(zero)")).on(e).run();
    assertThat(n.result.fault()).isNotNull();
    assertThat(n.result.fault().cause()).isEqualTo(FaultCause.LOAD_ACCESS);
    assertThat(n.result.fault().address()).isZero();
  }

  @EngineTest
  @Covers("lw")
  void effectiveAddressesWrapModulo2To32(Engine e) {
    Guest.Run r = Guest.of(Snippets.program("""
        li t0, 0xfffff805
        lw a0, 2047(t0)       # 0xfffff805 + 0x7ff = 0x1_00000004: address 4, the null page
        """)).on(e).run();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.FAULTED);
    assertThat(r.result.fault().cause()).isEqualTo(FaultCause.LOAD_ACCESS);
    assertThat(r.result.fault().address()).isEqualTo(4);
  }
}
