package dev.denali.emu.qemu;

import dev.denali.emu.qemu.GeneratedProgram.Block;
import dev.denali.emu.qemu.GeneratedProgram.Function;
import dev.denali.emu.qemu.GeneratedProgram.Loop;
import dev.denali.emu.qemu.GeneratedProgram.Skip;
import dev.denali.emu.qemu.GeneratedProgram.Straight;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Makes random, terminating RV32IM programs whose whole observable behaviour is their output
 * (registers and data buffer as hex, see {@link ChecksumEpilogue}) and exit status. The same seed
 * always gives the same program ({@link Random} is specified to be reproducible).
 *
 * <p>What the programs do: every free register starts at a random value (edge values 0, ±1,
 * INT_MIN, INT_MAX, 31..33, powers of two, or anything); then random blocks: every R- and I-type
 * ALU instruction of RV32I and M with random operands (shift amounts in registers may be 32 or
 * more), division edge cases (x/0, INT_MIN/-1), lui/auipc, loads and stores of every width at
 * random, often misaligned, addresses inside the 256-byte buffer, loads from .rodata, text and
 * the ELF header page, forward branches and jumps over small blocks, loops with bounded trip
 * counts (nested two deep), direct and indirect calls of small leaf functions (which save ra and
 * use their stack frame), and small ecall writes.
 *
 * <p>Reserved registers, never written by generated blocks: sp (x2), the data pointer s1 (x9),
 * the loop counters s2, s3 (main) and s4 (functions). Nothing reads a counter CSR (their values
 * differ between qemu and Denali) and nothing derived from sp reaches a register or the buffer.
 */
public final class RandomBehaviourGenerator {
  static final String[] ABI = {"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1",
      "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8",
      "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
  /** Registers generated code may write (x0 is added now and then on purpose). */
  static final int[] WRITABLE = {1, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 21, 22,
      23, 24, 25, 26, 27, 28, 29, 30, 31};
  private static final String[] MAIN_COUNTERS = {"s2", "s3"};
  private static final String FUNCTION_COUNTER = "s4";

  private static final String[] R_OPS = {"add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra",
      "or", "and", "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"};
  private static final String[] M_OPS = {"mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem",
      "remu"};
  private static final String[] I_OPS = {"addi", "slti", "sltiu", "xori", "ori", "andi"};
  private static final String[] SHIFT_I_OPS = {"slli", "srli", "srai"};
  private static final String[] PSEUDO_OPS = {"mv", "not", "neg", "seqz", "snez", "sltz", "sgtz"};
  private static final String[] BRANCHES = {"beq", "bne", "blt", "bge", "bltu", "bgeu", "bgt",
      "ble", "bgtu", "bleu"};
  private static final String[] ZERO_BRANCHES = {"beqz", "bnez", "blez", "bgez", "bltz", "bgtz"};
  private static final String[] LOADS = {"lb", "lh", "lw", "lbu", "lhu"};
  private static final String[] STORES = {"sb", "sh", "sw"};
  private static final int[] EDGE = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE,
      Integer.MIN_VALUE + 1, Integer.MAX_VALUE - 1, 2, -2, 31, 32, 33, 63, 64, -32, 0x7f, 0x80,
      0xff, 0x7fff, 0x8000, 0xffff, 0x10000, 0xaaaaaaaa, 0x55555555, 0xfffff800, 0x7ff};
  private static final int[] EDGE_IMM = {0, 1, -1, 2047, -2048, 2, -2, 31, 32, 1024, 0x7ff & 255};
  private static final int[] MASKS = {0x7f, 0x7e, 0x7c, 0x3f, 0x0f, 0x01};

  private final Random rnd;
  private final long seed;
  private int nextId;

  private RandomBehaviourGenerator(long seed) {
    this.seed = seed;
    this.rnd = new Random(seed);
  }

  /** The program for {@code seed}. */
  public static GeneratedProgram generate(long seed) {
    return new RandomBehaviourGenerator(seed).build();
  }

  /** Where a block is: in a function or in main, and how deeply inside loops and branches. */
  private record Where(boolean inFunction, int loops, int skips, int functions) {
    Where deeperLoop() {
      return new Where(inFunction, loops + 1, skips, functions);
    }

    Where deeperSkip() {
      return new Where(inFunction, loops, skips + 1, functions);
    }
  }

  private GeneratedProgram build() {
    byte[] data = new byte[ChecksumEpilogue.BUFFER_BYTES];
    rnd.nextBytes(data);
    List<String> prologue = new ArrayList<>(Arrays.asList(ChecksumEpilogue.pointerSetup()));
    int[] order = WRITABLE.clone();
    for (int i = order.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    for (int r : order) {
      prologue.add("li " + ABI[r] + ", " + literal(value()));
    }
    for (String c : MAIN_COUNTERS) {
      prologue.add("li " + c + ", 0");
    }
    prologue.add("li " + FUNCTION_COUNTER + ", 0");

    int functionCount = 1 + rnd.nextInt(4);
    List<Function> functions = new ArrayList<>();
    for (int k = 0; k < functionCount; k++) {
      functions.add(new Function("f" + k,
          blocks(new Where(true, 0, 0, 0), 2 + rnd.nextInt(10))));
    }
    List<Block> main = blocks(new Where(false, 0, 0, functionCount), 20 + rnd.nextInt(80));
    int exitRegister = rnd.nextBoolean() ? 10 : WRITABLE[rnd.nextInt(WRITABLE.length)];
    return new GeneratedProgram(seed, prologue, main, functions, data, exitRegister);
  }

  private List<Block> blocks(Where where, int n) {
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(block(where));
    }
    return out;
  }

  private Block block(Where where) {
    int id = nextId++;
    int k = rnd.nextInt(100);
    if (k < 6 && where.skips() < 2) {
      return skip(id, where);
    }
    String[] counters = where.inFunction() ? new String[] {FUNCTION_COUNTER} : MAIN_COUNTERS;
    if (k < 10 && where.loops() < counters.length) {
      int maxTrips = where.loops() == 0 ? 8 : 4;
      String counter = counters[where.loops()];
      return new Loop(id, counter, 1 + rnd.nextInt(maxTrips), backEdge(counter, id),
          blocks(where.deeperLoop(), 1 + rnd.nextInt(6)));
    }
    if (k < 15 && !where.inFunction()) {
      return new Straight(id, call(where.functions()));
    }
    return new Straight(id, straight(where.inFunction()));
  }

  private Skip skip(int id, Where where) {
    String label = "L_skip" + id;
    String branch;
    int k = rnd.nextInt(10);
    if (k == 0) {
      branch = rnd.nextBoolean() ? "j " + label : "jal " + writable() + ", " + label;
    } else if (k < 3) {
      branch = pick(ZERO_BRANCHES) + " " + readable() + ", " + label;
    } else {
      branch = pick(BRANCHES) + " " + readable() + ", " + readable() + ", " + label;
    }
    return new Skip(id, branch, blocks(where.deeperSkip(), 1 + rnd.nextInt(3)));
  }

  private String backEdge(String c, int id) {
    String label = "L_loop" + id;
    return switch (rnd.nextInt(5)) {
      case 0 -> "bnez " + c + ", " + label;
      case 1 -> "bne " + c + ", zero, " + label;
      case 2 -> "bgtz " + c + ", " + label;
      case 3 -> "blt zero, " + c + ", " + label;
      default -> "bltu zero, " + c + ", " + label;
    };
  }

  private List<String> call(int functions) {
    String f = "f" + rnd.nextInt(functions);
    String t = ABI[WRITABLE[1 + rnd.nextInt(WRITABLE.length - 1)]]; // not ra
    return switch (rnd.nextInt(7)) {
      case 0 -> List.of("call " + f);
      case 1 -> List.of("jal " + f);
      case 2 -> List.of("jal ra, " + f);
      case 3 -> List.of("la " + t + ", " + f, "jalr ra, 0(" + t + ")");
      case 4 -> List.of("la " + t + ", " + f, "addi " + t + ", " + t + ", -8",
          "jalr ra, 9(" + t + ")"); // bit 0 of the target is cleared
      case 5 -> List.of("la ra, " + f, "jalr ra, 0(ra)"); // rd == rs1
      default -> List.of("la " + t + ", " + f, "addi " + t + ", " + t + ", 1", "jalr " + t);
    };
  }

  private List<String> straight(boolean inFunction) {
    int k = rnd.nextInt(100);
    if (k < 28) {
      return List.of(pick(R_OPS) + " " + rd() + ", " + readable() + ", " + readable());
    }
    if (k < 40) {
      return List.of(pick(I_OPS) + " " + rd() + ", " + readable() + ", " + imm12());
    }
    if (k < 45) {
      return List.of(pick(SHIFT_I_OPS) + " " + rd() + ", " + readable() + ", "
          + (rnd.nextInt(4) == 0 ? pickInt(new int[] {0, 1, 31}) : rnd.nextInt(32)));
    }
    if (k < 52) {
      String a = writable();
      String b = writable();
      int min = Integer.MIN_VALUE;
      int[][] pairs = {{min, -1}, {min, -1}, {value(), 0}, {0, 0}, {min, min}, {-1, -1},
          {Integer.MAX_VALUE, -1}, {value(), value()}};
      int[] p = pairs[rnd.nextInt(pairs.length)];
      return List.of("li " + a + ", " + literal(p[0]), "li " + b + ", " + literal(p[1]),
          pick(M_OPS) + " " + rd() + ", " + a + ", " + b);
    }
    if (k < 55) {
      return switch (rnd.nextInt(3)) {
        case 0 -> List.of("li " + rd() + ", " + literal(value()));
        case 1 -> List.of("lui " + rd() + ", " + imm20());
        default -> List.of("auipc " + rd() + ", " + imm20());
      };
    }
    if (k < 57) {
      return List.of(pick(PSEUDO_OPS) + " " + rd() + ", " + readable());
    }
    if (k < 59) {
      return readOnly();
    }
    if (k < 73) {
      return memory(true);
    }
    if (k < 87) {
      return memory(false);
    }
    if (k < 95) {
      return inFunction ? stack()
          : List.of(pick(R_OPS) + " " + rd() + ", " + readable() + ", " + readable());
    }
    if (k < 97) {
      int len = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(16);
      int off = -ChecksumEpilogue.POINTER_OFFSET
          + rnd.nextInt(ChecksumEpilogue.BUFFER_BYTES - len + 1);
      return List.of("li a0, 1", "addi a1, " + ChecksumEpilogue.POINTER + ", " + off,
          "li a2, " + len, "li a7, 64", "ecall");
    }
    return List.of(rnd.nextBoolean() ? "fence" : "nop");
  }

  /** A load or store of a random width at a random address inside the buffer. */
  private List<String> memory(boolean load) {
    String op = load ? pick(LOADS) : pick(STORES);
    int w = op.endsWith("w") ? 4 : op.contains("h") ? 2 : 1;
    String first = load ? rd() : readable();
    int lo = -ChecksumEpilogue.POINTER_OFFSET;
    int hi = ChecksumEpilogue.BUFFER_BYTES - ChecksumEpilogue.POINTER_OFFSET - w;
    String p = ChecksumEpilogue.POINTER;
    switch (rnd.nextInt(3)) {
      case 0 -> {
        return List.of(op + " " + first + ", " + between(lo, hi) + "(" + p + ")");
      }
      case 1 -> { // p + (r & mask) + imm
        int mask = pickInt(MASKS);
        String t = writable();
        String add = rnd.nextBoolean() ? "add " + t + ", " + t + ", " + p
            : "add " + t + ", " + p + ", " + t;
        return List.of("andi " + t + ", " + readable() + ", " + mask, add,
            op + " " + first + ", " + between(lo, hi - mask) + "(" + t + ")");
      }
      default -> { // p - (r & mask) + imm
        int mask = pickInt(MASKS);
        String t = writable();
        return List.of("andi " + t + ", " + readable() + ", " + mask,
            "sub " + t + ", " + p + ", " + t,
            op + " " + first + ", " + between(lo + mask, hi) + "(" + t + ")");
      }
    }
  }

  /** A load from read-only memory: .rodata, the program's first text bytes, the ELF header. */
  private List<String> readOnly() {
    String op = pick(LOADS);
    int w = op.endsWith("w") ? 4 : op.contains("h") ? 2 : 1;
    String t = writable();
    return switch (rnd.nextInt(3)) {
      case 0 -> List.of("la " + t + ", hexdigits", op + " " + rd() + ", " + between(0, 16 - w)
          + "(" + t + ")");
      case 1 -> List.of("la " + t + ", _start", op + " " + rd() + ", " + between(0, 96 - w)
          + "(" + t + ")"); // the prologue is longer than 96 bytes
      default -> List.of("lui " + t + ", 0xf", op + " " + rd() + ", " + between(0, 52 - w)
          + "(" + t + ")"); // the ELF header, mapped read-only at 0xf000
    };
  }

  /** A load or store in the function's frame: bytes 0..11 above sp (zeroed on entry). */
  private List<String> stack() {
    boolean load = rnd.nextBoolean();
    String op = load ? pick(LOADS) : pick(STORES);
    int w = op.endsWith("w") ? 4 : op.contains("h") ? 2 : 1;
    return List.of(op + " " + (load ? rd() : readable()) + ", " + between(0, 12 - w) + "(sp)");
  }

  private String rd() {
    return rnd.nextInt(30) == 0 ? "zero" : writable();
  }

  private String writable() {
    return ABI[WRITABLE[rnd.nextInt(WRITABLE.length)]];
  }

  /** Any register but sp. */
  private String readable() {
    int r = rnd.nextInt(31);
    return ABI[r >= 2 ? r + 1 : r];
  }

  private int value() {
    int k = rnd.nextInt(10);
    if (k < 4) {
      return pickInt(EDGE);
    }
    if (k < 6) {
      return rnd.nextInt(33) - 16;
    }
    if (k < 7) {
      int p = 1 << rnd.nextInt(32);
      return switch (rnd.nextInt(3)) {
        case 0 -> p;
        case 1 -> p - 1;
        default -> -p;
      };
    }
    return rnd.nextInt();
  }

  private String imm12() {
    int k = rnd.nextInt(4);
    return Integer.toString(k == 0 ? pickInt(EDGE_IMM)
        : k == 1 ? rnd.nextInt(33) - 16 : rnd.nextInt(4096) - 2048);
  }

  private String imm20() {
    int k = rnd.nextInt(4);
    int v = k == 0 ? pickInt(new int[] {0, 1, 0x7ffff, 0x80000, 0xfffff}) : rnd.nextInt(1 << 20);
    return "0x" + Integer.toHexString(v);
  }

  private static String literal(int v) {
    return v >= -4096 && v <= 4096 ? Integer.toString(v) : "0x" + Integer.toHexString(v);
  }

  private int between(int lo, int hi) {
    return lo + rnd.nextInt(hi - lo + 1);
  }

  private String pick(String[] a) {
    return a[rnd.nextInt(a.length)];
  }

  private int pickInt(int[] a) {
    return a[rnd.nextInt(a.length)];
  }
}
