package dev.denali.emu.semantics;

import static dev.denali.emu.semantics.Snippets.exec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.emu.Engine;
import dev.denali.isa.MemoryMap;

/**
 * The edge cases of every computational and control-transfer instruction of RV32I (ISA manual,
 * "Instruction set" and "Edge cases"), each run through the engine boundary: a small guest sets
 * registers with {@code li}, executes the instruction and exits; the test reads the registers.
 * The M extension is in {@link MExtensionSemanticsTest}, loads and stores in {@link
 * MemorySemanticsTest}, counters, fence, ecall and ebreak in {@link SystemSemanticsTest}; random
 * operands against a reference model in {@link InstructionPropertiesTest}.
 */
class InstructionSemanticsTest {
  private static final int MIN = Integer.MIN_VALUE;
  private static final int MAX = Integer.MAX_VALUE;

  // ------------------------------------------------------------------ RV32I arithmetic

  @EngineTest
  @Covers("add")
  void addWrapsOnOverflow(Engine e) {
    Guest.Run r = exec(e, """
        li t0, 0x7fffffff
        li t1, 1
        add a0, t0, t1
        li t2, 0x80000000
        add a1, t2, t2
        li t3, -1
        add a2, t3, t1
        li a3, 21
        add a3, a3, a3     # rd == rs1 == rs2
        add a4, t0, zero
        """);
    assertThat(r.reg("a0")).isEqualTo(MIN);
    assertThat(r.reg("a1")).isZero();
    assertThat(r.reg("a2")).isZero();
    assertThat(r.reg("a3")).isEqualTo(42);
    assertThat(r.reg("a4")).isEqualTo(MAX);
  }

  @EngineTest
  @Covers("sub")
  void subWrapsOnOverflow(Engine e) {
    Guest.Run r = exec(e, """
        li t0, 0x80000000
        li t1, 1
        sub a0, t0, t1
        sub a1, zero, t1
        sub a2, zero, t0
        li t2, 0x7fffffff
        li t3, -1
        sub a3, t2, t3
        sub a4, t2, t2
        """);
    assertThat(r.reg("a0")).isEqualTo(MAX);
    assertThat(r.reg("a1")).isEqualTo(-1);
    assertThat(r.reg("a2")).isEqualTo(MIN);
    assertThat(r.reg("a3")).isEqualTo(MIN);
    assertThat(r.reg("a4")).isZero();
  }

  @EngineTest
  @Covers("addi")
  void addiSignExtendsItsImmediateAndWraps(Engine e) {
    Guest.Run r = exec(e, """
        li t0, 0x7fffffff
        addi a0, t0, 1
        addi a1, zero, -2048
        addi a2, zero, 2047
        li t1, 0x80000000
        addi a3, t1, -1
        addi a4, a2, -2047
        """);
    assertThat(r.reg("a0")).isEqualTo(MIN);
    assertThat(r.reg("a1")).isEqualTo(-2048);
    assertThat(r.reg("a2")).isEqualTo(2047);
    assertThat(r.reg("a3")).isEqualTo(MAX);
    assertThat(r.reg("a4")).isZero();
  }

  @EngineTest
  @Covers({"slt", "sltu"})
  void sltIsSignedAndSltuUnsigned(Engine e) {
    Guest.Run r = exec(e, """
        li t0, -1
        li t1, 1
        slt  a0, t0, t1     # -1 < 1
        sltu a1, t0, t1     # 0xffffffff < 1: no
        slt  a2, t1, t0
        sltu a3, t1, t0
        slt  a4, t1, t1     # equal
        sltu a5, t1, t1
        li t2, 0x80000000
        li t3, 0x7fffffff
        slt  a6, t2, t3     # MIN < MAX
        sltu a7, t2, t3     # 0x80000000 < 0x7fffffff: no
        sltu s2, zero, t1   # snez
        sltu s3, zero, zero
        """);
    assertThat(r.reg("a0")).isEqualTo(1);
    assertThat(r.reg("a1")).isZero();
    assertThat(r.reg("a2")).isZero();
    assertThat(r.reg("a3")).isEqualTo(1);
    assertThat(r.reg("a4")).isZero();
    assertThat(r.reg("a5")).isZero();
    assertThat(r.reg("a6")).isEqualTo(1);
    assertThat(r.reg("a7")).isZero();
    assertThat(r.reg("s2")).isEqualTo(1);
    assertThat(r.reg("s3")).isZero();
  }

  @EngineTest
  @Covers({"slti", "sltiu"})
  void sltiuComparesWithTheSignExtendedImmediateUnsigned(Engine e) {
    Guest.Run r = exec(e, """
        li t0, -5
        slti  a0, t0, -4      # -5 < -4
        slti  a1, t0, -5
        sltiu a2, t0, -4      # 0xfffffffb < 0xfffffffc
        li t1, 100
        sltiu a3, t1, -1      # anything but 0xffffffff is below 0xffffffff
        li t2, -1
        sltiu a4, t2, -1
        sltiu a5, zero, 1     # seqz
        sltiu a6, t1, 1
        slti  a7, t1, 2047
        li t3, 0x80000000
        slti  s2, t3, -2048
        """);
    assertThat(r.reg("a0")).isEqualTo(1);
    assertThat(r.reg("a1")).isZero();
    assertThat(r.reg("a2")).isEqualTo(1);
    assertThat(r.reg("a3")).isEqualTo(1);
    assertThat(r.reg("a4")).isZero();
    assertThat(r.reg("a5")).isEqualTo(1);
    assertThat(r.reg("a6")).isZero();
    assertThat(r.reg("a7")).isEqualTo(1);
    assertThat(r.reg("s2")).isEqualTo(1);
  }

  @EngineTest
  @Covers({"xor", "or", "and"})
  void bitwiseRegisterOperations(Engine e) {
    Guest.Run r = exec(e, """
        li t0, 0xf0f0ff00
        li t1, 0x0ff0f0f0
        xor a0, t0, t1
        or  a1, t0, t1
        and a2, t0, t1
        xor a3, t0, t0
        """);
    assertThat(r.reg("a0")).isEqualTo(0xf0f0ff00 ^ 0x0ff0f0f0);
    assertThat(r.reg("a1")).isEqualTo(0xf0f0ff00 | 0x0ff0f0f0);
    assertThat(r.reg("a2")).isEqualTo(0xf0f0ff00 & 0x0ff0f0f0);
    assertThat(r.reg("a3")).isZero();
  }

  @EngineTest
  @Covers({"xori", "ori", "andi"})
  void bitwiseImmediatesAreSignExtended(Engine e) {
    Guest.Run r = exec(e, """
        li t0, 0x12345678
        xori a0, t0, -1       # not
        ori  a1, zero, -2048  # 0xfffff800
        andi a2, t0, -1
        andi a3, t0, 0x7ff
        andi a4, t0, -2048
        xori a5, t0, 0x555
        ori  a6, t0, 0x0f
        """);
    assertThat(r.reg("a0")).isEqualTo(~0x12345678);
    assertThat(r.reg("a1")).isEqualTo(0xfffff800);
    assertThat(r.reg("a2")).isEqualTo(0x12345678);
    assertThat(r.reg("a3")).isEqualTo(0x12345678 & 0x7ff);
    assertThat(r.reg("a4")).isEqualTo(0x12345678 & 0xfffff800);
    assertThat(r.reg("a5")).isEqualTo(0x12345678 ^ 0x555);
    assertThat(r.reg("a6")).isEqualTo(0x1234567f);
  }

  @EngineTest
  @Covers({"sll", "srl", "sra"})
  void registerShiftsUseTheLowFiveBitsOfRs2(Engine e) {
    Guest.Run r = exec(e, """
        li t0, 0x80000001
        li t1, 33
        sll a0, t0, t1        # by 1
        srl a1, t0, t1
        sra a2, t0, t1
        li t2, 32
        sll a3, t0, t2        # by 0
        li t3, -1
        sll a4, t0, t3        # by 31
        srl a5, t0, t3
        sra a6, t0, t3
        li t4, -16
        li t5, 2
        sra a7, t4, t5        # -16 >> 2 = -4
        srl s2, t4, t5        # logical
        li t6, 0x7fffffe4     # low five bits: 4
        sll s3, t5, t6
        """);
    assertThat(r.reg("a0")).isEqualTo(0x00000002);
    assertThat(r.reg("a1")).isEqualTo(0x40000000);
    assertThat(r.reg("a2")).isEqualTo(0xc0000000);
    assertThat(r.reg("a3")).isEqualTo(0x80000001);
    assertThat(r.reg("a4")).isEqualTo(0x80000000);
    assertThat(r.reg("a5")).isEqualTo(1);
    assertThat(r.reg("a6")).isEqualTo(-1);
    assertThat(r.reg("a7")).isEqualTo(-4);
    assertThat(r.reg("s2")).isEqualTo(0x3ffffffc);
    assertThat(r.reg("s3")).isEqualTo(32);
  }

  @EngineTest
  @Covers({"slli", "srli", "srai"})
  void immediateShifts(Engine e) {
    Guest.Run r = exec(e, """
        li t0, 0x80000000
        srai a0, t0, 31
        srli a1, t0, 31
        slli a2, t0, 0
        li t1, 0xfffffff3     # -13
        srai a3, t1, 1        # arithmetic: -7 (rounds toward minus infinity)
        srli a4, t1, 1
        li t2, 1
        slli a5, t2, 31
        slli a6, t1, 4
        srai a7, t0, 0
        """);
    assertThat(r.reg("a0")).isEqualTo(-1);
    assertThat(r.reg("a1")).isEqualTo(1);
    assertThat(r.reg("a2")).isEqualTo(MIN);
    assertThat(r.reg("a3")).isEqualTo(-7);
    assertThat(r.reg("a4")).isEqualTo(0x7ffffff9);
    assertThat(r.reg("a5")).isEqualTo(MIN);
    assertThat(r.reg("a6")).isEqualTo(0xffffff30);
    assertThat(r.reg("a7")).isEqualTo(MIN);
  }

  @EngineTest
  @Covers("lui")
  void luiFillsTheUpperTwentyBits(Engine e) {
    Guest.Run r = exec(e, """
        li a0, -1
        lui a0, 0xfffff       # the low bits are cleared, not kept
        lui a1, 0x80000
        lui a2, 0
        lui a3, 0x12345
        addi a3, a3, 0x678
        """);
    assertThat(r.reg("a0")).isEqualTo(0xfffff000);
    assertThat(r.reg("a1")).isEqualTo(MIN);
    assertThat(r.reg("a2")).isZero();
    assertThat(r.reg("a3")).isEqualTo(0x12345678);
  }

  @EngineTest
  @Covers("auipc")
  void auipcAddsToItsOwnPc(Engine e) {
    Guest.Run r = exec(e, """
        auipc a0, 0           # at the entry, TEXT_BASE
        auipc a1, 1           # at +4
        auipc a2, 0xfffff     # at +8: minus one page
        auipc a3, 0x80000     # at +12
        """);
    int base = MemoryMap.TEXT_BASE;
    assertThat(r.reg("a0")).isEqualTo(base);
    assertThat(r.reg("a1")).isEqualTo(base + 4 + 0x1000);
    assertThat(r.reg("a2")).isEqualTo(base + 8 - 0x1000);
    assertThat(r.reg("a3")).isEqualTo(base + 12 + 0x80000000);
  }

  // ------------------------------------------------------------------ jumps

  @EngineTest
  @Covers("jal")
  void jalLinksThePcOfTheNextInstruction(Engine e) {
    Guest.Run r = exec(e, """
        jal ra, fwd           # at +0
        li a2, 99             # never runs
        j out
    back:
        jal t0, done          # at +12
    fwd:
        mv a0, ra             # +16
        jal x0, back          # x0 link is discarded
        li a3, 1              # never runs
    done:
        mv a1, t0
    out:
        """);
    int base = MemoryMap.TEXT_BASE;
    assertThat(r.reg("a0")).isEqualTo(base + 4);
    assertThat(r.reg("a1")).isEqualTo(base + 16);
    assertThat(r.reg("a2")).isZero();
    assertThat(r.reg("a3")).isZero();
    assertThat(r.reg("zero")).isZero();
    assertThat(r.result.retired()).isEqualTo(6);
  }

  @EngineTest
  @Covers("jalr")
  void jalrClearsBitZeroAndLinks(Engine e) {
    Guest.Run r = exec(e, """
        la t0, target         # +0, +4
        addi t0, t0, 1        # +8: odd address: bit 0 is cleared
        jalr ra, 0(t0)        # +12
        li a2, 99
    target:
        mv a0, ra
        la t1, after          # jalr with a negative offset
        addi t1, t1, 8
        jalr x0, -8(t1)       # x0: the link is discarded
        li a3, 99
    after:
        la t2, last
        addi t2, t2, 3
        jalr a1, -2(t2)       # (t2 - 2) & ~1 = last
        li a4, 99
    last:
        """);
    int base = MemoryMap.TEXT_BASE;
    assertThat(r.reg("a0")).isEqualTo(base + 16);
    assertThat(r.reg("a2")).isZero();
    assertThat(r.reg("a3")).isZero();
    assertThat(r.reg("a4")).isZero();
    // Before the jalr a1: la(2) addi jalr li mv la(2) addi jalr li la(2) addi = 14 words.
    assertThat(r.reg("a1")).isEqualTo(base + 14 * 4 + 4);
  }

  @EngineTest
  @Covers("jalr")
  void jalrComputesTheTargetBeforeWritingRdWhenRdIsRs1(Engine e) {
    Guest.Run r = exec(e, """
        la t0, target         # +0, +4
        jalr t0, 0(t0)        # +8: jumps to the old t0, then t0 = +12
        li a1, 99
    target:
        mv a0, t0
        """);
    assertThat(r.reg("a0")).isEqualTo(MemoryMap.TEXT_BASE + 12);
    assertThat(r.reg("a1")).isZero();
  }

  @EngineTest
  @Covers({"jal", "jalr"})
  void callAndReturn(Engine e) {
    Guest.Run r = exec(e, """
        li a0, 5
        call square
        mv s2, a0
        li a0, -7
        jal ra, square
        mv s3, a0
        j end
    square:
        mul a0, a0, a0
        ret
    end:
        """);
    assertThat(r.reg("s2")).isEqualTo(25);
    assertThat(r.reg("s3")).isEqualTo(49);
  }

  // ------------------------------------------------------------------ branches

  /** Pairs (a, b) that separate signed from unsigned order, and equality. */
  private static final int[][] BRANCH_PAIRS = {
      {5, 5}, {5, 6}, {-1, 1}, {1, -1}, {MIN, MAX}, {MAX, MIN}, {0, -1}, {-1, -1}, {MIN, 0},
  };

  /** Runs {@code op} on every pair, forward and backward, and checks taken against model. */
  private static void branchCases(Engine e, String op) {
    for (int[] p : BRANCH_PAIRS) {
      boolean taken = ReferenceModel.taken(op, p[0], p[1]);
      String forward = String.format("""
          li t0, %d
          li t1, %d
          li a0, 1
          %s t0, t1, 1f
          li a0, 2              # not taken
          j 2f
      1:  li a0, 3              # taken
      2:
          """, p[0], p[1], op);
      String backward = String.format("""
          j 3f
      1:  li a0, 3              # taken
          j 2f
      3:  li t0, %d
          li t1, %d
          li a0, 1
          %s t0, t1, 1b
          li a0, 2              # not taken
      2:
          """, p[0], p[1], op);
      for (String body : new String[] {forward, backward}) {
        Guest.Run r = exec(e, body);
        assertThat(r.reg("a0")).as("%s %d, %d %s", op, p[0], p[1],
            body == forward ? "forward" : "backward").isEqualTo(taken ? 3 : 2);
      }
    }
  }

  @EngineTest
  @Covers("beq")
  void beq(Engine e) {
    branchCases(e, "beq");
  }

  @EngineTest
  @Covers("bne")
  void bne(Engine e) {
    branchCases(e, "bne");
  }

  @EngineTest
  @Covers("blt")
  void bltIsSigned(Engine e) {
    branchCases(e, "blt");
  }

  @EngineTest
  @Covers("bge")
  void bgeIsSigned(Engine e) {
    branchCases(e, "bge");
  }

  @EngineTest
  @Covers("bltu")
  void bltuIsUnsigned(Engine e) {
    branchCases(e, "bltu");
  }

  @EngineTest
  @Covers("bgeu")
  void bgeuIsUnsigned(Engine e) {
    branchCases(e, "bgeu");
  }
}
