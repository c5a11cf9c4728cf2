package dev.denali.asm.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Generates random RV32IM programs in GNU as syntax, for differential testing of the assembler
 * against GNU as. The same seed always gives the same program.
 *
 * <p>A program starts with {@code .globl _start} / {@code _start:} and holds about the requested
 * number of items: every RV32I and M instruction with random registers (x-names and ABI names
 * mixed) and immediates over their whole range, limits included; loads and stores with offsets;
 * branches and jumps to labels of the program (named and numeric, forward and backward, always in
 * range); the pseudo-instructions GNU as knows (li with any 32-bit value, mv, not, neg, call,
 * tail, beqz, bgt, rdcycle, csrr, ...); %hi/%lo of constants and %pcrel_hi/%pcrel_lo pairs;
 * data directives and alignment in .text; constants from .equ/.set/=; and immediates written as
 * GNU expressions (including the precedence where | &amp; ^ bind tighter than + and -).
 *
 * <p>Everything is position-independent (only pc-relative references inside .text), so the
 * .text bytes of a linked gas build equal ours. No Denali custom instructions (gas does not know
 * them). The programs avoid two gas quirks that the fixed corpus covers on its own
 * ({@code align_quirks.s}, {@code end_padding.s}): data of odd size is always padded to 4 bytes
 * with an explicit fill, and a program that aligns to more than 4 ends with that alignment.
 * The programs are never run: they compute nothing useful.
 */
public final class RandomProgramGenerator {

  /** One generated program: its seed and source text. */
  public record Program(long seed, String source) {
    /** The 1-based line {@code n} of the source, or "" when out of range. */
    public String line(int n) {
      String[] lines = source.split("\n", -1);
      return n >= 1 && n <= lines.length ? lines[n - 1] : "";
    }
  }

  private static final String[] X_NAMES = new String[32];
  private static final String[] ABI_NAMES = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4",
    "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
    "t5", "t6"
  };

  static {
    for (int i = 0; i < 32; i++) {
      X_NAMES[i] = "x" + i;
    }
  }

  private static final String[] R_BASE = {
    "add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and"
  };
  private static final String[] R_M = {
    "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"
  };
  private static final String[] I_ALU = {"addi", "slti", "sltiu", "xori", "ori", "andi"};
  private static final String[] SHIFTS = {"slli", "srli", "srai"};
  private static final String[] LOADS = {"lb", "lh", "lw", "lbu", "lhu"};
  private static final String[] STORES = {"sb", "sh", "sw"};
  private static final String[] BRANCHES = {"beq", "bne", "blt", "bge", "bltu", "bgeu"};
  private static final String[] BRANCH_PSEUDO_1 = {"beqz", "bnez", "blez", "bgez", "bltz", "bgtz"};
  private static final String[] BRANCH_PSEUDO_2 = {"bgt", "ble", "bgtu", "bleu"};
  private static final String[] CSR_NAMES = {
    "cycle", "time", "instret", "cycleh", "timeh", "instreth"
  };
  private static final int[] CSR_NUMBERS = {0xC00, 0xC01, 0xC02, 0xC80, 0xC81, 0xC82};
  private static final String[] CSR_READS = {
    "rdcycle", "rdtime", "rdinstret", "rdcycleh", "rdtimeh", "rdinstreth"
  };

  /** Values li must get right: sign and carry boundaries of the lui/addi split. */
  private static final long[] LI_EDGES = {
    0, -1, 1, -2048, 2047, 2048, -2049, 0x800, 0x7ff, 0xfff, 0x1000, 0xfffff800L, 0xfffff7ffL,
    0xfffff000L, 0x80000000L, 0x7fffffff, 0x80000800L, 0x7ffff800, 0x7ffff7ff, 0xffffffffL,
    -0x80000000L, 0x12345000, 0x12345800, 0x12345fff, 0xfff00000L, 0x00100000, -4096, 4096
  };

  /** Branch and numeric-label targets stay this many items apart at most (keeps them in range). */
  private static final int WINDOW = 300;
  private static final int MAX_DATA_BLOCKS = 6;
  private static final int MAX_ALIGNS = 6;

  /**
   * Features a run can leave out (system property {@code denali.diff.avoid}, comma-separated),
   * to look past a known gap: {@code fill} (.fill), {@code p2align-max} (the max-skip operand),
   * {@code li-x0} (li into x0, where gas emits an extra addi), {@code data} (data directives in
   * .text), {@code strings} (.ascii/.asciz/.string), {@code align}, {@code pcrel}
   * (%pcrel_hi/%pcrel_lo), {@code hilo} (%hi/%lo), {@code expr} (expressions and character
   * literals), {@code equ} (.equ/.set/= constants), {@code numeric-labels}, {@code macro}
   * (.macro with named and default arguments), {@code rept} (.rept/.endr).
   */
  public static final Set<String> FEATURES = Set.of("fill", "p2align-max", "li-x0", "data",
      "strings", "align", "pcrel", "hilo", "expr", "equ", "numeric-labels", "macro", "rept");
  private static final int MAX_REPT_BLOCKS = 4;

  private final long seed;
  private final SplittableRandom rnd;
  private final Set<String> avoid;

  // Per program state.
  private List<String> out;
  private String[] namedLabel;
  private int[] numericLabel;
  private List<long[]> constants; // {index into constantNames, value}
  private List<String> constantNames;
  private int dataBlocks;
  private int aligns;
  private int maxAlignLog2;
  private int pcrelCount;
  private int items;
  private int reptBlocks;

  public RandomProgramGenerator(long seed) {
    this(seed, Set.of());
  }

  /**
   * A generator that leaves out the {@link #FEATURES} named in {@code avoid}.
   *
   * @throws IllegalArgumentException for a name that is not a feature
   */
  public RandomProgramGenerator(long seed, Set<String> avoid) {
    for (String f : avoid) {
      if (!FEATURES.contains(f)) {
        throw new IllegalArgumentException("unknown feature '" + f + "'; known: "
            + new TreeSet<>(FEATURES));
      }
    }
    this.seed = seed;
    this.rnd = new SplittableRandom(seed);
    this.avoid = Set.copyOf(avoid);
  }

  /** The program for {@code seed} with about {@code instructions} items. */
  public static Program generate(long seed, int instructions) {
    return new RandomProgramGenerator(seed).generate(instructions);
  }

  /** The program for {@code seed} without the features in {@code avoid}. */
  public static Program generate(long seed, int instructions, Set<String> avoid) {
    return new RandomProgramGenerator(seed, avoid).generate(instructions);
  }

  /** Parses a comma-separated feature list (as in {@code -Ddenali.diff.avoid=fill,li-x0}). */
  public static Set<String> parseFeatures(String list) {
    Set<String> out = new TreeSet<>();
    if (list != null) {
      for (String f : list.split(",")) {
        if (!f.isBlank()) {
          out.add(f.strip());
        }
      }
    }
    return out;
  }

  private boolean avoids(String feature) {
    return avoid.contains(feature);
  }

  /** Generates one program of about {@code instructions} items. */
  public Program generate(int instructions) {
    out = new ArrayList<>();
    constants = new ArrayList<>();
    constantNames = new ArrayList<>();
    dataBlocks = 0;
    aligns = 0;
    reptBlocks = 0;
    maxAlignLog2 = 2;
    pcrelCount = 0;
    items = Math.max(1, instructions);
    planLabels();

    out.add(".globl _start");
    out.add("_start:");
    out.add("# generated by RandomProgramGenerator, seed " + seed
        + (avoid.isEmpty() ? "" : ", avoiding " + String.join(",", new TreeSet<>(avoid))));
    defineConstants();
    defineMacros();
    for (int i = 0; i < items; i++) {
      emitLabels(i);
      emitItem(i);
    }
    emitLabels(items);
    if (maxAlignLog2 > 2) {
      // Without this gas pads the end of .text to its alignment; end_padding.s covers that.
      out.add("    .p2align " + maxAlignLog2);
    }
    out.add("");
    return new Program(seed, String.join("\n", out));
  }

  // ---------------------------------------------------------------- labels

  private void planLabels() {
    namedLabel = new String[items + 1];
    numericLabel = new int[items + 1];
    for (int i = 0; i <= items; i++) {
      if (chance(0.08)) {
        switch (rnd.nextInt(4)) {
          case 0 -> namedLabel[i] = "L" + i;
          case 1 -> namedLabel[i] = ".L" + i;
          case 2 -> namedLabel[i] = "loop_" + i;
          default -> namedLabel[i] = "fn" + i;
        }
      }
      if (chance(0.07) && !avoids("numeric-labels")) {
        numericLabel[i] = 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? 99 : 9);
      }
    }
    if (namedLabel[0] == null) {
      namedLabel[0] = "first";
    }
  }

  private void emitLabels(int i) {
    if (namedLabel[i] != null) {
      out.add(namedLabel[i] + ":");
    }
    if (numericLabel[i] != 0) {
      out.add(numericLabel[i] + ":");
    }
  }

  /** A label usable as a branch or jump target from item {@code i}, in range. */
  private String target(int i) {
    for (int tries = 0; tries < 20; tries++) {
      int r = rnd.nextInt(10);
      if (r < 6) {
        String s = namedNear(i);
        if (s != null) {
          return s;
        }
      } else if (r < 9) {
        String s = numericNear(i);
        if (s != null) {
          return s;
        }
      } else {
        // A pc-relative target: . + k, k a multiple of 4 within a few instructions.
        int k = 4 * (rnd.nextInt(17) - 8);
        if (k == 0) {
          return ".";
        }
        return k > 0 ? ". + " + k : ". - " + -k;
      }
    }
    return "_start";
  }

  private String namedNear(int i) {
    int lo = Math.max(0, i - WINDOW);
    int hi = Math.min(items, i + WINDOW);
    for (int tries = 0; tries < 10; tries++) {
      int j = lo + rnd.nextInt(hi - lo + 1);
      if (namedLabel[j] != null) {
        return namedLabel[j];
      }
    }
    for (int j = Math.max(lo, i - 10); j <= Math.min(hi, i + 10); j++) {
      if (namedLabel[j] != null) {
        return namedLabel[j];
      }
    }
    return null;
  }

  /** {@code Nb} or {@code Nf} whose nearest definition in that direction is within the window. */
  private String numericNear(int i) {
    boolean backward = rnd.nextBoolean();
    for (int pass = 0; pass < 2; pass++, backward = !backward) {
      List<String> options = new ArrayList<>();
      List<Integer> seen = new ArrayList<>();
      if (backward) {
        // Labels at position <= i come before item i.
        for (int j = i; j >= Math.max(0, i - WINDOW); j--) {
          int d = numericLabel[j];
          if (d != 0 && !seen.contains(d)) {
            seen.add(d);
            options.add(d + "b");
          }
        }
      } else {
        for (int j = i + 1; j <= Math.min(items, i + WINDOW); j++) {
          int d = numericLabel[j];
          if (d != 0 && !seen.contains(d)) {
            seen.add(d);
            options.add(d + "f");
          }
        }
      }
      if (!options.isEmpty()) {
        return options.get(rnd.nextInt(options.size()));
      }
    }
    return null;
  }

  /** Any named label (for lla/la/%pcrel_hi, whose reach is the whole program). */
  private String anyNamedLabel() {
    for (int tries = 0; tries < 20; tries++) {
      int j = rnd.nextInt(items + 1);
      if (namedLabel[j] != null) {
        return namedLabel[j];
      }
    }
    return "_start";
  }

  // ---------------------------------------------------------------- constants

  private void defineConstants() {
    int n = avoids("equ") ? 0 : rnd.nextInt(5);
    for (int k = 0; k < n; k++) {
      String name = switch (rnd.nextInt(3)) {
        case 0 -> "C" + k;
        case 1 -> "CONST_" + k;
        default -> "k" + k;
      };
      long value = chance(0.7) ? imm12() : li32();
      String expr = expr(value, 1);
      switch (rnd.nextInt(3)) {
        case 0 -> out.add("    .equ " + name + ", " + expr);
        case 1 -> out.add("    .set " + name + ", " + expr);
        default -> out.add("    " + name + " = " + expr);
      }
      constantNames.add(name);
      constants.add(new long[] {k, value});
    }
  }

  // ---------------------------------------------------------------- macros

  private void defineMacros() {
    if (avoids("macro")) {
      return;
    }
    out.add("    .macro m_op3 rd, rs, imm=0");
    out.add("    addi \\rd, \\rs, \\imm");
    out.add("    xori \\rd, \\rd, \\imm");
    out.add("    .endm");
    out.add("    .macro m_pair a, b");
    out.add("    add \\a, \\a, \\b");
    out.add("    sub \\b, \\b, \\a");
    out.add("    .endm");
    out.add("    .macro m_li reg, value=-1");
    out.add("    li \\reg, \\value");
    out.add("    .endm");
  }

  private String macroCall() {
    return switch (rnd.nextInt(7)) {
      case 0 -> op("m_op3", reg(), reg());
      case 1 -> op("m_op3", reg(), reg(), immText(imm12()));
      case 2 -> op("m_op3", "rd=" + reg(), "rs=" + reg(), "imm=" + immText(imm12()));
      case 3 -> op("m_op3", reg(), reg(), "imm=" + literal(imm12()));
      case 4 -> op("m_pair", reg(), reg());
      case 5 -> op("m_li", nonZeroReg());
      default -> op("m_li", nonZeroReg(), hex(li32() & 0xffffffffL));
    };
  }

  private void rept() {
    reptBlocks++;
    out.add("    .rept " + rnd.nextInt(4));
    int n = 1 + rnd.nextInt(3);
    for (int k = 0; k < n; k++) {
      out.add("    " + switch (rnd.nextInt(3)) {
        case 0 -> rType(pick(R_BASE));
        case 1 -> op(pick(I_ALU), reg(), reg(), immText(imm12()));
        default -> simplePseudo();
      });
    }
    out.add("    .endr");
  }

  // ---------------------------------------------------------------- items

  private void emitItem(int i) {
    int w = rnd.nextInt(124);
    String line;
    if (w < 14) {
      line = rType(pick(R_BASE));
    } else if (w < 22) {
      line = rType(pick(R_M));
    } else if (w < 34) {
      line = op(pick(I_ALU), reg(), reg(), immText(imm12()));
    } else if (w < 39) {
      line = op(pick(SHIFTS), reg(), reg(), immText(rnd.nextInt(10) < 3
          ? (rnd.nextBoolean() ? 0 : 31) : rnd.nextInt(32)));
    } else if (w < 45) {
      line = chance(0.06)
          // lw rd, label: auipc rd + load through rd
          ? op(pick(LOADS), nonZeroReg(), anyNamedLabel())
          : pick(LOADS) + " " + reg() + sep() + memOperand();
    } else if (w < 50) {
      line = chance(0.06)
          // sw rs, label, rt: auipc rt + store through rt
          ? op(pick(STORES), reg(), anyNamedLabel(), nonZeroReg())
          : pick(STORES) + " " + reg() + sep() + memOperand();
    } else if (w < 54) {
      line = upper();
    } else if (w < 60) {
      line = op(pick(BRANCHES), reg(), reg(), target(i));
    } else if (w < 65) {
      line = rnd.nextBoolean()
          ? op(pick(BRANCH_PSEUDO_1), reg(), target(i))
          : op(pick(BRANCH_PSEUDO_2), reg(), reg(), target(i));
    } else if (w < 71) {
      line = jump(i);
    } else if (w < 80) {
      line = op("li", avoids("li-x0") ? nonZeroReg() : reg(), liText(li32()));
    } else if (w < 87) {
      line = simplePseudo();
    } else if (w < 90) {
      line = csr();
    } else if (w < 93) {
      line = system();
    } else if (w < 95) {
      line = op(rnd.nextBoolean() ? "lla" : "la", reg(), anyNamedLabel());
    } else if (w < 98 && !avoids("hilo")) {
      hiLo();
      return;
    } else if (w < 101 && !avoids("pcrel")) {
      pcrel();
      return;
    } else if (w < 104 && dataBlocks < MAX_DATA_BLOCKS && !avoids("data")) {
      data();
      return;
    } else if (w < 106 && aligns < MAX_ALIGNS && !avoids("align")) {
      align();
      return;
    } else if (w < 110) {
      line = rType(pick(R_BASE)) + " ; " + simplePseudo();
    } else if (w < 113 && !avoids("macro")) {
      line = macroCall();
    } else if (w < 115 && reptBlocks < MAX_REPT_BLOCKS && !avoids("rept")) {
      rept();
      return;
    } else {
      line = op("addi", reg(), reg(), immText(imm12()));
    }
    if (chance(0.05)) {
      line += "    # item " + i;
    }
    if (chance(0.04) && namedLabel[i] == null && numericLabel[i] == 0) {
      // A label on the same line as its instruction.
      String l = "same" + i;
      namedLabel[i] = l;
      out.add(l + ": " + line.strip());
      return;
    }
    out.add("    " + line);
  }

  private String rType(String mnemonic) {
    return op(mnemonic, reg(), reg(), reg());
  }

  private String memOperand() {
    long off = imm12();
    if (off == 0 && chance(0.3)) {
      return "(" + reg() + ")";
    }
    if (chance(0.08)) {
      return "%lo(" + hex(li32() & 0xffffffffL) + ")(" + reg() + ")";
    }
    String t = immText(off);
    if (!isPlainNumber(t)) {
      t = "(" + t + ")";
    }
    return t + "(" + reg() + ")";
  }

  private String upper() {
    String m = rnd.nextBoolean() ? "lui" : "auipc";
    long v = switch (rnd.nextInt(6)) {
      case 0 -> 0;
      case 1 -> 0xfffff;
      case 2 -> 0x80000;
      case 3 -> 0x7ffff;
      default -> rnd.nextInt(0x100000);
    };
    if (m.equals("lui") && chance(0.15)) {
      return op(m, reg(), "%hi(" + hex(li32() & 0xffffffffL) + ")");
    }
    String t = chance(0.5) ? hex(v) : Long.toString(v);
    if (chance(0.1)) {
      t = expr(v, 1);
    }
    return op(m, reg(), t);
  }

  private String jump(int i) {
    return switch (rnd.nextInt(12)) {
      case 0 -> op("j", target(i));
      case 1 -> op("jal", target(i));
      case 2 -> op("jal", reg(), target(i));
      case 3 -> op("call", namedOr(i));
      case 4 -> op("tail", namedOr(i));
      case 5 -> op("jr", reg());
      case 6 -> op("jalr", reg());
      case 7 -> op("jalr", reg(), memText(imm12()) + "(" + reg() + ")");
      case 8 -> "ret";
      case 9 -> op("jal", "x0", target(i));
      case 10 -> op("jump", namedOr(i), nonZeroReg()); // auipc rt + jr through rt
      default -> op("jalr", "x0", "0(" + reg() + ")");
    };
  }

  private String namedOr(int i) {
    String s = chance(0.8) ? namedNear(i) : numericNear(i);
    return s != null ? s : "_start";
  }

  private String simplePseudo() {
    return switch (rnd.nextInt(8)) {
      case 0 -> op("mv", reg(), reg());
      case 1 -> op("not", reg(), reg());
      case 2 -> op("neg", reg(), reg());
      case 3 -> "nop";
      case 4 -> op("seqz", reg(), reg());
      case 5 -> op("snez", reg(), reg());
      case 6 -> op("sltz", reg(), reg());
      default -> op("sgtz", reg(), reg());
    };
  }

  private String csr() {
    int k = rnd.nextInt(CSR_NAMES.length);
    return switch (rnd.nextInt(4)) {
      case 0 -> op(CSR_READS[k], reg());
      case 1 -> op("csrr", reg(), CSR_NAMES[k]);
      case 2 -> op("csrr", reg(), hex(CSR_NUMBERS[k]));
      default -> op("csrrs", reg(), CSR_NAMES[k], rnd.nextBoolean() ? "zero" : "x0");
    };
  }

  private String system() {
    return switch (rnd.nextInt(5)) {
      case 0 -> "ecall";
      case 1 -> "ebreak";
      case 2 -> "fence";
      default -> op("fence", fenceSet(), fenceSet());
    };
  }

  private String fenceSet() {
    int bits = 1 + rnd.nextInt(15);
    StringBuilder sb = new StringBuilder();
    String letters = "iorw";
    for (int b = 0; b < 4; b++) {
      if ((bits & (8 >> b)) != 0) {
        sb.append(letters.charAt(b));
      }
    }
    return sb.toString();
  }

  private void hiLo() {
    long v = li32() & 0xffffffffL;
    String c = hex(v);
    String r = reg();
    out.add("    " + op("lui", r, "%hi(" + c + ")"));
    switch (rnd.nextInt(3)) {
      case 0 -> out.add("    " + op("addi", r, r, "%lo(" + c + ")"));
      case 1 -> out.add("    " + op("lw", reg(), "%lo(" + c + ")(" + r + ")"));
      default -> out.add("    " + op("sw", reg(), "%lo(" + c + ")(" + r + ")"));
    }
  }

  private void pcrel() {
    String label = ".Lpc" + pcrelCount++;
    String r = reg();
    out.add(label + ":");
    out.add("    " + op("auipc", r, "%pcrel_hi(" + anyNamedLabel() + ")"));
    switch (rnd.nextInt(4)) {
      case 0, 1 -> out.add("    " + op("addi", reg(), r, "%pcrel_lo(" + label + ")"));
      case 2 -> out.add("    " + op(pick(LOADS), reg(), "%pcrel_lo(" + label + ")(" + r + ")"));
      default -> out.add("    " + op(pick(STORES), reg(), "%pcrel_lo(" + label + ")(" + r + ")"));
    }
  }

  private void data() {
    dataBlocks++;
    int size = 0;
    int n = 1 + rnd.nextInt(3);
    for (int k = 0; k < n; k++) {
      // Rarer directives (.fill) come up seldom, so that one missing feature does not hide
      // everything else in most programs.
      int kind = rnd.nextInt(16);
      if ((kind == 15 && avoids("fill")) || (kind >= 9 && kind <= 11 && avoids("strings"))) {
        kind = 12; // .space instead
      }
      switch (kind) {
        case 0, 1, 2, 3 -> {
          int count = 1 + rnd.nextInt(3);
          List<String> vals = new ArrayList<>();
          for (int c = 0; c < count; c++) {
            long v = li32();
            vals.add(chance(0.2) ? expr(v, 1) : (chance(0.5) ? hex(v & 0xffffffffL) : "" + v));
          }
          out.add("    " + (rnd.nextBoolean() ? ".word " : ".long ") + String.join(", ", vals));
          size += 4 * count;
        }
        case 4, 5 -> {
          int count = 1 + rnd.nextInt(3);
          List<String> vals = new ArrayList<>();
          for (int c = 0; c < count; c++) {
            long v = rnd.nextBoolean() ? rnd.nextInt(65536) : rnd.nextInt(65536) - 32768;
            vals.add(chance(0.2) ? expr(v, 1) : "" + v);
          }
          out.add("    " + (rnd.nextBoolean() ? ".half " : ".short ") + String.join(", ", vals));
          size += 2 * count;
        }
        case 6, 7, 8 -> {
          int count = 1 + rnd.nextInt(6);
          List<String> vals = new ArrayList<>();
          for (int c = 0; c < count; c++) {
            long v = rnd.nextBoolean() ? rnd.nextInt(256) : rnd.nextInt(256) - 128;
            vals.add(charLiteralOk(v) && chance(0.3) && !avoids("expr")
                ? "'" + (char) v + "'" : "" + v);
          }
          out.add("    .byte " + String.join(", ", vals));
          size += count;
        }
        case 9, 10, 11 -> {
          StringBuilder text = new StringBuilder();
          int len = randomString(text);
          String d = switch (rnd.nextInt(3)) {
            case 0 -> ".ascii";
            case 1 -> ".asciz";
            default -> ".string";
          };
          out.add("    " + d + " \"" + text + "\"");
          size += len + (d.equals(".ascii") ? 0 : 1);
        }
        case 12, 13, 14 -> {
          int len = rnd.nextInt(9);
          if (rnd.nextBoolean()) {
            out.add("    " + (rnd.nextBoolean() ? ".space " : ".zero ") + len);
          } else {
            out.add("    .space " + len + ", " + rnd.nextInt(256));
          }
          size += len;
        }
        default -> {
          int count = 1 + rnd.nextInt(3);
          int width = new int[] {1, 2, 4}[rnd.nextInt(3)];
          long v = li32() & ((1L << (8 * width)) - 1);
          out.add("    .fill " + count + ", " + width + ", " + hex(v));
          size += count * width;
        }
      }
    }
    int pad = (4 - size % 4) % 4;
    if (pad != 0) {
      // An explicit fill byte: gas pads it like any other section (no code-alignment quirks).
      switch (rnd.nextInt(3)) {
        case 0 -> out.add("    .balign 4, 0");
        case 1 -> out.add("    .p2align 2, " + rnd.nextInt(256));
        default -> out.add("    .space " + pad);
      }
    }
  }

  /** Appends a string literal body to {@code sb} and returns the number of bytes it encodes. */
  private int randomString(StringBuilder sb) {
    int n = rnd.nextInt(12);
    int bytes = 0;
    for (int k = 0; k < n; k++) {
      int r = rnd.nextInt(20);
      switch (r) {
        case 0 -> sb.append("\\n");
        case 1 -> sb.append("\\t");
        case 2 -> sb.append("\\\\");
        case 3 -> sb.append("\\\"");
        case 4 -> sb.append("\\0 ");
        case 5 -> sb.append("\\x").append(String.format("%02x", rnd.nextInt(256))).append(' ');
        case 6 -> sb.append('\\').append(Integer.toOctalString(rnd.nextInt(256))).append(' ');
        default -> {
          char c;
          do {
            c = (char) (32 + rnd.nextInt(95));
          } while (c == '"' || c == '\\');
          sb.append(c);
        }
      }
      bytes += (r == 4 || r == 5 || r == 6) ? 2 : 1;
    }
    return bytes;
  }

  private void align() {
    aligns++;
    int log2 = 2 + rnd.nextInt(4); // 4..32 bytes; the location is 4-aligned here
    maxAlignLog2 = Math.max(maxAlignLog2, log2);
    switch (rnd.nextInt(10)) {
      case 0, 1, 2 -> out.add("    .align " + log2);
      case 3, 4, 5 -> out.add("    .p2align " + log2);
      case 6, 7, 8 -> out.add("    .balign " + (1 << log2));
      default -> out.add("    .p2align " + log2
          + (avoids("p2align-max") ? "" : ",," + 4 * (1 + rnd.nextInt(7))));
    }
  }

  // ---------------------------------------------------------------- values and their text

  /** A 12-bit signed immediate, limits often. */
  private long imm12() {
    return switch (rnd.nextInt(10)) {
      case 0 -> -2048;
      case 1 -> 2047;
      case 2 -> 0;
      case 3 -> rnd.nextBoolean() ? -1 : 1;
      case 4 -> rnd.nextInt(32) - 16;
      default -> rnd.nextInt(4096) - 2048;
    };
  }

  /** A value for li: edges, small, round, or any 32-bit (signed or unsigned form). */
  private long li32() {
    return switch (rnd.nextInt(8)) {
      case 0, 1 -> LI_EDGES[rnd.nextInt(LI_EDGES.length)];
      case 2 -> rnd.nextInt(4096) - 2048;
      case 3 -> ((long) rnd.nextInt(0x100000)) << 12; // low 12 bits zero
      case 4 -> (((long) rnd.nextInt(0x100000)) << 12) | 0x800 | rnd.nextInt(0x800);
      case 5 -> rnd.nextInt() & 0xffffffffL;
      default -> rnd.nextInt();
    };
  }

  private String liText(long v) {
    int r = rnd.nextInt(10);
    if (r < 3) {
      return expr(v, 2);
    }
    if (r < 4 && !constants.isEmpty()) {
      return viaConstant(v);
    }
    if (r < 7) {
      return v < 0 && chance(0.3) ? "-" + hex(-v) : hex(v & 0xffffffffL);
    }
    return Long.toString(v);
  }

  /** Text for a 12-bit immediate: a literal most of the time, sometimes an expression. */
  private String immText(long v) {
    int r = rnd.nextInt(10);
    if (r < 2) {
      return expr(v, 2);
    }
    if (r < 3 && !constants.isEmpty()) {
      return viaConstant(v);
    }
    return literal(v);
  }

  /** Like {@link #immText} but safe in front of "(reg)". */
  private String memText(long v) {
    String t = immText(v);
    return isPlainNumber(t) ? t : "(" + t + ")";
  }

  private String viaConstant(long v) {
    int k = rnd.nextInt(constants.size());
    String name = constantNames.get(k);
    long c = constants.get(k)[1];
    long d = v - c;
    if (d == 0) {
      return name;
    }
    return "(" + name + (d > 0 ? " + " + d : " - " + -d) + ")";
  }

  private String literal(long v) {
    if (v < 0) {
      long m = -v;
      return switch (rnd.nextInt(6)) {
        case 0 -> "-" + hex(m);
        case 1 -> "-0" + Long.toOctalString(m);
        default -> Long.toString(v);
      };
    }
    return switch (rnd.nextInt(10)) {
      case 0, 1 -> hex(v);
      case 2 -> (rnd.nextBoolean() ? "0b" : "0B") + Long.toBinaryString(v);
      case 3 -> v == 0 ? "0" : "0" + Long.toOctalString(v);
      case 4 -> "0X" + Long.toHexString(v).toUpperCase();
      default -> Long.toString(v);
    };
  }

  /**
   * An expression that GNU as evaluates (in 64 bits) to exactly {@code v}. Avoids / % and >>
   * of negative values and never relies on overflow.
   */
  private String expr(long v, int depth) {
    if (depth <= 0 || avoids("expr")) {
      return literal(v);
    }
    int d = depth - 1;
    switch (rnd.nextInt(12)) {
      case 0: {
        long a = rnd.nextInt(4096) - 2048;
        long b = v - a;
        return "(" + expr(a, d) + (b >= 0 ? " + " + expr(b, d) : " - " + expr(-b, d)) + ")";
      }
      case 1: {
        long k = 2 + rnd.nextInt(8);
        long q = v / k;
        long r = v - q * k;
        return "(" + literal(q) + " * " + k + (r >= 0 ? " + " + r : " - " + -r) + ")";
      }
      case 2:
        return "~" + paren(literal(~v));
      case 3: {
        // GNU precedence: x - b | c is x - (b | c).
        long b = rnd.nextInt(256);
        long c = rnd.nextInt(256);
        return "(" + literal(v + (b | c)) + " - " + b + " | " + c + ")";
      }
      case 4: {
        // x + b & c is x + (b & c); x - b ^ c is x - (b ^ c).
        long b = rnd.nextInt(256);
        long c = rnd.nextInt(256);
        if (rnd.nextBoolean()) {
          return "(" + literal(v - (b & c)) + " + " + b + " & " + c + ")";
        }
        return "(" + literal(v + (b ^ c)) + " - " + b + " ^ " + c + ")";
      }
      case 5:
        if (v >= 0) {
          int s = 1 + rnd.nextInt(8);
          long lo = v & ((1L << s) - 1);
          return "(" + literal(v >> s) + " << " + s + " | " + lo + ")";
        }
        return "-" + paren(expr(-v, d));
      case 6:
        if (v > 0 && Long.bitCount(v) == 1) {
          return "(1 << " + Long.numberOfTrailingZeros(v) + ")";
        }
        if (v > 0 && Long.bitCount(v + 1) == 1 && v <= 0xffffffffL) {
          return "(~0 & " + hex(v) + ")";
        }
        return paren(literal(v));
      case 7:
        if (charLiteralOk(v)) {
          return "'" + (char) v + "'";
        }
        if (v >= 'A') {
          return "('A' + " + (v - 'A') + ")";
        }
        return paren(literal(v));
      case 8:
        if (v >= 0) {
          long k = 2 + rnd.nextInt(30);
          long r = rnd.nextInt((int) k);
          return "(" + literal(v * k + r) + " / " + k + ")";
        }
        return "(0 - " + expr(-v, d) + ")";
      case 9:
        if (v >= 0) {
          long k = v + 1 + rnd.nextInt(100);
          long q = rnd.nextInt(50);
          return "(" + (q * k + v) + " % " + k + ")";
        }
        return "-" + paren(literal(-v));
      case 10:
        return "(" + expr(v, d) + ")";
      default:
        return literal(v);
    }
  }

  /** Printable, and not a character that gas's line scrubber treats specially. */
  private static boolean charLiteralOk(long v) {
    return v >= 32 && v < 127 && "#;\"'\\/".indexOf((int) v) < 0;
  }

  private static String paren(String s) {
    return isPlainNumber(s) && !s.startsWith("-") ? s : "(" + s + ")";
  }

  private static boolean isPlainNumber(String s) {
    return s.matches("-?(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)");
  }

  private static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }

  // ---------------------------------------------------------------- small helpers

  private String reg() {
    int r = rnd.nextInt(32);
    int style = rnd.nextInt(10);
    if (r == 8 && style == 0) {
      return "fp";
    }
    return style < 5 ? X_NAMES[r] : ABI_NAMES[r];
  }

  private String nonZeroReg() {
    String r;
    do {
      r = reg();
    } while (r.equals("x0") || r.equals("zero"));
    return r;
  }

  private String sep() {
    return rnd.nextInt(8) == 0 ? "," : ", ";
  }

  private String op(String mnemonic, String... operands) {
    StringBuilder sb = new StringBuilder(mnemonic);
    for (int k = 0; k < operands.length; k++) {
      sb.append(k == 0 ? " " : sep()).append(operands[k]);
    }
    return sb.toString();
  }

  private String pick(String[] options) {
    return options[rnd.nextInt(options.length)];
  }

  private boolean chance(double p) {
    return rnd.nextDouble() < p;
  }
}
