package dev.denali.asm.link;

import dev.denali.asm.source.Operand;
import dev.denali.asm.source.Statement;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Directives that put bytes into a section or move its location counter: data (.byte, .half,
 * .word, .quad, .ascii, .asciz, .string), space (.space, .skip, .zero) and alignment (.align,
 * .p2align, .balign). Section, symbol and option directives are handled by {@link Assembly}.
 */
final class Directives {
  private Directives() {}

  /** Directives that emit or reserve bytes and so run in every pass. */
  static final Set<String> PLACING = Set.of(
      ".byte", ".half", ".short", ".2byte", ".word", ".long", ".4byte", ".int", ".quad",
      ".8byte", ".dword", ".ascii", ".asciz", ".string", ".space", ".skip", ".zero", ".align",
      ".p2align", ".balign", ".balignw", ".balignl", ".fill");

  /** Runs a placing directive at offset {@code offset} of {@code chunk}. */
  static void run(Statement.Operation op, Operands ops, Chunk chunk, long offset, Output out) {
    String name = op.name().toLowerCase(Locale.ROOT);
    switch (name) {
      case ".byte" -> data(ops, out, 1, chunk);
      case ".half", ".short", ".2byte" -> data(ops, out, 2, chunk);
      case ".word", ".long", ".4byte", ".int" -> data(ops, out, 4, chunk);
      case ".quad", ".8byte", ".dword" -> data(ops, out, 8, chunk);
      case ".ascii" -> strings(ops, out, false, chunk);
      case ".asciz", ".string" -> strings(ops, out, true, chunk);
      case ".space", ".skip", ".zero" -> space(ops, out, chunk);
      case ".fill" -> fill(ops, out, chunk);
      case ".align", ".p2align" -> align(ops, out, chunk, offset, true, 1);
      case ".balign" -> align(ops, out, chunk, offset, false, 1);
      case ".balignw" -> align(ops, out, chunk, offset, false, 2);
      case ".balignl" -> align(ops, out, chunk, offset, false, 4);
      default -> throw new IllegalStateException("BUG: directive " + name);
    }
  }

  private static void noBss(Operands ops, Chunk chunk) {
    if (chunk.kind == Chunk.Kind.BSS) {
      throw new AsmError(ops.at(), ops.mnemonic() + " puts data in .bss, which holds only"
          + " zeros: use .space or .zero there, or put the data in .data");
    }
  }

  private static void data(Operands ops, Output out, int size, Chunk chunk) {
    noBss(ops, chunk);
    if (ops.count() == 0) {
      throw new AsmError(ops.at(), ops.mnemonic() + " needs at least one value");
    }
    for (int i = 0; i < ops.count(); i++) {
      long v = ops.value(i);
      if (size < 8 && ops.ctx().finalPass()) {
        long min = -(1L << (size * 8 - 1));
        long max = (1L << (size * 8)) - 1;
        if (v < min || v > max) {
          throw new AsmError(ops.get(i).at(), "value " + v + " does not fit in "
              + size * 8 + " bits (" + min + ".." + max + ")");
        }
      }
      out.le(v, size);
    }
  }

  private static void strings(Operands ops, Output out, boolean terminate, Chunk chunk) {
    noBss(ops, chunk);
    if (ops.count() == 0) {
      throw new AsmError(ops.at(), ops.mnemonic() + " needs a string");
    }
    for (int i = 0; i < ops.count(); i++) {
      if (!(ops.get(i) instanceof Operand.StringOperand s)) {
        throw new AsmError(ops.get(i).at(), "expected a string in double quotes");
      }
      for (byte b : s.value().getBytes(StandardCharsets.ISO_8859_1)) {
        out.byte1(b);
      }
      if (terminate) {
        out.byte1(0);
      }
    }
  }

  private static void space(Operands ops, Output out, Chunk chunk) {
    if (ops.count() < 1 || ops.count() > 2) {
      throw new AsmError(ops.at(), ops.mnemonic() + " takes a size and an optional fill byte");
    }
    Value size = ops.valueOf(0);
    if (!size.isAbsolute()) {
      throw new AsmError(ops.get(0).at(), "the size of " + ops.mnemonic()
          + " must be a constant");
    }
    long n = size.value();
    if (n < 0 || n > (256L << 20)) {
      if (!ops.ctx().finalPass()) {
        n = 0;
      } else {
        throw new AsmError(ops.get(0).at(), "size " + n + " outside 0..256 MiB");
      }
    }
    int fill = ops.count() == 2 ? (int) ops.value(1) : 0;
    if (fill != 0) {
      noBss(ops, chunk);
    }
    out.fill((int) n, fill);
  }

  /** {@code .fill repeat[, size[, value]]}: value in the low 4 bytes of each size-byte unit. */
  private static void fill(Operands ops, Output out, Chunk chunk) {
    if (ops.count() < 1 || ops.count() > 3) {
      throw new AsmError(ops.at(), ".fill takes a repeat count, an optional size (1..8) and an"
          + " optional value");
    }
    long repeat = ops.value(0);
    long size = ops.count() >= 2 && !isEmpty(ops, 1) ? ops.value(1) : 1;
    long value = ops.count() == 3 && !isEmpty(ops, 2) ? ops.value(2) : 0;
    if (size < 0 || size > 8) {
      throw new AsmError(ops.get(1).at(), ".fill size " + size + ": expected 0..8");
    }
    if (repeat < 0 || repeat * size > (256L << 20)) {
      if (!ops.ctx().finalPass()) {
        return;
      }
      throw new AsmError(ops.get(0).at(), ".fill of " + repeat + " x " + size
          + " bytes: expected 0..256 MiB in all");
    }
    if (value != 0) {
      noBss(ops, chunk);
    }
    for (long r = 0; r < repeat; r++) {
      for (int b = 0; b < size; b++) {
        out.byte1(b < 4 ? value >>> (8 * b) : 0);
      }
    }
  }

  /**
   * Alignment directives. In code, without an explicit fill, GNU as pads with a zero byte to an
   * even offset, a 2-byte 0x0001 to a multiple of 4, then nops, and ignores alignments of 4 or
   * less; {@code .balignw}/{@code .balignl} repeat a 2- or 4-byte fill pattern.
   */
  private static void align(Operands ops, Output out, Chunk chunk, long offset,
      boolean powerOfTwo, int patternSize) {
    if (ops.count() < 1 || ops.count() > 3) {
      throw new AsmError(ops.at(), ops.mnemonic() + " takes an alignment, an optional fill"
          + " and an optional maximum skip");
    }
    long a = ops.value(0);
    long alignment;
    if (powerOfTwo) {
      if (a < 0 || a > 16) {
        throw new AsmError(ops.get(0).at(), ops.mnemonic() + " " + a + ": expected 0..16"
            + " (the alignment is 2 to that power)");
      }
      alignment = 1L << a;
    } else {
      if (a < 1 || a > 65536 || (a & (a - 1)) != 0) {
        throw new AsmError(ops.get(0).at(), ops.mnemonic() + " " + a + ": expected a power"
            + " of two from 1 to 65536");
      }
      alignment = a;
    }
    boolean hasFill = ops.count() >= 2 && !isEmpty(ops, 1);
    long fill = hasFill ? ops.value(1) : 0;
    long max = ops.count() == 3 && !isEmpty(ops, 2) ? ops.value(2) : Long.MAX_VALUE;
    boolean code = chunk.kind == Chunk.Kind.TEXT && !hasFill;
    if (code && alignment <= 4) {
      return;
    }
    long pad = (alignment - (offset % alignment)) % alignment;
    if (pad > max) {
      return;
    }
    chunk.alignment = (int) Math.max(chunk.alignment, alignment);
    if (code) {
      codePadding(out, offset, pad);
      return;
    }
    if (fill != 0) {
      noBss(ops, chunk);
    }
    long odd = pad % patternSize;
    out.fill((int) odd, 0);
    for (long k = odd; k < pad; k += patternSize) {
      out.le(fill, patternSize);
    }
  }

  /** Pads {@code pad} bytes of code at {@code offset} as GNU as does (see {@link #align}). */
  static void codePadding(Output out, long offset, long pad) {
    long end = offset + pad;
    if ((offset & 1) != 0 && offset < end) {
      out.byte1(0);
      offset++;
    }
    if ((offset & 3) == 2 && offset + 2 <= end) {
      out.le(0x0001, 2);
      offset += 2;
    }
    while (offset + 4 <= end) {
      out.word(0x0000_0013);
      offset += 4;
    }
    out.fill((int) (end - offset), 0);
  }

  private static boolean isEmpty(Operands ops, int i) {
    return ops.get(i) instanceof Operand.Missing;
  }
}
