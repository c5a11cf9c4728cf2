package dev.denali.perf;

import java.util.SplittableRandom;

/**
 * A deterministic, realistic assembly source of a given number of lines, for measuring the
 * assembler: functions with prologues and epilogues, loops with branches to local labels, li of
 * all sizes, loads and stores, M instructions, calls, comments, blank lines, and a data section.
 */
public final class SyntheticSource {
  private SyntheticSource() {}

  private static final String[] REGS = {
    "a0", "a1", "a2", "a3", "a4", "a5", "t0", "t1", "t2", "s1", "s2", "s3"
  };
  private static final String[] ALU = {"add", "sub", "and", "or", "xor", "sll", "srl", "sra",
    "slt", "sltu", "mul", "mulh", "div", "divu", "rem", "remu"};
  private static final String[] ALUI = {"addi", "andi", "ori", "xori", "slti", "sltiu"};

  public static String generate(int lines, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder(lines * 24);
    sb.append("# synthetic benchmark source, ").append(lines).append(" lines, seed ")
        .append(seed).append('\n');
    sb.append(".equ BUFSIZE, 256\n.text\n.globl _start\n_start:\n    call f0\n"
        + "    li a7, 93\n    ecall\n");
    int written = 8;
    int fn = 0;
    int dataLines = Math.max(8, lines / 20);
    while (written < lines - dataLines - 8) {
      sb.append("\n# function ").append(fn).append('\n');
      sb.append("f").append(fn).append(":\n");
      sb.append("    addi sp, sp, -16\n    sw ra, 12(sp)\n    sw s0, 8(sp)\n");
      written += 6;
      int body = 20 + r.nextInt(40);
      for (int i = 0; i < body; i++) {
        sb.append(line(r, i));
        written++;
      }
      if (fn > 0 && r.nextInt(4) == 0) {
        sb.append("    call f").append(r.nextInt(fn)).append('\n');
        written++;
      }
      sb.append("    lw s0, 8(sp)\n    lw ra, 12(sp)\n    addi sp, sp, 16\n    ret\n");
      written += 4;
      fn++;
    }
    sb.append("\n.data\ntable:\n");
    written += 3;
    while (written < lines - 1) {
      switch (r.nextInt(3)) {
        case 0 -> sb.append("    .word ").append(r.nextInt()).append(", ").append(r.nextInt())
            .append('\n');
        case 1 -> sb.append("    .byte 1, 2, 3, 4, 5, 6, 7, 8\n");
        default -> sb.append("    .asciz \"benchmark string ").append(written).append("\\n\"\n");
      }
      written++;
    }
    sb.append(".bss\nbuffer: .space BUFSIZE\n");
    return sb.toString();
  }

  private static String line(SplittableRandom r, int i) {
    String rd = REGS[r.nextInt(REGS.length)];
    String rs = REGS[r.nextInt(REGS.length)];
    String rt = REGS[r.nextInt(REGS.length)];
    switch (r.nextInt(10)) {
      case 0:
        return "    " + ALU[r.nextInt(ALU.length)] + " " + rd + ", " + rs + ", " + rt + '\n';
      case 1:
        return "    " + ALUI[r.nextInt(ALUI.length)] + " " + rd + ", " + rs + ", "
            + (r.nextInt(4096) - 2048) + "   # immediate\n";
      case 2:
        return "    li " + rd + ", " + r.nextInt() + '\n';
      case 3:
        return "    lw " + rd + ", " + 4 * r.nextInt(64) + "(sp)\n";
      case 4:
        return "    sw " + rd + ", " + 4 * r.nextInt(64) + "(" + rs + ")\n";
      case 5:
        return "1:  addi " + rd + ", " + rd + ", -1\n";
      case 6:
        return "    bnez " + rd + ", 1b\n";
      case 7:
        return "    slli " + rd + ", " + rs + ", " + r.nextInt(32) + '\n';
      case 8:
        return "    beq " + rd + ", " + rs + ", 2f\n2:\n";
      default:
        return "    mv " + rd + ", " + rs + '\n';
    }
  }
}
