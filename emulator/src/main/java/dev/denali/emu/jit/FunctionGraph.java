package dev.denali.emu.jit;

import static dev.denali.isa.OpcodeIds.*;

import dev.denali.emu.Code;
import java.util.Arrays;

/**
 * The control-flow graph of one guest function: the basic blocks reachable from its entry
 * without following calls (a call continues at its return site), how each block ends, and where
 * the translated code checks its instruction budget.
 *
 * <p><b>Checkpoints.</b> Translated code subtracts each block's length from the budget without
 * testing it, and tests only at checkpoints: the entry, every loop header (target of a retreating
 * edge, so every cycle has one), every return site, the block after a {@code d.idle}, and blocks
 * added so that no path runs more than {@link #CAP} instructions between two of them. At a
 * checkpoint the budget must cover {@link #maxRun} (the longest run of instructions to the next
 * checkpoint or exit), else the code leaves to the dispatcher, which finishes the budget exactly.
 * Checkpoints are also where the dispatcher can resume a function in the middle.
 */
final class FunctionGraph {
  /** Falls into the next instruction ({@code succ[b][0]}; -1: past the end of text). */
  static final int FALL = 0;
  /** Conditional branch: {@code succ = {taken, not taken}}; -1 for a target outside text. */
  static final int BRANCH = 1;
  /** Direct jump inside the function. */
  static final int JUMP = 2;
  /** Direct jump to another function's entry. */
  static final int TAIL = 3;
  /** Direct call; {@code succ = {return site}}. */
  static final int CALL = 4;
  /** Call through a register. */
  static final int ICALL = 5;
  /** {@code jalr x0} to an unknown target (a return, or a jump table: succ = candidates). */
  static final int IJUMP = 6;
  /** {@code d.iret}, {@code ebreak}, an illegal word, or a direct jump that faults. */
  static final int STOP = 7;

  /** The most instructions between two checkpoints on any path (plus one block). */
  static final int CAP = 512;

  final ProgramMap map;
  final Code code;
  /** Instruction index of the entry. */
  final int entry;
  /** Position of the entry block in {@link #start}. */
  final int entryBlock;
  /** First instruction of each block, ascending. */
  final int[] start;
  final int[] length;
  final int[] kind;
  final int[][] succ;
  /** The callee entry of a CALL or TAIL block, else -1. */
  final int[] callee;
  final boolean[] checkpoint;
  /** For checkpoints: the most instructions run before the next checkpoint or exit. */
  final int[] maxRun;
  /** Registers written by the body's instructions (callees not included). */
  final int writes;
  /** Registers the body's instructions read or write from locals. */
  final int used;

  FunctionGraph(ProgramMap map, int entry) {
    this.map = map;
    this.code = map.code;
    this.entry = entry;
    this.start = discover();
    int n = start.length;
    this.entryBlock = Arrays.binarySearch(start, entry);
    this.length = new int[n];
    this.kind = new int[n];
    this.succ = new int[n][];
    this.callee = new int[n];
    int w = 0;
    int u = 0;
    long[] ops = code.code();
    for (int b = 0; b < n; b++) {
      length[b] = code.runLength()[start[b]];
      int last = start[b] + length[b] - 1;
      int[] targets = classify(last, b);
      succ[b] = new int[targets.length];
      for (int i = 0; i < targets.length; i++) {
        succ[b][i] = targets[i] < 0 ? -1 : Arrays.binarySearch(start, targets[i]);
      }
      for (int k = start[b]; k <= last; k++) {
        w |= Effects.defs(ops[k]);
        u |= Effects.uses(ops[k]);
      }
    }
    this.writes = w;
    this.used = u | w;
    this.checkpoint = new boolean[n];
    this.maxRun = new int[n];
    placeCheckpoints();
  }

  int blocks() {
    return start.length;
  }

  /** The leaders of the blocks reachable from the entry, ascending. */
  private int[] discover() {
    java.util.BitSet seen = new java.util.BitSet();
    int[] work = new int[16];
    int top = 0;
    work[top++] = entry;
    seen.set(entry);
    while (top > 0) {
      int k = work[--top];
      int last = k + code.runLength()[k] - 1;
      for (int t : classify(last, -1)) {
        if (t >= 0 && !seen.get(t)) {
          seen.set(t);
          if (top == work.length) {
            work = Arrays.copyOf(work, 2 * top);
          }
          work[top++] = t;
        }
      }
    }
    return seen.stream().toArray();
  }

  /**
   * The successor instructions of a block ending at {@code last} (-1 where a target is outside
   * text); records the block's kind and callee when {@code b >= 0}.
   */
  private int[] classify(int last, int b) {
    long c = code.code()[last];
    int op = Code.op(c);
    int n = code.length();
    int next = last + 1 < n ? last + 1 : -1;
    int k;
    int target = -1;
    int[] succs;
    boolean link = Code.rd(c) != Code.SINK && Code.rd(c) != 0;
    switch (op) {
      case BEQ, BNE, BLT, BGE, BLTU, BGEU -> {
        k = BRANCH;
        succs = new int[] {Math.max(-1, Code.imm(c)), next};
      }
      case JAL, JALR -> {
        int t = op == JAL ? Code.imm(c) : map.knownJalrTarget(last);
        if (op == JALR && t < 0) {
          k = link ? ICALL : IJUMP;
          succs = link ? new int[] {returnSite(next)} : map.isIndirectJump(last)
              ? map.jumpTargetsNear(last) : new int[0];
        } else if (t < 0) {
          k = STOP;
          succs = new int[0];
        } else if (link) {
          k = CALL;
          target = t;
          succs = new int[] {returnSite(next)};
        } else if (map.isEntry(t) && t != entry) {
          k = TAIL;
          target = t;
          succs = new int[0];
        } else {
          k = JUMP;
          succs = new int[] {t};
        }
      }
      case D_IRET, EBREAK -> {
        k = STOP;
        succs = new int[0];
      }
      default -> {
        k = op == Code.ILLEGAL ? STOP : FALL;
        succs = k == STOP ? new int[0] : new int[] {next};
      }
    }
    if (b >= 0) {
      kind[b] = k;
      callee[b] = target;
    }
    return succs;
  }

  /**
   * The block a call returns to, or -1 when that is the entry of another function: compilers
   * end a function with a call that never returns (to abort or a failure handler) and the next
   * function follows; should it return after all, the dispatcher goes on there.
   */
  private int returnSite(int next) {
    return next >= 0 && map.isEntry(next) && next != entry ? -1 : next;
  }

  /** Marks the checkpoints the class comment lists, and computes every maxRun. */
  private void placeCheckpoints() {
    int n = blocks();
    boolean[] loopHeader = new boolean[n];
    postOrder = depthFirst(loopHeader);
    for (int b = 0; b < n; b++) {
      int first = start[b];
      boolean afterIdle = first > 0 && Code.op(code.code()[first - 1]) == D_IDLE;
      checkpoint[b] |= b == entryBlock || loopHeader[b] || afterIdle;
      if (kind[b] == CALL || kind[b] == ICALL) {
        for (int s : succ[b]) {
          if (s >= 0) {
            checkpoint[s] = true; // a return site
          }
        }
      }
    }
    computeMaxRun();
  }

  /**
   * Computes the longest runs, successors before predecessors (in post-order every successor
   * that is not a loop header, hence not the target of a retreating edge, is done before its
   * predecessor); a block whose run would exceed CAP becomes a checkpoint. Called again after
   * checkpoints are added.
   */
  void computeMaxRun() {
    int[] run = new int[blocks()];
    for (int b : postOrder) {
      int most = 0;
      for (int s : succ[b]) {
        if (s >= 0 && !checkpoint[s]) {
          most = Math.max(most, run[s]);
        }
      }
      run[b] = length[b] + most;
      if (run[b] > CAP) {
        checkpoint[b] = true;
      }
      maxRun[b] = checkpoint[b] ? run[b] : 0;
    }
  }

  /** The blocks in post-order of a depth-first search from the entry. */
  int[] postOrder() {
    return postOrder.clone();
  }

  private int[] postOrder;
  /** The retreating edges of the depth-first search, as {from, to} (every cycle has one). */
  final java.util.List<int[]> retreating = new java.util.ArrayList<>();

  /**
   * A depth-first search from the entry (iterative: functions can be huge) that returns the
   * blocks in post-order and marks the targets of retreating edges.
   */
  private int[] depthFirst(boolean[] retreatTarget) {
    int n = blocks();
    int[] state = new int[n]; // 0 new, 1 on the stack, 2 done
    int[] next = new int[n]; // next successor to visit
    int[] stack = new int[n];
    int[] order = new int[n];
    int sp = 0;
    int count = 0;
    stack[sp++] = entryBlock;
    state[entryBlock] = 1;
    while (sp > 0) {
      int b = stack[sp - 1];
      if (next[b] < succ[b].length) {
        int s = succ[b][next[b]++];
        if (s < 0) {
          continue;
        }
        if (state[s] == 0) {
          state[s] = 1;
          stack[sp++] = s;
        } else if (state[s] == 1) {
          retreatTarget[s] = true;
          retreating.add(new int[] {b, s});
        }
      } else {
        state[b] = 2;
        order[count++] = b;
        sp--;
      }
    }
    return Arrays.copyOf(order, count);
  }
}
