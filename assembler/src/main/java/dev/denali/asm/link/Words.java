package dev.denali.asm.link;

import dev.denali.isa.Opcode;
import java.util.Arrays;

/** A small growable list of instruction words. */
final class Words {
  private int[] words = new int[2];
  private int size;

  Words add(Opcode op, int rd, int rs1, int rs2, long imm) {
    if (size == words.length) {
      words = Arrays.copyOf(words, size * 2);
    }
    words[size++] = op.encode(rd, rs1, rs2, (int) imm);
    return this;
  }

  int[] toArray() {
    return Arrays.copyOf(words, size);
  }

  /** High and low parts of a 32-bit value for lui/auipc + addi: {hi20, lo12}. */
  static long[] split(long value) {
    int v = (int) value;
    int hi = ((v + 0x800) >>> 12) & 0xFFFFF;
    int lo = (v << 20) >> 20;
    return new long[] {hi, lo};
  }
}
