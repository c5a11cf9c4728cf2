package dev.denali.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Unit tests of lib.s: each drives routines from a small {@code main} (linked with start.s and
 * lib.s) and checks what they printed and returned.
 */
class AsmLibTest {
  /**
   * A main that runs {@code code} and returns 0, with {@code data} after it. s0..s2 are free for
   * the code to use (main saves them).
   */
  static String driver(String code, String data) {
    return """
        .include "denali.inc"
        .text
        .globl main
        main:
            addi sp, sp, -16
            sw   ra, 12(sp)
            sw   s0, 8(sp)
            sw   s1, 4(sp)
            sw   s2, 0(sp)
        %s
            li   a0, 0
            lw   s2, 0(sp)
            lw   s1, 4(sp)
            lw   s0, 8(sp)
            lw   ra, 12(sp)
            addi sp, sp, 16
            ret
        %s
        """.formatted(code, data);
  }

  static Sdk.Run run(String code, String data) {
    Sdk.Run r = Sdk.run("driver", Sdk.assembleWithLib("driver.s", driver(code, data)));
    assertThat(r.exited()).as(r.describe()).isTrue();
    return r;
  }

  static String output(String code) {
    return output(code, "");
  }

  static String output(String code, String data) {
    Sdk.Run r = run(code, data);
    assertThat(r.status()).as(r.describe()).isZero();
    return r.out();
  }

  /** Calls {@code routine} with a0 = each value, printing a space after each. */
  static String eachValue(String routine, String... values) {
    StringBuilder sb = new StringBuilder();
    for (String v : values) {
      sb.append("    li a0, ").append(v).append("\n    call ").append(routine)
          .append("\n    li a0, ' '\n    call print_char\n");
    }
    return sb.toString();
  }

  @Test
  void printDecPrintsSignedDecimal() {
    assertThat(output(eachValue("print_dec", "0x80000000", "0", "-1", "12345", "0x7fffffff",
        "-10", "7")))
        .isEqualTo("-2147483648 0 -1 12345 2147483647 -10 7 ");
  }

  @Test
  void printUdecPrintsUnsignedDecimal() {
    assertThat(output(eachValue("print_udec", "-1", "0", "0x80000000", "42")))
        .isEqualTo("4294967295 0 2147483648 42 ");
  }

  @Test
  void printHexPrintsPrefixedLowercaseHexWithoutLeadingZeros() {
    assertThat(output(eachValue("print_hex", "0", "0xff", "0xdeadbeef", "0x80000000", "16",
        "-1")))
        .isEqualTo("0x0 0xff 0xdeadbeef 0x80000000 0x10 0xffffffff ");
  }

  @Test
  void printAndPrintCharReturnWhatWriteReturned() {
    assertThat(output("""
            la   a0, text
            call print
            call print_dec          # the bytes print wrote
            li   a0, '!'
            call print_char
            call print_dec          # 1
            la   a0, empty
            call print
            call print_dec          # 0
        """, """
        .rodata
        text:  .asciz "abc:"
        empty: .asciz ""
        """)).isEqualTo("abc:4!10");
  }

  /** utoa or itoa of a value in a base: prints the buffer, then ":" and the returned length. */
  static String convert(String routine, String value, int base) {
    return """
            li   a0, %s
            la   a1, buffer
            li   a2, %d
            call %s
            mv   s0, a0
            la   a0, buffer
            call print
            li   a0, ':'
            call print_char
            mv   a0, s0
            call print_dec
            li   a0, ' '
            call print_char
        """.formatted(value, base, routine);
  }

  static final String BUFFER = """
      .bss
      buffer: .space 40
      """;

  @Test
  void utoaWritesDigitsInAnyBaseAndReturnsTheLength() {
    String code = convert("utoa", "5", 2) + convert("utoa", "-1", 16)
        + convert("utoa", "-1", 2) + convert("utoa", "35", 36) + convert("utoa", "0", 10)
        + convert("utoa", "1295", 36) + convert("utoa", "123", 1) + convert("utoa", "123", 37)
        + convert("utoa", "-1", 10);
    assertThat(output(code, BUFFER)).isEqualTo("101:3 ffffffff:8 "
        + "11111111111111111111111111111111:32 z:1 0:1 zz:2 123:3 123:3 4294967295:10 ");
  }

  @Test
  void itoaWritesASignedValue() {
    String code = convert("itoa", "-255", 16) + convert("itoa", "0x80000000", 10)
        + convert("itoa", "0", 10) + convert("itoa", "0x7fffffff", 10)
        + convert("itoa", "-1", 2) + convert("itoa", "0x80000000", 2);
    assertThat(output(code, BUFFER)).isEqualTo("-ff:3 -2147483648:11 0:1 2147483647:10 -1:2 "
        + "-10000000000000000000000000000000:33 ");
  }

  @Test
  void strlenCountsUpToTheNul() {
    assertThat(output("""
            la   a0, empty
            call strlen
            call print_dec
            li   a0, ' '
            call print_char
            la   a0, word
            call strlen
            call print_dec
            li   a0, ' '
            call print_char
            la   a0, long
            call strlen
            call print_dec
        """, """
        .rodata
        empty: .asciz ""
        word:  .asciz "hello"
        long:
               .rept 300
               .byte 'a'
               .endr
               .byte 0
        """)).isEqualTo("0 5 300");
  }

  /** Fills {@code dst} with dots, runs {@code call}, prints dst and whether a0 == the dst. */
  static String intoDots(String call) {
    return """
            la   a0, dst
            li   a1, '.'
            li   a2, 24
            call memset
            %s
            mv   s0, a0
            la   a0, dst
            call print
            li   a0, ' '
            call print_char
            la   a0, dst
            sub  a0, s0, a0           # a0 - dst: the offset the routine returned
            call print_dec
            li   a0, '\\n'
            call print_char
        """.formatted(call);
  }

  static final String STRINGS = """
      .rodata
      .balign 4
      src: .asciz "abcdefghijklmnopqrstuvwxyz"
      .data
      .balign 4
      dst: .space 24
           .byte 0
      """;

  @Test
  void memcpyCopiesAlignedAndUnalignedAndReturnsTheDestination() {
    String code = intoDots("la a0, dst\n la a1, src\n li a2, 13\n call memcpy")
        + intoDots("la a0, dst + 1\n la a1, src + 2\n li a2, 13\n call memcpy")
        + intoDots("la a0, dst + 3\n la a1, src\n li a2, 1\n call memcpy")
        + intoDots("la a0, dst + 2\n la a1, src\n li a2, 0\n call memcpy")
        + intoDots("la a0, dst + 4\n la a1, src + 4\n li a2, 20\n call memcpy");
    assertThat(output(code, STRINGS)).isEqualTo("""
        abcdefghijklm........... 0
        .cdefghijklmno.......... 1
        ...a.................... 3
        ........................ 2
        ....efghijklmnopqrstuvwx 4
        """);
  }

  @Test
  void memsetFillsWithTheLowByteAndReturnsTheDestination() {
    String code = intoDots("la a0, dst + 3\n li a1, 0x178\n li a2, 9\n call memset")
        + intoDots("la a0, dst\n li a1, 'y'\n li a2, 24\n call memset")
        + intoDots("la a0, dst + 5\n li a1, 'z'\n li a2, 0\n call memset")
        + intoDots("la a0, dst + 1\n li a1, 'w'\n li a2, 2\n call memset");
    assertThat(output(code, STRINGS)).isEqualTo("""
        ...xxxxxxxxx............ 3
        yyyyyyyyyyyyyyyyyyyyyyyy 0
        ........................ 5
        .ww..................... 1
        """);
  }

  @Test
  void everyRoutinePreservesTheCalleeSavedRegistersAndSp() {
    StringBuilder code = new StringBuilder();
    for (int i = 0; i <= 11; i++) {
      code.append("    li s").append(i).append(", ").append(0x5a5a0000 + i).append('\n');
    }
    code.append("    mv t6, sp\n    la t5, saved_sp\n    sw t6, 0(t5)\n");
    code.append("""
            la   a0, dst
            la   a1, src
            li   a2, 7
            call memcpy
            la   a0, dst
            li   a1, 'q'
            li   a2, 9
            call memset
            la   a0, src
            call strlen
            li   a0, -5
            la   a1, dst
            li   a2, 10
            call itoa
            li   a0, 77
            la   a1, dst
            li   a2, 8
            call utoa
            la   a0, src
            call print
            li   a0, ' '
            call print_char
            li   a0, -42
            call print_dec
            li   a0, 42
            call print_udec
            li   a0, 42
            call print_hex
        """);
    code.append("    la t5, saved_sp\n    lw t6, 0(t5)\n    bne t6, sp, 1f\n");
    for (int i = 0; i <= 11; i++) {
      code.append("    li t0, ").append(0x5a5a0000 + i).append("\n    bne s").append(i)
          .append(", t0, 1f\n");
    }
    code.append("""
            la   a0, ok
            call print
            j    2f
        1:  la   a0, bad
            call print
        2:  li   s3, 0
        """);
    // main saves s0..s2 only; the driver restores s3..s11 from the saved copies.
    String withSaves = """
            addi sp, sp, -48
            sw   s3, 0(sp)
            sw   s4, 4(sp)
            sw   s5, 8(sp)
            sw   s6, 12(sp)
            sw   s7, 16(sp)
            sw   s8, 20(sp)
            sw   s9, 24(sp)
            sw   s10, 28(sp)
            sw   s11, 32(sp)
        """ + code + """
            lw   s3, 0(sp)
            lw   s4, 4(sp)
            lw   s5, 8(sp)
            lw   s6, 12(sp)
            lw   s7, 16(sp)
            lw   s8, 20(sp)
            lw   s9, 24(sp)
            lw   s10, 28(sp)
            lw   s11, 32(sp)
            addi sp, sp, 48
        """;
    assertThat(output(withSaves, STRINGS + "saved_sp: .word 0\n"
        + ".rodata\nok: .asciz \" saved ok\"\nbad: .asciz \" CLOBBERED\"\n"))
        .isEqualTo("abcdefghijklmnopqrstuvwxyz -42420x2a saved ok");
  }

  @Test
  void mainsReturnValueIsTheExitStatus() {
    Sdk.Run r = Sdk.run("status", Sdk.assembleWithLib("status.s", """
        .text
        .globl main
        main:
            li a0, 57
            ret
        """));
    assertThat(r.exited()).as(r.describe()).isTrue();
    assertThat(r.status()).isEqualTo(57);
  }
}
