package dev.denali.emu;

import dev.denali.isa.Decoder;
import dev.denali.isa.Instruction;
import dev.denali.isa.Opcode;
import dev.denali.isa.OpcodeIds;
import dev.denali.isa.Syntax;

/**
 * The pre-decoded form of a program's text, shared by every VM that runs it (text is immutable).
 * Each instruction is one {@code long}:
 *
 * <pre>
 *   bits  0..7   operation: {@link OpcodeIds} ordinal, or {@link #ILLEGAL}
 *   bits  8..13  rd, where writes to x0 go to the sink register 32
 *   bits 14..18  rs1
 *   bits 19..23  rs2
 *   bits 32..63  immediate; for branches and jal the target's instruction index, or
 *                {@link #TARGET_OUTSIDE} / {@link #TARGET_MISALIGNED}
 * </pre>
 *
 * {@code runLength[i]} is the number of instructions from i to the end of its basic block
 * (blocks end at control transfers and before branch targets): engines charge the instruction
 * budget a block at a time.
 */
public final class Code {
  /** Operation code of a word that is not an instruction. */
  public static final int ILLEGAL = OpcodeIds.COUNT;
  /** Index of the sink register that absorbs writes to x0. */
  public static final int SINK = 32;
  /** Branch or jump target outside text. */
  public static final int TARGET_OUTSIDE = -1;
  /** Branch or jump target not 4-byte aligned. */
  public static final int TARGET_MISALIGNED = -2;

  /** The longest basic block: longer straight-line code is cut into blocks of this size. */
  public static final int MAX_BLOCK = 64;

  private final int base;
  /** Translated code an engine attached to this program (the JIT's regions), or null. */
  private volatile Object translation;
  private final int[] words;
  private final long[] code;
  private final int[] runLength;
  /** Instruction indexes whose address the program computes or stores (see addressTaken()). */
  private final int[] addressTaken;
  /** Instruction indexes of the binary's function symbols (see functionSymbols()). */
  private final int[] functionSymbols;

  /** Code with no text addresses known from data (tests that build text by hand). */
  Code(int base, int[] words) {
    this(base, words, new int[0], new int[0]);
  }

  /**
   * Pre-decodes {@code words}, the text at {@code base}. {@code dataTargets} are the indexes of
   * the text addresses found as words in the program's data and read-only data (jump tables,
   * function pointers); they start blocks, as do the text addresses the code itself builds with
   * {@code lui}/{@code auipc} and {@code addi}. {@code functionSymbols} are the indexes of the
   * binary's function symbols.
   */
  Code(int base, int[] words, int[] dataTargets, int[] functionSymbols) {
    this.base = base;
    this.functionSymbols = functionSymbols.clone();
    this.words = words;
    this.code = new long[words.length];
    this.runLength = new int[words.length];
    boolean[] leader = new boolean[words.length + 1];
    boolean[] transfer = new boolean[words.length];
    for (int i = 0; i < words.length; i++) {
      Instruction insn = Decoder.decode(words[i]);
      if (insn == null) {
        code[i] = ILLEGAL;
        transfer[i] = true;
        continue;
      }
      Opcode op = insn.op();
      int imm = insn.imm();
      boolean direct = op.syntax() == Syntax.RS1_RS2_BRANCH || op == Opcode.JAL;
      if (direct) {
        imm = targetIndex(base + 4 * i + insn.imm());
        if (imm >= 0) {
          leader[imm] = true;
        }
      }
      boolean writesRd = op.syntax().usesRd();
      int rd = writesRd && insn.rd() == 0 ? SINK : insn.rd();
      code[i] = op.ordinal() | (long) rd << 8 | (long) insn.rs1() << 14
          | (long) insn.rs2() << 19 | (long) imm << 32;
      transfer[i] = direct || op == Opcode.JALR || op == Opcode.D_IRET
          || op == Opcode.EBREAK;
      if (op == Opcode.D_IDLE && i + 1 < words.length) {
        // a VM resumes after its d.idle: starting a block there lets the JIT enter at once
        // instead of interpreting the rest of the block on every wake-up
        leader[i + 1] = true;
      }
    }
    // the targets of auipc + jalr pairs (call, tail, jump) are known: they start blocks too
    for (int i = 0; i + 1 < words.length; i++) {
      int target = pairTarget(i + 1);
      if (target != NO_TARGET) {
        int t = targetIndex(target);
        if (t >= 0) {
          leader[t] = true;
        }
      }
    }
    boolean[] taken = new boolean[words.length];
    for (int t : dataTargets) {
      taken[t] = true;
    }
    markBuiltAddresses(taken);
    int count = 0;
    for (int i = 0; i < words.length; i++) {
      if (taken[i]) {
        leader[i] = true;
        count++;
      }
    }
    this.addressTaken = new int[count];
    for (int i = 0, j = 0; i < words.length; i++) {
      if (taken[i]) {
        addressTaken[j++] = i;
      }
    }
    // long straight runs are cut every MAX_BLOCK instructions, so that a block is never larger
    // than a JIT region can hold and a quantum never overshoots by much
    int run = 0;
    for (int i = 0; i < words.length; i++) {
      if (leader[i] || run == MAX_BLOCK) {
        leader[i] = true;
        run = 0;
      }
      run = transfer[i] ? 0 : run + 1;
    }
    for (int i = words.length - 1; i >= 0; i--) {
      boolean endsBlock = transfer[i] || i + 1 == words.length || leader[i + 1];
      runLength[i] = endsBlock ? 1 : 1 + runLength[i + 1];
    }
  }

  /**
   * Marks the text addresses that straight-line code builds in a register: {@code lui} or
   * {@code auipc} followed (not necessarily at once) by {@code addi} of the same register, the
   * way compilers take the address of a function or a label. Values are followed within runs
   * that no control transfer interrupts; anything else that writes a register forgets it.
   */
  private void markBuiltAddresses(boolean[] taken) {
    int[] value = new int[32];
    boolean[] known = new boolean[32];
    for (int i = 0; i < words.length; i++) {
      Instruction insn = Decoder.decode(words[i]);
      if (insn == null) {
        java.util.Arrays.fill(known, false);
        continue;
      }
      Opcode op = insn.op();
      int rd = insn.rd();
      switch (op) {
        case LUI -> {
          value[rd] = insn.imm() << 12;
          known[rd] = true;
        }
        case AUIPC -> {
          value[rd] = base + 4 * i + (insn.imm() << 12);
          known[rd] = true;
        }
        case ADDI -> {
          boolean k = known[insn.rs1()];
          value[rd] = value[insn.rs1()] + insn.imm();
          known[rd] = k;
          if (k) {
            int t = targetIndex(value[rd]);
            if (t >= 0) {
              taken[t] = true;
            }
          }
        }
        default -> {
          if (op.syntax().usesRd()) {
            known[rd] = false;
          }
        }
      }
      known[0] = false;
      boolean transfer = op.syntax() == Syntax.RS1_RS2_BRANCH || op == Opcode.JAL
          || op == Opcode.JALR || op == Opcode.ECALL || op.ordinal() >= Opcode.D_EXIT.ordinal();
      if (transfer) {
        java.util.Arrays.fill(known, false);
      }
    }
  }

  /**
   * The indexes, ascending, of the instructions whose address the program takes: text
   * addresses stored in its data or read-only data, and those its code builds with
   * {@code lui}/{@code auipc} + {@code addi}. Function pointers, jump-table targets and
   * interrupt handlers are among them; each starts a block.
   */
  public int[] addressTaken() {
    return addressTaken.clone();
  }

  /**
   * The indexes, ascending, of the instructions the binary's symbol table names as functions
   * ({@code STT_FUNC}); empty for a stripped binary.
   */
  public int[] functionSymbols() {
    return functionSymbols.clone();
  }

  /** Returned by {@link #pairTarget} when the target is not known. */
  public static final int NO_TARGET = 1;

  /**
   * The target address of the jalr at index {@code k} when the auipc just before it sets its
   * base register (the call, tail and jump idiom: {@code auipc t, hi; jalr rd, lo(t)}), else
   * {@link #NO_TARGET}. Only meaningful when k does not start a block (nothing jumps between the
   * two).
   */
  public int pairTarget(int k) {
    if (k < 1) {
      return NO_TARGET;
    }
    Instruction jalr = Decoder.decode(words[k]);
    Instruction auipc = Decoder.decode(words[k - 1]);
    if (jalr == null || auipc == null || jalr.op() != Opcode.JALR
        || auipc.op() != Opcode.AUIPC || auipc.rd() == 0 || auipc.rd() != jalr.rs1()) {
      return NO_TARGET;
    }
    return (base + 4 * (k - 1) + (auipc.imm() << 12) + jalr.imm()) & ~1;
  }

  /** True when instruction {@code i} starts a basic block. */
  public boolean isLeader(int i) {
    return i == 0 || runLength[i - 1] == 1;
  }

  /**
   * The address the direct branch or jal at index {@code k} jumps to, from its word (the
   * pre-decoded form keeps only the target's index, or a sentinel when it is not in text).
   */
  public int directTarget(int k) {
    Instruction insn = Decoder.decode(words[k]);
    return base + 4 * k + (insn == null ? 0 : insn.imm());
  }

  /** The instruction index of address {@code target}, or a TARGET_ constant. */
  public int targetIndex(int target) {
    if ((target & 3) != 0) {
      return TARGET_MISALIGNED;
    }
    int index = (target - base) >> 2;
    return Integer.compareUnsigned(target - base, 4 * words.length) < 0 ? index
        : TARGET_OUTSIDE;
  }

  /** What an engine translated this code into, shared by every VM running it (or null). */
  public Object translation() {
    return translation;
  }

  public void translation(Object t) {
    translation = t;
  }

  public int base() {
    return base;
  }

  /** Number of instructions. */
  public int length() {
    return words.length;
  }

  /** The raw instruction words (for fault reports and traces). */
  public int word(int index) {
    return words[index];
  }

  /** The pre-decoded instructions; do not modify. */
  public long[] code() {
    return code;
  }

  /** Instructions from each index to the end of its basic block; do not modify. */
  public int[] runLength() {
    return runLength;
  }

  public static int op(long c) {
    return (int) c & 0xFF;
  }

  public static int rd(long c) {
    return (int) (c >>> 8) & 0x3F;
  }

  public static int rs1(long c) {
    return (int) (c >>> 14) & 0x1F;
  }

  public static int rs2(long c) {
    return (int) (c >>> 19) & 0x1F;
  }

  public static int imm(long c) {
    return (int) (c >> 32);
  }
}
