package dev.denali.isa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks that every entry of the instruction table ({@link Opcode}) has all its parts: an encoder,
 * a decoder that finds it again, and a printer that writes it in its assembly syntax. Adding an
 * instruction without one of them, or with an encoding that overlaps another, fails here.
 */
class InstructionTableTest {
  private static final int SAMPLES_PER_OPCODE = 500;
  private static final int PC = 0x0001_0400;

  /** The aliases the printer may use instead of each instruction's own mnemonic. */
  private static final Map<Opcode, Set<String>> ALIASES = new EnumMap<>(Opcode.class);

  static {
    ALIASES.put(Opcode.ADDI, Set.of("nop", "li", "mv"));
    ALIASES.put(Opcode.XORI, Set.of("not"));
    ALIASES.put(Opcode.SUB, Set.of("neg"));
    ALIASES.put(Opcode.SLTIU, Set.of("seqz"));
    ALIASES.put(Opcode.SLTU, Set.of("snez"));
    ALIASES.put(Opcode.SLT, Set.of("sltz", "sgtz"));
    ALIASES.put(Opcode.JAL, Set.of("j"));
    ALIASES.put(Opcode.JALR, Set.of("ret", "jr"));
    ALIASES.put(Opcode.BEQ, Set.of("beqz"));
    ALIASES.put(Opcode.BNE, Set.of("bnez"));
    ALIASES.put(Opcode.BLT, Set.of("bltz", "bgtz"));
    ALIASES.put(Opcode.BGE, Set.of("bgez", "blez"));
    ALIASES.put(Opcode.CSRRS,
        Set.of("rdcycle", "rdtime", "rdinstret", "rdcycleh", "rdtimeh", "rdinstreth"));
  }

  @Test
  void everyOpcodeEncodesDecodesAndPrints() {
    Random random = new Random(0xDE7A11L);
    Printer canonical = new Printer(false, a -> null);
    Printer aliased = new Printer(true, a -> null);
    for (Opcode op : Opcode.values()) {
      List<Instruction> samples = samples(op, random);
      assertThat(samples).as("%s samples", op).isNotEmpty();
      for (Instruction insn : samples) {
        int word = insn.encode();
        assertThat(word & 3).as("%s is a 32-bit encoding", insn).isEqualTo(3);
        assertThat(op.matches(word)).as("%s matches its own encoding", insn).isTrue();
        Instruction decoded = Decoder.decode(word);
        assertThat(decoded).as("decode(0x%08x) for %s", word, insn).isEqualTo(insn);
        assertThat(decoded.encode()).as("encode(decode(0x%08x))", word).isEqualTo(word);

        String plain = canonical.print(insn, PC);
        assertThat(plain).as("canonical print of %s", insn)
            .isEqualTo(expectedCanonical(insn, PC));
        String pretty = aliased.print(insn, PC);
        String first = pretty.split(" ", 2)[0];
        Set<String> allowed = new java.util.HashSet<>(ALIASES.getOrDefault(op, Set.of()));
        allowed.add(op.mnemonic());
        assertThat(allowed).as("printed '%s' for %s", pretty, insn).contains(first);
      }
    }
  }

  @Test
  void everyOpcodeHasItsParts() {
    for (Opcode op : Opcode.values()) {
      assertThat(op.summary()).as("%s summary", op).isNotBlank();
      assertThat(op.mnemonic()).as("%s mnemonic", op).isNotBlank();
      assertThat(Opcode.byMnemonic(op.mnemonic())).isSameAs(op);
      assertThat(Opcode.byMnemonic(op.mnemonic().toUpperCase())).isSameAs(op);
      assertThat(op.majorOpcode() & 3).as("%s major opcode is a 32-bit one", op).isEqualTo(3);
      assertThat(op.match() & 0x7F).isEqualTo(op.majorOpcode());
      assertThat(op.mask() & 0x7F).as("%s mask covers the major opcode", op).isEqualTo(0x7F);
      assertThat(op.match() & ~op.mask()).as("%s match lies inside its mask", op).isZero();
      if (op.funct3() >= 0) {
        assertThat((op.match() >>> 12) & 7).isEqualTo(op.funct3());
        assertThat((op.mask() >>> 12) & 7).isEqualTo(7);
      }
      if (op.funct7() >= 0) {
        assertThat(op.match() >>> 25).isEqualTo(op.funct7());
        assertThat(op.mask() >>> 25).isEqualTo(0x7F);
      }
      // The operand bits and the fixed bits do not collide.
      int operandBits = operandBits(op);
      assertThat(operandBits & op.mask()).as("%s operand bits vs mask", op).isZero();
    }
    assertThat(Opcode.byMnemonic("nop")).isNull();
    assertThat(Opcode.byMnemonic("csrrw")).isNull();
  }

  @Test
  void denaliInstructionsLiveInCustom0AndZeroTheirUnusedFields() {
    for (Opcode op : Opcode.values()) {
      boolean denali = op.extension() == Extension.DENALI;
      assertThat(op.majorOpcode() == Opcode.CUSTOM_0).as("%s in custom-0", op).isEqualTo(denali);
      if (denali) {
        assertThat(op.format()).isEqualTo(Format.R);
        assertThat(op.funct3()).isBetween(0, 4);
        assertThat(op.funct7()).isBetween(0, 0x7F);
        int unused = op.syntax().unusedRegisterMask();
        assertThat(op.mask() & unused).as("%s fixes its unused register fields", op)
            .isEqualTo(unused);
        assertThat(op.match() & unused).isZero();
      }
    }
  }

  @Test
  void noWordMatchesTwoOpcodes() {
    Opcode[] all = Opcode.values();
    for (int i = 0; i < all.length; i++) {
      for (int j = i + 1; j < all.length; j++) {
        Opcode a = all[i];
        Opcode b = all[j];
        int common = a.mask() & b.mask();
        // A word matching both exists exactly when the two agree on every bit both fix.
        assertThat((a.match() ^ b.match()) & common)
            .as("%s and %s overlap", a, b).isNotZero();
      }
    }
  }

  @Test
  void randomWordsDecodeToAtMostOneOpcodeAndRoundTrip() {
    Random random = new Random(42);
    for (int n = 0; n < 200_000; n++) {
      int word = random.nextInt();
      if (n % 4 == 0) {
        // Bias a quarter of the words towards the major opcodes the table uses.
        Opcode op = Opcode.values()[random.nextInt(Opcode.values().length)];
        word = (word & ~0x7F) | op.majorOpcode();
      }
      int matching = 0;
      for (Opcode op : Opcode.values()) {
        if (op.matches(word)) {
          matching++;
        }
      }
      assertThat(matching).as("opcodes matching 0x%08x", word).isLessThanOrEqualTo(1);
      Instruction insn = Decoder.decode(word);
      if (insn != null) {
        assertThat(insn.op().matches(word)).isTrue();
        // Re-encoding keeps every bit the instruction uses (fence ignores its unused fields).
        Instruction again = Decoder.decode(insn.encode());
        assertThat(again).isEqualTo(insn);
        if (insn.op() != Opcode.FENCE) {
          assertThat(insn.encode()).as("encode(decode(0x%08x))", word).isEqualTo(word);
        }
      }
    }
  }

  @Test
  void everySyntaxTemplateNamesItsOperands() {
    Set<Syntax> used = EnumSet.noneOf(Syntax.class);
    for (Opcode op : Opcode.values()) {
      used.add(op.syntax());
    }
    assertThat(used).as("every syntax is used by some instruction")
        .containsExactlyInAnyOrder(Syntax.values());
    for (Syntax s : Syntax.values()) {
      List<Operand> fromTemplate = new ArrayList<>();
      String t = s.template();
      if (!t.isEmpty()) {
        for (String part : t.split(", ")) {
          switch (part) {
            case "rd" -> fromTemplate.add(Operand.RD);
            case "rs1" -> fromTemplate.add(Operand.RS1);
            case "rs2" -> fromTemplate.add(Operand.RS2);
            case "imm" -> fromTemplate.add(Operand.SIMM12);
            case "shamt" -> fromTemplate.add(Operand.SHAMT);
            case "offset(rs1)" -> fromTemplate.add(Operand.MEM);
            case "imm20" -> fromTemplate.add(Operand.UIMM20);
            case "csr" -> fromTemplate.add(Operand.CSR);
            case "zero" -> { } // a fixed operand: csrrs reads rs1 = x0 only
            case "pred" -> fromTemplate.add(Operand.FENCE_SETS);
            case "succ" -> { } // pred and succ form one FENCE_SETS operand
            case "target" -> fromTemplate.add(
                s == Syntax.RD_JUMP ? Operand.JUMP_TARGET : Operand.BRANCH_TARGET);
            default -> throw new AssertionError("unknown template part '" + part + "' in " + s);
          }
        }
      }
      assertThat(s.operands()).as("operands of %s", s).isEqualTo(fromTemplate);
      assertThat(s.usesRd()).isEqualTo(s.operands().contains(Operand.RD));
      assertThat(s.usesRs1()).isEqualTo(
          s.operands().contains(Operand.RS1) || s.operands().contains(Operand.MEM));
      assertThat(s.usesRs2()).isEqualTo(s.operands().contains(Operand.RS2));
      int mask = s.unusedRegisterMask();
      assertThat((mask & (0x1F << 7)) == 0).isEqualTo(s.usesRd());
      assertThat((mask & (0x1F << 15)) == 0).isEqualTo(s.usesRs1());
      assertThat((mask & (0x1F << 20)) == 0).isEqualTo(s.usesRs2());
    }
  }

  @Test
  void immediateRangesMatchTheEncodableFields() {
    assertThat(Immediates.check(Operand.SIMM12, -2048)).isNull();
    assertThat(Immediates.check(Operand.SIMM12, 2047)).isNull();
    assertThat(Immediates.check(Operand.SIMM12, 2048)).contains("-2048..2047");
    assertThat(Immediates.check(Operand.SIMM12, -2049)).isNotNull();
    assertThat(Immediates.check(Operand.MEM, -2049)).isNotNull();
    assertThat(Immediates.check(Operand.SHAMT, 31)).isNull();
    assertThat(Immediates.check(Operand.SHAMT, 32)).isNotNull();
    assertThat(Immediates.check(Operand.SHAMT, -1)).isNotNull();
    assertThat(Immediates.check(Operand.BRANCH_TARGET, -4096)).isNull();
    assertThat(Immediates.check(Operand.BRANCH_TARGET, 4094)).isNull();
    assertThat(Immediates.check(Operand.BRANCH_TARGET, 4096)).isNotNull();
    assertThat(Immediates.check(Operand.BRANCH_TARGET, 3)).contains("multiple of 2");
    assertThat(Immediates.check(Operand.JUMP_TARGET, -(1 << 20))).isNull();
    assertThat(Immediates.check(Operand.JUMP_TARGET, (1 << 20) - 2)).isNull();
    assertThat(Immediates.check(Operand.JUMP_TARGET, 1 << 20)).isNotNull();
    assertThat(Immediates.check(Operand.JUMP_TARGET, 5)).isNotNull();
    assertThat(Immediates.check(Operand.UIMM20, 0xFFFFF)).isNull();
    assertThat(Immediates.check(Operand.UIMM20, 0x100000)).isNotNull();
    assertThat(Immediates.check(Operand.UIMM20, -1)).isNotNull();
    assertThat(Immediates.check(Operand.CSR, 0xC00)).isNull();
    assertThat(Immediates.check(Operand.CSR, 0x300)).contains("counter");
    assertThat(Immediates.check(Operand.CSR, 0xC00 + 4096L)).isNotNull();
    assertThat(Immediates.check(Operand.FENCE_SETS, 0xFF)).isNull();
    assertThat(Immediates.check(Operand.FENCE_SETS, 0x100)).isNotNull();
    assertThat(Immediates.check(Operand.RD, 12345)).isNull();
  }

  // ------------------------------------------------------------------------------------------

  /** Operand values for {@code op}: the limits of every field, then seeded random values. */
  private static List<Instruction> samples(Opcode op, Random random) {
    List<Instruction> out = new ArrayList<>();
    Syntax s = op.syntax();
    int[] regLimits = {0, 1, 31};
    List<Integer> imms = limits(op);
    // Limits: each register limit with each immediate limit.
    for (int reg : regLimits) {
      for (int imm : imms) {
        out.add(make(op, reg, 31 - reg, reg == 1 ? 2 : reg, imm));
      }
    }
    for (int n = 0; n < SAMPLES_PER_OPCODE; n++) {
      out.add(make(op, random.nextInt(32), random.nextInt(32), random.nextInt(32),
          randomImm(op, random)));
    }
    if (s == Syntax.NONE) {
      return List.of(out.get(0));
    }
    return out;
  }

  private static Instruction make(Opcode op, int rd, int rs1, int rs2, int imm) {
    Syntax s = op.syntax();
    boolean hasImm = s.operands().stream().anyMatch(o -> o != Operand.RD && o != Operand.RS1
        && o != Operand.RS2);
    return new Instruction(op, s.usesRd() ? rd : 0, s.usesRs1() ? rs1 : 0,
        s.usesRs2() ? rs2 : 0, hasImm ? imm : 0);
  }

  private static Operand immOperand(Opcode op) {
    for (Operand o : op.syntax().operands()) {
      if (o != Operand.RD && o != Operand.RS1 && o != Operand.RS2) {
        return o;
      }
    }
    return null;
  }

  private static List<Integer> limits(Opcode op) {
    Operand o = immOperand(op);
    if (o == null) {
      return List.of(0);
    }
    return switch (o) {
      case SIMM12, MEM -> List.of(-2048, -1, 0, 1, 2047);
      case SHAMT -> List.of(0, 1, 31);
      case BRANCH_TARGET -> List.of(-4096, -2, 0, 2, 4094);
      case JUMP_TARGET -> List.of(-(1 << 20), -2, 0, 2, (1 << 20) - 2);
      case UIMM20 -> List.of(0, 1, 0x80000, 0xFFFFF);
      case CSR -> {
        List<Integer> csrs = new ArrayList<>();
        for (Csr c : Csr.values()) {
          csrs.add(c.number());
        }
        yield csrs;
      }
      case FENCE_SETS -> List.of(0, 0x11, 0x33, 0xFF);
      default -> throw new AssertionError("BUG: operand " + o);
    };
  }

  private static int randomImm(Opcode op, Random r) {
    Operand o = immOperand(op);
    if (o == null) {
      return 0;
    }
    int imm = switch (o) {
      case SIMM12, MEM -> r.nextInt(4096) - 2048;
      case SHAMT -> r.nextInt(32);
      case BRANCH_TARGET -> (r.nextInt(4096) - 2048) * 2;
      case JUMP_TARGET -> (r.nextInt(1 << 20) - (1 << 19)) * 2;
      case UIMM20 -> r.nextInt(1 << 20);
      case CSR -> Csr.values()[r.nextInt(Csr.values().length)].number();
      case FENCE_SETS -> r.nextInt(256);
      default -> throw new AssertionError("BUG: operand " + o);
    };
    assertThat(Immediates.check(o, imm)).as("%s %d in range", o, imm).isNull();
    return imm;
  }

  /** The bits of a word that hold operands of {@code op}'s syntax. */
  private static int operandBits(Opcode op) {
    Syntax s = op.syntax();
    int bits = 0;
    if (s.usesRd()) {
      bits |= 0x1F << 7;
    }
    if (s.usesRs1()) {
      bits |= 0x1F << 15;
    }
    if (s.usesRs2()) {
      bits |= 0x1F << 20;
    }
    Operand o = immOperand(op);
    if (o == Operand.SHAMT) {
      bits |= 0x1F << 20;
    } else if (o == Operand.FENCE_SETS) {
      bits |= 0xFF << 20;
    } else if (o != null && o != Operand.CSR) {
      bits |= op.format().immMask();
    }
    return bits;
  }

  /**
   * The canonical text by the syntax template: the printer must write each operand where the
   * template (and so the manual) says it goes.
   */
  private static String expectedCanonical(Instruction i, int pc) {
    Syntax s = i.op().syntax();
    String t = s.template();
    String imm = Integer.toString(i.imm());
    String target = "0x" + Integer.toHexString(pc + i.imm());
    String text = switch (s) {
      case FENCE -> fenceSet(i.imm() >> 4) + ", " + fenceSet(i.imm() & 0xF);
      case RD_CSR -> t.replace("rd", Registers.abiName(i.rd()))
          .replace("csr", Csr.byNumber(i.imm()).asmName());
      default -> t.replace("offset(rs1)", imm + "(" + Registers.abiName(i.rs1()) + ")")
          .replace("rd", Registers.abiName(i.rd()))
          .replace("rs1", Registers.abiName(i.rs1()))
          .replace("rs2", Registers.abiName(i.rs2()))
          .replace("imm20", "0x" + Integer.toHexString(i.imm()))
          .replace("imm", imm)
          .replace("shamt", imm)
          .replace("target", target);
    };
    return text.isEmpty() ? i.op().mnemonic() : i.op().mnemonic() + " " + text;
  }

  private static String fenceSet(int bits) {
    String s = ((bits & 8) != 0 ? "i" : "") + ((bits & 4) != 0 ? "o" : "")
        + ((bits & 2) != 0 ? "r" : "") + ((bits & 1) != 0 ? "w" : "");
    return s.isEmpty() ? "0" : s;
  }
}
