package dev.denali.asm.link;

import dev.denali.asm.SourceLocation;
import dev.denali.asm.source.Expr;
import dev.denali.asm.source.Operand;
import dev.denali.asm.source.SourceParser;
import dev.denali.isa.Csr;
import dev.denali.isa.Registers;
import java.util.List;

/** Reads the operands of one instruction statement, with clear errors. */
final class Operands {
  private final String mnemonic;
  private final List<Operand> ops;
  private final SourceLocation at;
  private final Context ctx;

  Operands(String mnemonic, List<Operand> ops, SourceLocation at, Context ctx) {
    this.mnemonic = mnemonic;
    this.ops = ops;
    this.at = at;
    this.ctx = ctx;
  }

  int count() {
    return ops.size();
  }

  Operand get(int i) {
    return ops.get(i);
  }

  SourceLocation at() {
    return at;
  }

  Context ctx() {
    return ctx;
  }

  String mnemonic() {
    return mnemonic;
  }

  /** Fails unless there are exactly {@code n} operands, showing the expected form. */
  void expectCount(int n, String form) {
    if (ops.size() != n) {
      SourceLocation where = ops.size() > n ? ops.get(n).at() : at;
      throw new AsmError(where, mnemonic + " takes " + n + " operand" + (n == 1 ? "" : "s")
          + " (" + mnemonic + (form.isEmpty() ? "" : " " + form) + "), got " + ops.size());
    }
  }

  /** True when operand {@code i} names a register. */
  boolean isRegister(int i) {
    return registerNumber(ops.get(i)) >= 0;
  }

  /** True when operand {@code i} has the form {@code offset(base)} or {@code (base)}. */
  boolean isMemory(int i) {
    Operand o = ops.get(i);
    if (o instanceof Operand.MemoryOperand) {
      return true;
    }
    return o instanceof Operand.ExprOperand e && e.expr() instanceof Expr.Parens p
        && regName(Expr.strip(p)) >= 0;
  }

  int reg(int i) {
    Operand o = ops.get(i);
    int r = registerNumber(o);
    if (r < 0) {
      throw new AsmError(o.at(), "expected a register (x0..x31 or an ABI name like a0), got "
          + describe(o));
    }
    return r;
  }

  /** Evaluates operand {@code i} as a number (an address for labels). */
  long value(int i) {
    return valueOf(i).value();
  }

  Value valueOf(int i) {
    Operand o = ops.get(i);
    if (!(o instanceof Operand.ExprOperand e)) {
      throw new AsmError(o.at(), "expected an expression, got " + describe(o));
    }
    if (regName(e.expr()) >= 0) {
      throw new AsmError(o.at(), "expected an immediate or symbol, got register '"
          + e.text() + "'");
    }
    return ctx.eval(e.expr(), o.at());
  }

  /** The expression of operand {@code i} (for relocation-function checks). */
  Expr expr(int i) {
    Operand o = ops.get(i);
    if (o instanceof Operand.ExprOperand e) {
      return e.expr();
    }
    throw new AsmError(o.at(), "expected an expression, got " + describe(o));
  }

  /** Reads {@code offset(base)} or {@code (base)}: returns {offset, base}. */
  long[] memory(int i) {
    Operand o = ops.get(i);
    if (o instanceof Operand.MemoryOperand m) {
      int base = regName(Expr.strip(m.base()));
      if (base < 0) {
        throw new AsmError(o.at(), "expected a base register in parentheses, as in 8(sp)");
      }
      if (regName(Expr.strip(m.offset())) >= 0) {
        throw new AsmError(o.at(), "expected an offset before the parentheses, as in 8(sp)");
      }
      long off = ctx.eval(m.offset(), o.at()).value();
      return new long[] {off, base};
    }
    if (isMemory(i)) {
      return new long[] {0, regName(Expr.strip(((Operand.ExprOperand) o).expr()))};
    }
    throw new AsmError(o.at(), "expected a memory operand offset(register), got "
        + describe(o));
  }

  /** Reads a counter CSR: a name (cycle, time, instret, ...h) or its number. */
  int csr(int i) {
    Operand o = ops.get(i);
    if (o instanceof Operand.ExprOperand e && Expr.strip(e.expr()) instanceof Expr.Sym s) {
      Csr c = Csr.byName(s.name());
      if (c != null) {
        return c.number();
      }
      throw new AsmError(o.at(), "CSR '" + s.name() + "' does not exist in the Denali ISA:"
          + " only the counters cycle, time, instret, cycleh, timeh and instreth can be read");
    }
    long v = value(i);
    if (Csr.byNumber((int) v) == null || v < 0 || v > 0xFFF) {
      throw new AsmError(o.at(), "CSR " + describe(o) + " does not exist in the Denali ISA:"
          + " only the counters cycle, time, instret, cycleh, timeh and instreth can be read");
    }
    return (int) v;
  }

  /** Checks {@code value} against {@code min..max} (and alignment) in the final pass. */
  long check(int i, long value, long min, long max, int align, String what) {
    if (ctx.finalPass() && (value < min || value > max || value % align != 0)) {
      String range = min + ".." + max + (align > 1 ? ", a multiple of " + align : "");
      throw new AsmError(ops.get(i).at(), what + " " + value + " out of range for "
          + mnemonic + ": expected " + range);
    }
    return value;
  }

  static int registerNumber(Operand o) {
    if (o instanceof Operand.ExprOperand e) {
      return regName(e.expr());
    }
    return -1;
  }

  static int regName(Expr e) {
    return e instanceof Expr.Sym s ? Registers.parse(s.name()) : -1;
  }

  static String describe(Operand o) {
    if (o instanceof Operand.ExprOperand e) {
      return "'" + SourceParser.displayName(e.text()) + "'";
    }
    if (o instanceof Operand.MemoryOperand) {
      return "a memory operand";
    }
    if (o instanceof Operand.StringOperand) {
      return "a string";
    }
    if (o instanceof Operand.Missing) {
      return "nothing";
    }
    return "'" + ((Operand.NamedOperand) o).name() + "=...'";
  }
}
