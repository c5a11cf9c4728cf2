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
      ".p2align", ".balign", ".insn");

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
      case ".align", ".p2align" -> align(ops, out, chunk, offset, true);
      case ".balign" -> align(ops, out, chunk, offset, false);
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

  private static void align(Operands ops, Output out, Chunk chunk, long offset,
      boolean powerOfTwo) {
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
        throw new AsmError(ops.get(0).at(), ".balign " + a + ": expected a power of two"
            + " from 1 to 65536");
      }
      alignment = a;
    }
    boolean hasFill = ops.count() >= 2 && !isEmpty(ops, 1);
    int fill = hasFill ? (int) ops.value(1) : 0;
    long max = ops.count() == 3 ? ops.value(2) : Long.MAX_VALUE;
    long pad = (alignment - (offset % alignment)) % alignment;
    if (pad > max) {
      return;
    }
    chunk.alignment = (int) Math.max(chunk.alignment, alignment);
    if (chunk.kind == Chunk.Kind.TEXT && !hasFill) {
      // as GNU as does in code: zero bytes up to a 4-byte boundary, then nops
      long zeros = (4 - (offset % 4)) % 4;
      out.fill((int) Math.min(zeros, pad), 0);
      for (long k = zeros; k + 4 <= pad; k += 4) {
        out.word(0x0000_0013);
      }
      return;
    }
    out.fill((int) pad, fill);
  }

  private static boolean isEmpty(Operands ops, int i) {
    return ops.get(i) instanceof Operand.ExprOperand e && e.text().isBlank();
  }
}
