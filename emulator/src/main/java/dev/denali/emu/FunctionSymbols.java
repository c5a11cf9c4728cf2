package dev.denali.emu;

import static dev.denali.isa.Elf.SHDR_SIZE;
import static dev.denali.isa.Elf.SHT_SYMTAB;
import static dev.denali.isa.Elf.STT_FUNC;
import static dev.denali.isa.Elf.SYM_SIZE;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.BitSet;

/**
 * The function symbols of a guest ELF file ({@code STT_FUNC} entries of its {@code .symtab}), as
 * instruction indexes into its text. They are hints for the JIT, which finds functions without
 * them too: a file without section headers or symbols, or with malformed ones, simply has none
 * (nothing here ever refuses a binary, and every offset is checked before it is read).
 */
final class FunctionSymbols {
  private FunctionSymbols() {}

  /** The most symbols read; a larger table is read only this far. */
  private static final int MAX_SYMBOLS = 1 << 20;

  /** Indexes of the aligned function symbols inside {@code [textBase, textBase + 4*words)}. */
  static int[] in(byte[] file, int textBase, int textWords) {
    try {
      return read(ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN), textBase, textWords);
    } catch (IndexOutOfBoundsException e) {
      return new int[0]; // a header that the checks below let through but lies: no symbols
    }
  }

  private static int[] read(ByteBuffer b, int textBase, int textWords) {
    long shoff = Integer.toUnsignedLong(b.getInt(32));
    int shentsize = b.getShort(46) & 0xFFFF;
    int shnum = b.getShort(48) & 0xFFFF;
    long limit = b.capacity();
    BitSet found = new BitSet();
    if (shoff == 0 || shentsize != SHDR_SIZE || shoff + (long) shnum * SHDR_SIZE > limit) {
      return new int[0];
    }
    for (int s = 0; s < shnum; s++) {
      int h = (int) shoff + s * SHDR_SIZE;
      if (b.getInt(h + 4) != SHT_SYMTAB) {
        continue;
      }
      long off = Integer.toUnsignedLong(b.getInt(h + 16));
      long size = Integer.toUnsignedLong(b.getInt(h + 20));
      if (off + size > limit) {
        continue;
      }
      long count = Math.min(size / SYM_SIZE, MAX_SYMBOLS);
      for (long i = 0; i < count; i++) {
        int e = (int) (off + i * SYM_SIZE);
        int value = b.getInt(e + 4);
        int info = b.get(e + 12) & 0xFF;
        int at = value - textBase;
        if ((info & 0xF) == STT_FUNC && (at & 3) == 0
            && Integer.compareUnsigned(at, 4 * textWords) < 0) {
          found.set(at >> 2);
        }
      }
    }
    return found.stream().toArray();
  }
}
