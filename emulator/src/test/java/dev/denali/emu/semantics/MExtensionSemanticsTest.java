package dev.denali.emu.semantics;

import static dev.denali.emu.semantics.Snippets.exec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.emu.Engine;
import java.math.BigInteger;

/**
 * The M extension's edge cases (ISA manual, "Edge cases"; RISC-V unprivileged spec chapter 7):
 * products wrap, high multiplies against BigInteger arithmetic, division by zero and the one
 * signed overflow never trap.
 */
class MExtensionSemanticsTest {
  private static final int MIN = Integer.MIN_VALUE;
  private static final int MAX = Integer.MAX_VALUE;

  @EngineTest
  @Covers("mul")
  void mulKeepsTheLowWord(Engine e) {
    Guest.Run r = exec(e, """
        li t0, 0x10000
        mul a0, t0, t0
        li t1, -1
        mul a1, t1, t1
        li t2, 0x80000000
        mul a2, t2, t1
        li t3, 0x12345678
        li t4, 0x9abcdef0
        mul a3, t3, t4
        li t5, -3
        li t6, 7
        mul a4, t5, t6
        """);
    assertThat(r.reg("a0")).isZero();
    assertThat(r.reg("a1")).isEqualTo(1);
    assertThat(r.reg("a2")).isEqualTo(MIN);
    assertThat(r.reg("a3")).isEqualTo(0x12345678 * 0x9abcdef0);
    assertThat(r.reg("a4")).isEqualTo(-21);
  }

  @EngineTest
  @Covers({"mulh", "mulhsu", "mulhu"})
  void highMultipliesMatchBigIntegerMath(Engine e) {
    int[][] pairs = {
        {-1, -1}, {MIN, MIN}, {MIN, -1}, {MAX, MAX}, {MIN, MAX}, {-1, 1}, {0x12345678, 0x9abcdef0},
        {-7, 3}, {0xfffffffe, 0x80000001}, {0, -1}, {1, MIN},
    };
    for (int[] p : pairs) {
      Guest.Run r = exec(e, String.format("""
          li t0, %d
          li t1, %d
          mulh   a0, t0, t1
          mulhsu a1, t0, t1
          mulhu  a2, t0, t1
          mulhsu a3, t1, t0
          """, p[0], p[1]));
      BigInteger sa = BigInteger.valueOf(p[0]);
      BigInteger sb = BigInteger.valueOf(p[1]);
      BigInteger ua = BigInteger.valueOf(Integer.toUnsignedLong(p[0]));
      BigInteger ub = BigInteger.valueOf(Integer.toUnsignedLong(p[1]));
      String what = String.format("a=0x%08x b=0x%08x", p[0], p[1]);
      assertThat(r.reg("a0")).as("mulh " + what).isEqualTo(high(sa.multiply(sb)));
      assertThat(r.reg("a1")).as("mulhsu " + what).isEqualTo(high(sa.multiply(ub)));
      assertThat(r.reg("a2")).as("mulhu " + what).isEqualTo(high(ua.multiply(ub)));
      assertThat(r.reg("a3")).as("mulhsu b,a " + what).isEqualTo(high(sb.multiply(ua)));
    }
  }

  /** Bits 63..32 of a product, as RISC-V's high multiplies return them. */
  private static int high(BigInteger product) {
    return product.shiftRight(32).intValue();
  }

  @EngineTest
  @Covers({"div", "rem"})
  void signedDivisionEdgeCases(Engine e) {
    Guest.Run r = exec(e, """
        li t0, 7
        div a0, t0, zero      # /0 = -1
        rem a1, t0, zero      # %0 = dividend
        li t1, 0x80000000
        li t2, -1
        div a2, t1, t2        # MIN / -1 = MIN
        rem a3, t1, t2        # MIN % -1 = 0
        li t3, -7
        li t4, 2
        div a4, t3, t4        # rounds toward zero: -3
        rem a5, t3, t4        # sign of the dividend: -1
        li t5, -2
        div a6, t0, t5        # 7 / -2 = -3
        rem a7, t0, t5        # 7 % -2 = 1
        div s2, t1, zero
        rem s3, t1, zero
        div s4, zero, zero
        """);
    assertThat(r.reg("a0")).isEqualTo(-1);
    assertThat(r.reg("a1")).isEqualTo(7);
    assertThat(r.reg("a2")).isEqualTo(MIN);
    assertThat(r.reg("a3")).isZero();
    assertThat(r.reg("a4")).isEqualTo(-3);
    assertThat(r.reg("a5")).isEqualTo(-1);
    assertThat(r.reg("a6")).isEqualTo(-3);
    assertThat(r.reg("a7")).isEqualTo(1);
    assertThat(r.reg("s2")).isEqualTo(-1);
    assertThat(r.reg("s3")).isEqualTo(MIN);
    assertThat(r.reg("s4")).isEqualTo(-1);
  }

  @EngineTest
  @Covers({"divu", "remu"})
  void unsignedDivisionEdgeCases(Engine e) {
    Guest.Run r = exec(e, """
        li t0, 7
        divu a0, t0, zero     # /0 = 0xffffffff
        remu a1, t0, zero     # %0 = dividend
        li t1, 0x80000000
        li t2, -1
        divu a2, t1, t2       # 0x80000000 / 0xffffffff = 0
        remu a3, t1, t2
        divu a4, t2, t0       # 0xffffffff / 7
        remu a5, t2, t0
        li t3, 2
        divu a6, t1, t3
        divu a7, t2, t2
        """);
    assertThat(r.reg("a0")).isEqualTo(-1);
    assertThat(r.reg("a1")).isEqualTo(7);
    assertThat(r.reg("a2")).isZero();
    assertThat(r.reg("a3")).isEqualTo(MIN);
    assertThat(r.reg("a4")).isEqualTo((int) (0xffffffffL / 7));
    assertThat(r.reg("a5")).isEqualTo((int) (0xffffffffL % 7));
    assertThat(r.reg("a6")).isEqualTo(0x40000000);
    assertThat(r.reg("a7")).isEqualTo(1);
  }
}
