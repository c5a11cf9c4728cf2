package dev.denali.asm.link;

import static dev.denali.isa.Registers.RA;
import static dev.denali.isa.Registers.T1;

import dev.denali.isa.Csr;
import dev.denali.isa.Opcode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The pseudo-instructions of GNU as for RV32IM (RISC-V assembly programmer's manual), with their
 * expansions. This enum is the one list of them: the assembler, its README table and the tests
 * all read it.
 */
public enum Pseudo {
  NOP("nop", "", "addi zero, zero, 0", (o, w) -> {
    o.expectCount(0, "");
    w.add(Opcode.ADDI, 0, 0, 0, 0);
  }),
  LI("li", "rd, imm", "addi rd, zero, imm; or lui rd, %hi(imm) [+ addi rd, rd, %lo(imm)]",
      Pseudo::li),
  LA("la", "rd, symbol", "auipc rd, %pcrel_hi(symbol); addi rd, rd, %pcrel_lo", Pseudo::lla),
  LLA("lla", "rd, symbol", "auipc rd, %pcrel_hi(symbol); addi rd, rd, %pcrel_lo", Pseudo::lla),
  MV("mv", "rd, rs", "addi rd, rs, 0", (o, w) -> {
    o.expectCount(2, "rd, rs");
    w.add(Opcode.ADDI, o.reg(0), o.reg(1), 0, 0);
  }),
  NOT("not", "rd, rs", "xori rd, rs, -1", (o, w) -> {
    o.expectCount(2, "rd, rs");
    w.add(Opcode.XORI, o.reg(0), o.reg(1), 0, -1);
  }),
  NEG("neg", "rd, rs", "sub rd, zero, rs", (o, w) -> {
    o.expectCount(2, "rd, rs");
    w.add(Opcode.SUB, o.reg(0), 0, o.reg(1), 0);
  }),
  SEQZ("seqz", "rd, rs", "sltiu rd, rs, 1", (o, w) -> {
    o.expectCount(2, "rd, rs");
    w.add(Opcode.SLTIU, o.reg(0), o.reg(1), 0, 1);
  }),
  SNEZ("snez", "rd, rs", "sltu rd, zero, rs", (o, w) -> {
    o.expectCount(2, "rd, rs");
    w.add(Opcode.SLTU, o.reg(0), 0, o.reg(1), 0);
  }),
  SLTZ("sltz", "rd, rs", "slt rd, rs, zero", (o, w) -> {
    o.expectCount(2, "rd, rs");
    w.add(Opcode.SLT, o.reg(0), o.reg(1), 0, 0);
  }),
  SGTZ("sgtz", "rd, rs", "slt rd, zero, rs", (o, w) -> {
    o.expectCount(2, "rd, rs");
    w.add(Opcode.SLT, o.reg(0), 0, o.reg(1), 0);
  }),
  SGT("sgt", "rd, rs, rt", "slt rd, rt, rs", (o, w) -> {
    o.expectCount(3, "rd, rs, rt");
    w.add(Opcode.SLT, o.reg(0), o.reg(2), o.reg(1), 0);
  }),
  SGTU("sgtu", "rd, rs, rt", "sltu rd, rt, rs", (o, w) -> {
    o.expectCount(3, "rd, rs, rt");
    w.add(Opcode.SLTU, o.reg(0), o.reg(2), o.reg(1), 0);
  }),
  ZEXT_B("zext.b", "rd, rs", "andi rd, rs, 255", (o, w) -> {
    o.expectCount(2, "rd, rs");
    w.add(Opcode.ANDI, o.reg(0), o.reg(1), 0, 255);
  }),
  ZEXT_H("zext.h", "rd, rs", "slli rd, rs, 16; srli rd, rd, 16", (o, w) -> shiftPair(o, w,
      Opcode.SRLI, 16)),
  SEXT_B("sext.b", "rd, rs", "slli rd, rs, 24; srai rd, rd, 24", (o, w) -> shiftPair(o, w,
      Opcode.SRAI, 24)),
  SEXT_H("sext.h", "rd, rs", "slli rd, rs, 16; srai rd, rd, 16", (o, w) -> shiftPair(o, w,
      Opcode.SRAI, 16)),
  BEQZ("beqz", "rs, target", "beq rs, zero, target", (o, w) -> branchZero(o, w, Opcode.BEQ,
      false)),
  BNEZ("bnez", "rs, target", "bne rs, zero, target", (o, w) -> branchZero(o, w, Opcode.BNE,
      false)),
  BLEZ("blez", "rs, target", "bge zero, rs, target", (o, w) -> branchZero(o, w, Opcode.BGE,
      true)),
  BGEZ("bgez", "rs, target", "bge rs, zero, target", (o, w) -> branchZero(o, w, Opcode.BGE,
      false)),
  BLTZ("bltz", "rs, target", "blt rs, zero, target", (o, w) -> branchZero(o, w, Opcode.BLT,
      false)),
  BGTZ("bgtz", "rs, target", "blt zero, rs, target", (o, w) -> branchZero(o, w, Opcode.BLT,
      true)),
  BGT("bgt", "rs, rt, target", "blt rt, rs, target", (o, w) -> swapped(o, w, Opcode.BLT)),
  BLE("ble", "rs, rt, target", "bge rt, rs, target", (o, w) -> swapped(o, w, Opcode.BGE)),
  BGTU("bgtu", "rs, rt, target", "bltu rt, rs, target", (o, w) -> swapped(o, w, Opcode.BLTU)),
  BLEU("bleu", "rs, rt, target", "bgeu rt, rs, target", (o, w) -> swapped(o, w, Opcode.BGEU)),
  J("j", "target", "jal zero, target", (o, w) -> {
    o.expectCount(1, "target");
    w.add(Opcode.JAL, 0, 0, 0, InstructionEncoder.jumpOffset(o, 0, 0));
  }),
  JR("jr", "rs", "jalr zero, 0(rs)", (o, w) -> {
    o.expectCount(1, "rs");
    if (o.isMemory(0)) {
      long[] m = o.memory(0);
      w.add(Opcode.JALR, 0, (int) m[1], 0, o.check(0, m[0], -2048, 2047, 1, "offset"));
    } else {
      w.add(Opcode.JALR, 0, o.reg(0), 0, 0);
    }
  }),
  RET("ret", "", "jalr zero, 0(ra)", (o, w) -> {
    o.expectCount(0, "");
    w.add(Opcode.JALR, 0, RA, 0, 0);
  }),
  CALL("call", "symbol", "auipc ra, %pcrel_hi(symbol); jalr ra, %pcrel_lo(ra)", (o, w) -> {
    if (o.count() == 2) {
      farJump(o, w, o.reg(0), o.reg(0), 1);
      return;
    }
    o.expectCount(1, "symbol");
    farJump(o, w, RA, RA, 0);
  }),
  TAIL("tail", "symbol", "auipc t1, %pcrel_hi(symbol); jalr zero, %pcrel_lo(t1)", (o, w) -> {
    o.expectCount(1, "symbol");
    farJump(o, w, T1, 0, 0);
  }),
  JUMP("jump", "symbol, rt", "auipc rt, %pcrel_hi(symbol); jalr zero, %pcrel_lo(rt)",
      (o, w) -> {
        o.expectCount(2, "symbol, rt");
        farJump(o, w, o.reg(1), 0, 0);
      }),
  RDCYCLE("rdcycle", "rd", "csrrs rd, cycle, zero", (o, w) -> counter(o, w, Csr.CYCLE)),
  RDCYCLEH("rdcycleh", "rd", "csrrs rd, cycleh, zero", (o, w) -> counter(o, w, Csr.CYCLEH)),
  RDTIME("rdtime", "rd", "csrrs rd, time, zero", (o, w) -> counter(o, w, Csr.TIME)),
  RDTIMEH("rdtimeh", "rd", "csrrs rd, timeh, zero", (o, w) -> counter(o, w, Csr.TIMEH)),
  RDINSTRET("rdinstret", "rd", "csrrs rd, instret, zero", (o, w) -> counter(o, w,
      Csr.INSTRET)),
  RDINSTRETH("rdinstreth", "rd", "csrrs rd, instreth, zero", (o, w) -> counter(o, w,
      Csr.INSTRETH)),
  CSRR("csrr", "rd, csr", "csrrs rd, csr, zero", (o, w) -> {
    o.expectCount(2, "rd, csr");
    w.add(Opcode.CSRRS, o.reg(0), 0, 0, o.csr(1));
  });

  /** Expands a pseudo-instruction's operands into words. */
  @FunctionalInterface
  interface Expander {
    void expand(Operands ops, Words out);
  }

  private static final Map<String, Pseudo> BY_MNEMONIC = new HashMap<>();

  static {
    for (Pseudo p : values()) {
      BY_MNEMONIC.put(p.mnemonic, p);
    }
  }

  private final String mnemonic;
  private final String operands;
  private final String expansion;
  private final Expander expander;

  Pseudo(String mnemonic, String operands, String expansion, Expander expander) {
    this.mnemonic = mnemonic;
    this.operands = operands;
    this.expansion = expansion;
    this.expander = expander;
  }

  public String mnemonic() {
    return mnemonic;
  }

  public String operands() {
    return operands;
  }

  public String expansion() {
    return expansion;
  }

  void expand(Operands ops, Words out) {
    expander.expand(ops, out);
  }

  static Pseudo byMnemonic(String mnemonic) {
    return BY_MNEMONIC.get(mnemonic.toLowerCase(Locale.ROOT));
  }

  private static void li(Operands o, Words w) {
    o.expectCount(2, "rd, imm");
    int rd = o.reg(0);
    Value v = o.valueOf(1);
    long value = v.value();
    if (o.ctx().finalPass() && (value < Integer.MIN_VALUE || value > 0xFFFF_FFFFL)) {
      throw new AsmError(o.get(1).at(), "li value " + value + " does not fit in 32 bits");
    }
    int x = (int) value;
    if (v.isAbsolute() && x >= -2048 && x < 2048) {
      w.add(Opcode.ADDI, rd, 0, 0, x);
      return;
    }
    long[] hl = Words.split(x);
    w.add(Opcode.LUI, rd, 0, 0, hl[0]);
    if (hl[1] != 0 || !v.isAbsolute() || rd == 0) { // GNU as keeps the addi for x0
      w.add(Opcode.ADDI, rd, rd, 0, hl[1]);
    }
  }

  private static void shiftPair(Operands o, Words w, Opcode right, int amount) {
    o.expectCount(2, "rd, rs");
    int rd = o.reg(0);
    w.add(Opcode.SLLI, rd, o.reg(1), 0, amount).add(right, rd, rd, 0, amount);
  }

  private static void lla(Operands o, Words w) {
    o.expectCount(2, "rd, symbol");
    int rd = o.reg(0);
    long[] hl = InstructionEncoder.pcrel(o, 1, 0);
    w.add(Opcode.AUIPC, rd, 0, 0, hl[0]).add(Opcode.ADDI, rd, rd, 0, hl[1]);
  }

  private static void farJump(Operands o, Words w, int temp, int link, int targetIndex) {
    long[] hl = InstructionEncoder.pcrel(o, targetIndex, 0);
    w.add(Opcode.AUIPC, temp, 0, 0, hl[0]).add(Opcode.JALR, link, temp, 0, hl[1]);
  }

  private static void branchZero(Operands o, Words w, Opcode op, boolean zeroFirst) {
    o.expectCount(2, "rs, target");
    int rs = o.reg(0);
    if (zeroFirst) {
      InstructionEncoder.branch(o, w, op, 0, rs, 1);
    } else {
      InstructionEncoder.branch(o, w, op, rs, 0, 1);
    }
  }

  private static void swapped(Operands o, Words w, Opcode op) {
    o.expectCount(3, "rs, rt, target");
    InstructionEncoder.branch(o, w, op, o.reg(1), o.reg(0), 2);
  }

  private static void counter(Operands o, Words w, Csr csr) {
    o.expectCount(1, "rd");
    w.add(Opcode.CSRRS, o.reg(0), 0, 0, csr.number());
  }
}
