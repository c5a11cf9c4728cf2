package dev.denali.emu.qemu;

import static dev.denali.emu.qemu.GeneratedProgram.line;

/**
 * The fixed end of every generated program and its data: stores all registers next to the data
 * buffer, prints them and the buffer as hex text with one ecall write, and exits with ecall exit.
 *
 * <p>Output: a newline (ending whatever the program wrote before), one line
 * {@code xNN=hhhhhhhh} per register x1..x31 except sp (x2: the initial stack pointer differs
 * between qemu-user and Denali, and nothing derived from it reaches any other register or the
 * buffer), then the {@value #BUFFER_BYTES}-byte buffer as hex, 32 bytes a line.
 * Exit status: the low byte of the register chosen by the generator.
 *
 * <p>Data layout: {@code buf} ({@value #BUFFER_BYTES} bytes of random initial data), directly
 * followed by {@code regsave} (32 words). The data pointer register {@value #POINTER} holds
 * {@code buf + 128} for the whole program, so {@code regsave} is at offset 128 from it.
 */
final class ChecksumEpilogue {
  /** The data pointer: buf + 128, never written by generated code. */
  static final String POINTER = "s1";
  static final int POINTER_NUMBER = 9;
  static final int BUFFER_BYTES = 256;
  /** Offset of the pointer into the buffer. */
  static final int POINTER_OFFSET = 128;

  private ChecksumEpilogue() {}

  /** The instructions that put the buffer's middle into the pointer register. */
  static String[] pointerSetup() {
    return new String[] {"la " + POINTER + ", buf", "addi " + POINTER + ", " + POINTER + ", "
        + POINTER_OFFSET};
  }

  static void append(StringBuilder sb, int exitRegister) {
    sb.append("L_checksum:\n");
    for (int r = 1; r < 32; r++) {
      line(sb, "sw x" + r + ", " + saveOffset(r) + "(" + POINTER + ")");
    }
    String code = """
        la a0, outbuf
        la a3, hexdigits
        li t0, 10
        sb t0, 0(a0)
        addi a0, a0, 1
        li a2, 1
        L_ck_reg:
        li t0, 2
        beq a2, t0, L_ck_next
        li t0, 120
        sb t0, 0(a0)
        li t1, 10
        divu t2, a2, t1
        addi t2, t2, 48
        sb t2, 1(a0)
        remu t2, a2, t1
        addi t2, t2, 48
        sb t2, 2(a0)
        li t0, 61
        sb t0, 3(a0)
        slli t3, a2, 2
        add t3, t3, POINTER
        lw a4, 128(t3)
        addi a0, a0, 4
        li t4, 8
        L_ck_hex:
        srli t0, a4, 28
        add t0, t0, a3
        lbu t0, 0(t0)
        sb t0, 0(a0)
        addi a0, a0, 1
        slli a4, a4, 4
        addi t4, t4, -1
        bnez t4, L_ck_hex
        li t0, 10
        sb t0, 0(a0)
        addi a0, a0, 1
        L_ck_next:
        addi a2, a2, 1
        li t0, 32
        blt a2, t0, L_ck_reg
        addi a5, POINTER, -128
        li a2, 0
        L_ck_byte:
        add t0, a5, a2
        lbu a4, 0(t0)
        srli t0, a4, 4
        add t0, t0, a3
        lbu t0, 0(t0)
        sb t0, 0(a0)
        andi t0, a4, 15
        add t0, t0, a3
        lbu t0, 0(t0)
        sb t0, 1(a0)
        addi a0, a0, 2
        addi a2, a2, 1
        andi t0, a2, 31
        bnez t0, L_ck_same_line
        li t0, 10
        sb t0, 0(a0)
        addi a0, a0, 1
        L_ck_same_line:
        li t0, BYTES
        blt a2, t0, L_ck_byte
        la a1, outbuf
        sub a2, a0, a1
        li a0, 1
        li a7, 64
        ecall
        lw a0, EXIT(POINTER)
        andi a0, a0, 255
        li a7, 93
        ecall
        """.replace("POINTER", POINTER).replace("BYTES", Integer.toString(BUFFER_BYTES))
        .replace("EXIT", Integer.toString(saveOffset(exitRegister)));
    for (String l : code.split("\n")) {
      if (l.endsWith(":")) {
        sb.append(l).append('\n');
      } else {
        line(sb, l);
      }
    }
  }

  static void appendData(StringBuilder sb, byte[] data) {
    if (data.length != BUFFER_BYTES) {
      throw new IllegalStateException("BUG: buffer of " + data.length + " bytes");
    }
    sb.append("        .rodata\nhexdigits:\n");
    line(sb, ".ascii \"0123456789abcdef\"");
    sb.append("        .data\n        .balign 4\nbuf:\n");
    for (int i = 0; i < data.length; i += 16) {
      StringBuilder l = new StringBuilder(".byte ");
      for (int j = i; j < i + 16; j++) {
        l.append(j > i ? ", " : "").append(data[j] & 0xff);
      }
      line(sb, l.toString());
    }
    sb.append("regsave:\n");
    line(sb, ".space 128");
    sb.append("        .bss\n        .balign 4\noutbuf:\n");
    line(sb, ".space 2048");
  }

  private static int saveOffset(int register) {
    return BUFFER_BYTES - POINTER_OFFSET + 4 * register;
  }
}
