package dev.denali.emu.jit;

import static dev.denali.isa.OpcodeIds.JAL;
import static dev.denali.isa.OpcodeIds.JALR;

import dev.denali.emu.Code;
import java.util.Arrays;
import java.util.BitSet;

/**
 * What the JIT knows about a program's text as a whole, found once when it is first translated:
 * where functions start and which text addresses an indirect jump may reach.
 *
 * <p>Function entries are the program's entry point, the targets of direct calls ({@code jal}
 * and {@code auipc}+{@code jalr} with a link register), the binary's function symbols, and the
 * addresses the program takes ({@link Code#addressTaken()}: function pointers, interrupt
 * handlers) unless they are jump-table targets. An address taken inside the span of a function
 * (from its entry to the next) that jumps indirectly other than to return is taken to be one of
 * its jump-table targets. When the binary has function symbols, an address taken inside a
 * symbol's function (not at its start) is no entry either: C takes the address of functions
 * only, so such an address is a label (a jump target) or a data word that happens to look like
 * one (nsichneu's state-machine function was cut in two by a constant, and control crossed the
 * cut through the dispatcher on every pass). None of this has to be right for guest code to run
 * exactly: a wrong guess costs speed only (an unknown indirect target is run through the
 * dispatcher).
 */
final class ProgramMap {
  /** Link registers after which {@code jalr x0, 0(r)} is taken to be a return. */
  private static final int RETURN_LINKS = Effects.bit(1) | Effects.bit(5);

  final Code code;
  final int entryPoint;
  private final boolean[] entry;
  private final boolean[] jumpTarget;
  /** Function entries, ascending. */
  private final int[] entries;

  ProgramMap(Code code, int entryPoint) {
    this.code = code;
    this.entryPoint = entryPoint;
    int n = code.length();
    this.entry = new boolean[n];
    this.jumpTarget = new boolean[n];
    entry[entryPoint] = true;
    for (int s : code.functionSymbols()) {
      entry[s] = true;
    }
    for (int k = 0; k < n; k++) {
      int t = callTarget(k);
      if (t >= 0) {
        entry[t] = true;
      }
    }
    // address-taken instructions: jump-table targets inside a function that jumps indirectly,
    // function entries otherwise
    BitSet indirect = new BitSet(n);
    for (int k = 0; k < n; k++) {
      if (isIndirectJump(k)) {
        indirect.set(k);
      }
    }
    int[] definite = indexes(entry);
    int[] symbols = code.functionSymbols();
    Arrays.sort(symbols);
    for (int t : code.addressTaken()) {
      if (entry[t]) {
        continue;
      }
      if (symbols.length > 0 && symbols[0] < t) {
        jumpTarget[t] = true; // inside a symbol's function: a label, or a look-alike constant
        continue;
      }
      int at = Arrays.binarySearch(definite, t);
      int from = at >= 0 ? definite[at] : -at - 2 >= 0 ? definite[-at - 2] : 0;
      int to = at >= 0 ? t + 1 : -at - 1 < definite.length ? definite[-at - 1] : n;
      int j = indirect.nextSetBit(from);
      if (j >= 0 && j < to) {
        jumpTarget[t] = true;
      } else {
        entry[t] = true;
      }
    }
    this.entries = indexes(entry);
  }

  private static int[] indexes(boolean[] set) {
    int count = 0;
    for (boolean b : set) {
      count += b ? 1 : 0;
    }
    int[] out = new int[count];
    for (int i = 0, j = 0; i < set.length; i++) {
      if (set[i]) {
        out[j++] = i;
      }
    }
    return out;
  }

  /** True when instruction index {@code i} starts a function. */
  boolean isEntry(int i) {
    return entry[i];
  }

  /** The function entries, ascending; do not modify. */
  int[] entries() {
    return entries;
  }

  /** The entry of the function whose span holds {@code i} (the nearest entry at or before it). */
  int spanOwner(int i) {
    int at = Arrays.binarySearch(entries, i);
    return at >= 0 ? entries[at] : -at - 2 >= 0 ? entries[-at - 2] : entries[0];
  }

  /** The end (exclusive) of the span that starts at the entry at or before {@code i}. */
  int spanEnd(int i) {
    int at = Arrays.binarySearch(entries, i);
    int next = at >= 0 ? at + 1 : -at - 1;
    return next < entries.length ? entries[next] : code.length();
  }

  /**
   * The jump-table targets an indirect jump at {@code k} may reach: those in the span of the
   * function around it.
   */
  int[] jumpTargetsNear(int k) {
    int from = spanOwner(k);
    int to = spanEnd(k);
    int count = 0;
    for (int t = from; t < to; t++) {
      count += jumpTarget[t] ? 1 : 0;
    }
    int[] out = new int[count];
    for (int t = from, j = 0; t < to; t++) {
      if (jumpTarget[t]) {
        out[j++] = t;
      }
    }
    return out;
  }

  /**
   * The callee of the call at {@code k} when it is direct ({@code jal} with a link register, or
   * the {@code jalr} of an {@code auipc}+{@code jalr} pair with one) and its target is an
   * instruction, else -1.
   */
  int callTarget(int k) {
    long c = code.code()[k];
    int op = Code.op(c);
    if (Code.rd(c) == Code.SINK || Code.rd(c) == 0) {
      return -1;
    }
    if (op == JAL) {
      return Math.max(-1, Code.imm(c));
    }
    if (op == JALR) {
      return knownJalrTarget(k);
    }
    return -1;
  }

  /** The target index of the jalr at k when an auipc just before it fixes it, else -1. */
  int knownJalrTarget(int k) {
    if (code.isLeader(k)) {
      return -1;
    }
    int t = code.pairTarget(k);
    return t == Code.NO_TARGET ? -1 : Math.max(-1, code.targetIndex(t));
  }

  /** True for a {@code jalr x0} whose target is neither known nor a return through ra or t0. */
  boolean isIndirectJump(int k) {
    long c = code.code()[k];
    if (Code.op(c) != JALR || Code.rd(c) != Code.SINK || knownJalrTarget(k) >= 0) {
      return false;
    }
    return !(Code.imm(c) == 0 && (RETURN_LINKS & Effects.bit(Code.rs1(c))) != 0);
  }
}
