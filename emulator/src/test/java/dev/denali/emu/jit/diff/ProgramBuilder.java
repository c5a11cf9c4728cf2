package dev.denali.emu.jit.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes random guest programs for the engine differential test: sections of assembly text, and
 * random work (every RV32IM instruction kind, loads and stores in a buffer, counter reads, ecall
 * and Denali services, bounded loops, forward branches and calls of leaf functions).
 *
 * <p>Register discipline (every program made here keeps it, so programs terminate and stay in
 * their buffer): sp (x2) is the stack pointer; s1 (x9) points at {@code buf} (a
 * {@value #BUF}-byte buffer in .data) and is never written; s2, s3 count main loops and s4
 * function loops; s5..s8 are scratch registers of the generators' own constructs (fault
 * guards, jump tables), never written by random work. Random work writes only {@link #WRITABLE}
 * (or a subset given to it).
 */
final class ProgramBuilder {
  static final String[] ABI = {"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1",
      "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8",
      "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
  /** Registers random work may write. */
  static final int[] WRITABLE = {1, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 25, 26,
      27, 28, 29, 30, 31};
  /** {@link #WRITABLE} without ra: for code that must return with ret. */
  static final int[] WRITABLE_NO_RA = {3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 25,
      26, 27, 28, 29, 30, 31};
  static final int BUF = 256;
  static final String[] MAIN_COUNTERS = {"s2", "s3"};
  static final String FUNCTION_COUNTER = "s4";

  private static final String[] R_OPS = {"add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra",
      "or", "and", "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"};
  private static final String[] M_OPS = {"mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem",
      "remu"};
  private static final String[] I_OPS = {"addi", "slti", "sltiu", "xori", "ori", "andi"};
  private static final String[] SHIFT_I_OPS = {"slli", "srli", "srai"};
  private static final String[] PSEUDO_OPS = {"mv", "not", "neg", "seqz", "snez", "sltz", "sgtz"};
  static final String[] BRANCHES = {"beq", "bne", "blt", "bge", "bltu", "bgeu", "bgt", "ble",
      "bgtu", "bleu"};
  private static final String[] LOADS = {"lb", "lh", "lw", "lbu", "lhu"};
  private static final String[] STORES = {"sb", "sh", "sw"};
  private static final String[] COUNTERS = {"rdcycle", "rdcycleh", "rdinstret", "rdinstreth",
      "rdtime", "rdtimeh"};
  private static final int[] EDGE = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE,
      Integer.MIN_VALUE + 1, 2, -2, 31, 32, 33, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
      0xaaaaaaaa, 0x55555555, 0xfffff800, 0x7ff};
  private static final int[] MASKS = {0x7f, 0x7c, 0x3f, 0x0f, 0x01};

  final Random rnd;
  final StringBuilder text = new StringBuilder();
  final StringBuilder functions = new StringBuilder();
  /** Interrupt handlers and other code reached only by address (after the functions). */
  final StringBuilder handlers = new StringBuilder();
  /** Text after everything else: the very end of .text. */
  final StringBuilder textEnd = new StringBuilder();
  final StringBuilder rodata = new StringBuilder();
  final StringBuilder data = new StringBuilder();
  /** A note line for memory size, or null for the default. */
  String memory;
  private int labels;
  /** Names of the leaf functions main may call. */
  final List<String> leafFunctions = new ArrayList<>();

  ProgramBuilder(long seed) {
    this.rnd = new Random(seed);
  }

  // ------------------------------------------------------------------ text

  String label(String prefix) {
    return prefix + labels++;
  }

  static void op(StringBuilder sb, String line) {
    sb.append("        ").append(line).append('\n');
  }

  static void label(StringBuilder sb, String name) {
    sb.append(name).append(":\n");
  }

  /** The program: text (main, functions, end), rodata, data with buf, optional note. */
  String source(String header) {
    StringBuilder sb = new StringBuilder();
    header.lines().forEach(l -> sb.append("# ").append(l).append('\n'));
    sb.append("        .text\n        .globl _start\n_start:\n");
    sb.append(text).append(functions).append(handlers).append(textEnd);
    sb.append("        .rodata\n        .balign 4\nrodata_blob:\n");
    op(sb, ".word 0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00");
    sb.append(rodata);
    sb.append("        .data\n        .balign 4\nbuf:\n");
    for (int i = 0; i < BUF; i += 16) {
      StringBuilder l = new StringBuilder(".byte ");
      for (int j = 0; j < 16; j++) {
        l.append(j > 0 ? ", " : "").append(rnd.nextInt(256));
      }
      op(sb, l.toString());
    }
    sb.append(data);
    if (memory != null) {
      sb.append("        .section .note.denali, \"a\", @note\n        .balign 4\n");
      op(sb, ".word 7, 2f - 1f, 1");
      op(sb, ".asciz \"Denali\"");
      op(sb, ".balign 4");
      sb.append("1:      .asciz \"memory=").append(memory).append("\"\n");
      sb.append("        .asciz \"stack=16K\"\n");
      sb.append("2:      .balign 4\n");
    }
    return sb.toString();
  }

  /** The start of main: s1 = buf, every writable register a random value, counters 0. */
  void prologue() {
    op(text, "la s1, buf");
    for (int r : WRITABLE) {
      op(text, "li " + ABI[r] + ", " + literal(value()));
    }
    for (String c : new String[] {"s2", "s3", "s4", "s5", "s6", "s7", "s8"}) {
      op(text, "li " + c + ", 0");
    }
  }

  /** The end of main: exit with a random register's low byte (or d.exit). */
  void exit(StringBuilder sb) {
    String r = reg(WRITABLE);
    if (rnd.nextBoolean()) {
      op(sb, "mv a0, " + r);
      op(sb, "li a7, " + (rnd.nextBoolean() ? 93 : 94));
      op(sb, "ecall");
    } else {
      op(sb, "d.exit " + r);
    }
  }

  // ------------------------------------------------------------------ structured random code

  /** Where random blocks go: which counters are free, registers, callable functions. */
  record Where(boolean inFunction, int loops, int skips, int[] writable, boolean calls) {
    Where deeperLoop() {
      return new Where(inFunction, loops + 1, skips, writable, calls);
    }

    Where deeperSkip() {
      return new Where(inFunction, loops, skips + 1, writable, calls);
    }
  }

  static Where main() {
    return new Where(false, 0, 0, WRITABLE, true);
  }

  static Where function() {
    return new Where(true, 0, 0, WRITABLE, false);
  }

  void blocks(StringBuilder sb, Where where, int n) {
    for (int i = 0; i < n; i++) {
      block(sb, where);
    }
  }

  void block(StringBuilder sb, Where where) {
    int k = rnd.nextInt(100);
    if (k < 6 && where.skips() < 2) {
      skip(sb, where);
      return;
    }
    String[] counters = where.inFunction() ? new String[] {FUNCTION_COUNTER} : MAIN_COUNTERS;
    if (k < 11 && where.loops() < counters.length) {
      loop(sb, where, counters[where.loops()], 1 + rnd.nextInt(where.loops() == 0 ? 8 : 4),
          1 + rnd.nextInt(5));
      return;
    }
    if (k < 17 && where.calls() && !leafFunctions.isEmpty()) {
      call(sb, leafFunctions.get(rnd.nextInt(leafFunctions.size())), where.writable());
      return;
    }
    work(sb, where.writable(), where.inFunction());
  }

  /** A bounded loop on {@code counter} whose body is random blocks. */
  void loop(StringBuilder sb, Where where, String counter, int trips, int blocks) {
    String l = label("L_loop");
    op(sb, "li " + counter + ", " + trips);
    label(sb, l);
    blocks(sb, where.deeperLoop(), blocks);
    op(sb, "addi " + counter + ", " + counter + ", -1");
    op(sb, switch (rnd.nextInt(4)) {
      case 0 -> "bnez " + counter + ", " + l;
      case 1 -> "bgtz " + counter + ", " + l;
      case 2 -> "blt zero, " + counter + ", " + l;
      default -> "bltu zero, " + counter + ", " + l;
    });
  }

  /** A forward branch (or jump) over random blocks. */
  void skip(StringBuilder sb, Where where) {
    String l = label("L_skip");
    int k = rnd.nextInt(10);
    if (k == 0) {
      op(sb, "j " + l);
    } else {
      op(sb, pick(BRANCHES) + " " + readable() + ", " + readable() + ", " + l);
    }
    blocks(sb, where.deeperSkip(), 1 + rnd.nextInt(3));
    label(sb, l);
  }

  /**
   * A call of {@code f} in one of the ways a program can make one; a temporary register, when
   * one is needed, is one of {@code temps} other than ra.
   */
  void call(StringBuilder sb, String f, int[] temps) {
    int[] noRa = java.util.Arrays.stream(temps).filter(r -> r != 1).toArray();
    String t = reg(noRa);
    switch (rnd.nextInt(8)) {
      case 0 -> op(sb, "call " + f);
      case 1 -> op(sb, "jal " + f);
      case 2 -> op(sb, "jal ra, " + f);
      case 3 -> {
        op(sb, "la " + t + ", " + f);
        op(sb, "jalr ra, 0(" + t + ")");
      }
      case 4 -> {
        op(sb, "la " + t + ", " + f);
        op(sb, "addi " + t + ", " + t + ", -8");
        op(sb, "jalr ra, 9(" + t + ")"); // bit 0 of the target is cleared
      }
      case 5 -> {
        op(sb, "la ra, " + f);
        op(sb, "jalr ra, 0(ra)");
      }
      case 6 -> {
        String l = label("L_pc");
        sb.append(l).append(":\n");
        op(sb, "auipc " + t + ", %pcrel_hi(" + f + ")");
        op(sb, "jalr ra, %pcrel_lo(" + l + ")(" + t + ")");
      }
      default -> {
        op(sb, "la " + t + ", " + f);
        op(sb, "jalr " + t);
      }
    }
  }

  /** A leaf function: saves ra and zeroes a 12-byte frame, random blocks, returns. */
  void leafFunction(String name, int blocks) {
    label(functions, name);
    op(functions, "addi sp, sp, -16");
    op(functions, "sw ra, 12(sp)");
    op(functions, "sw zero, 0(sp)");
    op(functions, "sw zero, 4(sp)");
    op(functions, "sw zero, 8(sp)");
    blocks(functions, function(), blocks);
    op(functions, "lw ra, 12(sp)");
    op(functions, "addi sp, sp, 16");
    op(functions, "ret");
    leafFunctions.add(name);
  }

  // ------------------------------------------------------------------ random work

  /** A few random instructions that write only {@code writable}. */
  void work(StringBuilder sb, int[] writable, boolean stackFrame) {
    int k = rnd.nextInt(100);
    if (k < 26) {
      op(sb, pick(R_OPS) + " " + rd(writable) + ", " + readable() + ", " + readable());
    } else if (k < 38) {
      op(sb, pick(I_OPS) + " " + rd(writable) + ", " + readable() + ", " + imm12());
    } else if (k < 43) {
      op(sb, pick(SHIFT_I_OPS) + " " + rd(writable) + ", " + readable() + ", "
          + rnd.nextInt(32));
    } else if (k < 47) {
      String a = reg(writable);
      String b = reg(writable);
      int[][] pairs = {{Integer.MIN_VALUE, -1}, {value(), 0}, {0, 0}, {value(), value()}};
      int[] p = pairs[rnd.nextInt(pairs.length)];
      op(sb, "li " + a + ", " + literal(p[0]));
      op(sb, "li " + b + ", " + literal(p[1]));
      op(sb, pick(M_OPS) + " " + rd(writable) + ", " + a + ", " + b);
    } else if (k < 51) {
      op(sb, switch (rnd.nextInt(4)) {
        case 0 -> "li " + rd(writable) + ", " + literal(value());
        case 1 -> "lui " + rd(writable) + ", 0x" + Integer.toHexString(rnd.nextInt(1 << 20));
        case 2 -> "auipc " + rd(writable) + ", 0x" + Integer.toHexString(rnd.nextInt(1 << 20));
        default -> pick(PSEUDO_OPS) + " " + rd(writable) + ", " + readable();
      });
    } else if (k < 64) {
      memory(sb, true, writable);
    } else if (k < 77) {
      memory(sb, false, writable);
    } else if (k < 80) {
      readOnly(sb, writable);
    } else if (k < 86) {
      String r = rd(writable);
      op(sb, pick(COUNTERS) + " " + r);
      if (rnd.nextBoolean()) {
        op(sb, "sw " + r + ", " + 4 * rnd.nextInt(BUF / 4) + "(s1)");
      }
    } else if (k < 89 && contains(writable, 10) && contains(writable, 11)
        && contains(writable, 12) && contains(writable, 17)) {
      service(sb);
    } else if (k < 95 && stackFrame) {
      boolean load = rnd.nextBoolean();
      String op = load ? pick(LOADS) : pick(STORES);
      int w = width(op);
      op(sb, op + " " + (load ? rd(writable) : readable()) + ", " + between(0, 12 - w)
          + "(sp)");
    } else if (k < 97) {
      op(sb, rnd.nextBoolean() ? "fence" : "nop");
    } else {
      op(sb, pick(R_OPS) + " " + rd(writable) + ", " + readable() + ", " + readable());
    }
  }

  /** Straight-line work only (no services): ALU, buffer loads and stores, counters. */
  void straight(StringBuilder sb, int[] writable) {
    int k = rnd.nextInt(100);
    if (k < 40) {
      op(sb, pick(R_OPS) + " " + rd(writable) + ", " + readable() + ", " + readable());
    } else if (k < 58) {
      op(sb, pick(I_OPS) + " " + rd(writable) + ", " + readable() + ", " + imm12());
    } else if (k < 64) {
      op(sb, pick(SHIFT_I_OPS) + " " + rd(writable) + ", " + readable() + ", "
          + rnd.nextInt(32));
    } else if (k < 80) {
      String op = rnd.nextBoolean() ? pick(LOADS) : pick(STORES);
      int w = width(op);
      op(sb, op + " " + (op.startsWith("l") ? rd(writable) : readable()) + ", "
          + between(0, BUF - w) + "(s1)");
    } else if (k < 83) {
      op(sb, pick(COUNTERS) + " " + rd(writable));
    } else {
      op(sb, "lui " + rd(writable) + ", 0x" + Integer.toHexString(rnd.nextInt(1 << 20)));
    }
  }

  /** A load or store of a random width inside buf (often misaligned). */
  void memory(StringBuilder sb, boolean load, int[] writable) {
    String op = load ? pick(LOADS) : pick(STORES);
    int w = width(op);
    String first = load ? rd(writable) : readable();
    if (rnd.nextBoolean()) {
      op(sb, op + " " + first + ", " + between(0, BUF - w) + "(s1)");
      return;
    }
    int mask = pickInt(MASKS);
    String t = reg(writable);
    op(sb, "andi " + t + ", " + readable() + ", " + mask);
    op(sb, rnd.nextBoolean() ? "add " + t + ", " + t + ", s1" : "add " + t + ", s1, " + t);
    op(sb, op + " " + (load ? rd(writable) : first.equals(t) ? "zero" : first) + ", "
        + between(0, BUF - w - mask) + "(" + t + ")");
  }

  /** A load from rodata, text, the ELF header page or the virtual-register page. */
  void readOnly(StringBuilder sb, int[] writable) {
    String op = pick(LOADS);
    int w = width(op);
    String t = reg(writable);
    switch (rnd.nextInt(4)) {
      case 0 -> {
        op(sb, "la " + t + ", rodata_blob");
        op(sb, op + " " + rd(writable) + ", " + between(0, 16 - w) + "(" + t + ")");
      }
      case 1 -> {
        op(sb, "la " + t + ", _start");
        op(sb, op + " " + rd(writable) + ", " + between(0, 64 - w) + "(" + t + ")");
      }
      case 2 -> {
        op(sb, "lui " + t + ", 0xf");
        op(sb, op + " " + rd(writable) + ", " + between(0, 52 - w) + "(" + t + ")");
      }
      default -> {
        op(sb, "lui " + t + ", 0x1"); // the virtual registers, and zeros after them
        op(sb, op + " " + rd(writable) + ", " + between(0, 0x60 - w) + "(" + t + ")");
      }
    }
  }

  /** An ecall or Denali service that cannot stop the guest (clobbers a0, a1, a2, a7). */
  void service(StringBuilder sb) {
    switch (rnd.nextInt(8)) {
      case 0, 1 -> {
        int len = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(16);
        op(sb, "li a0, " + (rnd.nextInt(8) == 0 ? 3 : 1 + rnd.nextInt(2)));
        op(sb, "addi a1, s1, " + rnd.nextInt(BUF - len + 1));
        op(sb, "li a2, " + len);
        op(sb, "li a7, 64");
        op(sb, "ecall");
      }
      case 2 -> {
        op(sb, "li a0, " + rnd.nextInt(3));
        op(sb, "addi a1, s1, " + rnd.nextInt(BUF - 16 + 1));
        op(sb, "li a7, 403");
        op(sb, "ecall");
      }
      case 3 -> {
        op(sb, "li a7, " + pickInt(new int[] {0, 63, 95, 402, 1000, -1}));
        op(sb, "ecall");
      }
      case 4 -> {
        int len = rnd.nextInt(12);
        op(sb, "addi a1, s1, " + rnd.nextInt(BUF - len + 1));
        op(sb, "li a2, " + len);
        op(sb, "d.console.write a0, a1, a2");
      }
      case 5 -> {
        op(sb, "addi a1, s1, " + rnd.nextInt(BUF - 8 + 1));
        op(sb, "d.clock.read a0, a1");
      }
      case 6 -> {
        op(sb, "addi a1, s1, 16");
        op(sb, "li a2, 8");
        op(sb, pick(new String[] {"d.net.send a0, a1, a2", "d.net.recv a0, a1, a2",
            "d.disk.read a0, a1, a2", "d.disk.write a0, a1, a2"}));
      }
      default -> op(sb, "d.disk.flush a0");
    }
  }

  // ------------------------------------------------------------------ values

  String rd(int[] writable) {
    return rnd.nextInt(30) == 0 ? "zero" : reg(writable);
  }

  String reg(int[] writable) {
    return ABI[writable[rnd.nextInt(writable.length)]];
  }

  /** Any register (sp too: both engines start with the same one). */
  String readable() {
    return ABI[rnd.nextInt(32)];
  }

  int value() {
    int k = rnd.nextInt(10);
    if (k < 4) {
      return pickInt(EDGE);
    }
    if (k < 6) {
      return rnd.nextInt(33) - 16;
    }
    return rnd.nextInt();
  }

  String imm12() {
    return Integer.toString(rnd.nextInt(3) == 0 ? rnd.nextInt(33) - 16
        : rnd.nextInt(4096) - 2048);
  }

  static String literal(int v) {
    return v >= -4096 && v <= 4096 ? Integer.toString(v) : "0x" + Integer.toHexString(v);
  }

  int between(int lo, int hi) {
    return lo + rnd.nextInt(hi - lo + 1);
  }

  String pick(String[] a) {
    return a[rnd.nextInt(a.length)];
  }

  int pickInt(int[] a) {
    return a[rnd.nextInt(a.length)];
  }

  static int width(String op) {
    return op.endsWith("w") ? 4 : op.contains("h") ? 2 : 1;
  }

  private static boolean contains(int[] a, int v) {
    for (int x : a) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ raw encodings

  /** The word of {@code jal rd, offset} (offset even, within +-1 MiB). */
  static int jal(int rd, int offset) {
    return ((offset >> 20) & 1) << 31 | ((offset >> 1) & 0x3ff) << 21 | ((offset >> 11) & 1) << 20
        | ((offset >> 12) & 0xff) << 12 | rd << 7 | 0x6f;
  }

  /** The word of a branch (funct3 0 beq, 1 bne, 4 blt, 5 bge, 6 bltu, 7 bgeu), offset even. */
  static int branch(int funct3, int rs1, int rs2, int offset) {
    return ((offset >> 12) & 1) << 31 | ((offset >> 5) & 0x3f) << 25 | rs2 << 20 | rs1 << 15
        | funct3 << 12 | ((offset >> 1) & 0xf) << 8 | ((offset >> 11) & 1) << 7 | 0x63;
  }
}
