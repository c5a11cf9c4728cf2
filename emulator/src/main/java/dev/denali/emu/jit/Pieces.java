package dev.denali.emu.jit;

import static dev.denali.isa.OpcodeIds.*;

import dev.denali.emu.Code;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a function too large for one JVM method is cut into several: along its dominator tree.
 * The blocks a block dominates form a region with one entry, so such a subtree can become a
 * method of its own (a <em>piece</em>) that its parent method calls, and that returns which
 * block control goes to next when it leaves (always its dominator tree's ancestor or a child of
 * one). A loop lies wholly inside the subtree of its header, so the cut keeps loops whole unless
 * a loop alone is too large. Working up from the leaves, a block whose subtree is too large
 * outlines its largest children until the rest fits ({@link #limit} estimated bytecode bytes per
 * method, well under HotSpot's 8,000-byte limit for compiling a method, and small enough for C1).
 *
 * <p>Piece roots and the targets of edges between pieces become checkpoints, so that the
 * dispatcher can resume there.
 */
final class Pieces {
  /** Estimated bytecode bytes per method. */
  static final int LIMIT = 3000;
  /**
   * Estimated bytecode bytes per method that a loop may fill to avoid being cut. Not much more
   * than {@link #LIMIT}: C2's time to compile a method grows much faster than its size (its
   * register allocator builds an interference graph over every value live across the method's
   * branches). With 6,000 here, the held-out statemate kept its main loop, 5,727 bytes of
   * byte-flag branches, in one method that C2 took 2.5-3.2 s to compile, twice (a deoptimisation
   * in between), running it in C1's code for the first five runs: steady state 143-159 ms per
   * run against 54-56 with 4,500 (also with 3,000, which cut huffbench's loop and cost it
   * 20-40 %), and 1.8-1.9 s whole process against 0.9, level with the interpreter.
   */
  static final int LOOP_LIMIT = 4500;
  /** A function whose locals hold this many registers has its register-light loops outlined... */
  static final int PRESSURE = 14;
  /** ... when they use at least this many registers fewer. */
  static final int PRESSURE_GAIN = 4;
  /** Estimated bytes of the code that calls a piece. */
  private static final int CALL_COST = 60;

  final FunctionGraph g;
  final int limit;
  /** Per block: the root block of the piece that holds it. */
  final int[] pieceOf;
  /** Per block: its immediate dominator (the entry's is itself). */
  final int[] idom;
  /** Per piece root: the root of the piece it lies in (-1 for the function's entry). */
  final int[] parent;
  /** The piece roots, ascending; the function's entry block among them. */
  final int[] roots;
  final Loops loops;

  Pieces(FunctionGraph g, int limit) {
    this.g = g;
    this.limit = limit;
    this.loops = new Loops(g);
    int n = g.blocks();
    this.idom = dominators();
    List<List<Integer>> children = new ArrayList<>();
    for (int b = 0; b < n; b++) {
      children.add(new ArrayList<>());
    }
    for (int b = 0; b < n; b++) {
      if (b != g.entryBlock) {
        children.get(idom[b]).add(b);
      }
    }
    int[] cut = loopCuts(children);
    boolean[] outlined = new boolean[n];
    int[] resid = new int[n];
    for (int b : domPostOrder(children)) {
      int size = estimate(b);
      for (int c : children.get(b)) {
        size += resid[c];
      }
      if (size > limit) {
        // outline the largest children first, but those that would cut a loop small enough
        // for one method only to stay under HotSpot's limit
        List<Integer> order = new ArrayList<>(children.get(b));
        order.sort((x, y) -> protectedCut(cut[x]) != protectedCut(cut[y])
            ? Boolean.compare(protectedCut(cut[x]), protectedCut(cut[y]))
            : Integer.compare(resid[y], resid[x]));
        for (int c : order) {
          int goal = protectedCut(cut[c]) ? LOOP_LIMIT : limit;
          if (size > goal && resid[c] > CALL_COST) {
            outlined[c] = true;
            size -= resid[c] - CALL_COST;
          }
        }
      }
      resid[b] = size;
    }
    boolean[] loopRoot = registerHungryLoops();
    this.pieceOf = new int[n];
    this.parent = new int[n];
    List<Integer> rootList = new ArrayList<>();
    for (int b : domPreOrder(children)) {
      boolean root = b == g.entryBlock || outlined[b] || loopRoot[b];
      pieceOf[b] = root ? b : region(b, idom[b], outlined, loopRoot);
      if (root) {
        rootList.add(b);
        parent[b] = b == g.entryBlock ? -1 : region(b, idom[b], outlined, loopRoot);
      }
    }
    this.roots = rootList.stream().mapToInt(Integer::intValue).sorted().toArray();
    if (roots.length > 1) {
      for (int b = 0; b < n; b++) {
        if (pieceOf[b] == b) {
          g.checkpoint[b] = true;
        }
        for (int s : g.succ[b]) {
          if (s >= 0 && pieceOf[s] != pieceOf[b]) {
            g.checkpoint[s] = true;
          }
        }
      }
      g.computeMaxRun();
    }
  }

  /**
   * The deepest piece root at or above block {@code from} in the dominator tree whose region
   * holds block b: an outlined subtree holds all it dominates, a loop piece only its loop.
   */
  private int region(int b, int from, boolean[] outlined, boolean[] loopRoot) {
    for (int a = from; ; a = idom[a]) {
      if (a == g.entryBlock || outlined[a]) {
        return a;
      }
      if (loopRoot[a] && loops.bodies.get(a).get(b)) {
        return a;
      }
    }
  }

  /**
   * Loops to give methods of their own, so that HotSpot has few enough values to keep in
   * machine registers: those of a function that keeps many registers in locals, whose own
   * blocks use clearly fewer, and whose header dominates them (one entry). Except a loop that
   * is the only one inside a loop that stays in its method (lzss's byte-comparing loop inside
   * the loop over candidate matches): it is entered at every turn of that loop, and each entry
   * is a call, which writes back registers, reloads them, and makes C2 spill every value live
   * across it; with few turns per entry that costs more than the registers gain (lzss 25-30
   * ms per run with the loop outlined, 18-22 without; the suite's other programs level).
   */
  private boolean[] registerHungryLoops() {
    boolean[] chosen = new boolean[g.blocks()];
    int all = Integer.bitCount(g.used);
    if (all < PRESSURE) {
      return chosen;
    }
    long[] ops = g.code.code();
    for (java.util.Map.Entry<Integer, java.util.BitSet> l : loops.bodies.entrySet()) {
      int h = l.getKey();
      java.util.BitSet body = l.getValue();
      if (h == g.entryBlock || !dominatesAll(h, body)) {
        continue;
      }
      int regs = 0;
      for (int b = body.nextSetBit(0); b >= 0; b = body.nextSetBit(b + 1)) {
        for (int k = g.start[b]; k < g.start[b] + g.length[b]; k++) {
          regs |= RegisterFlow.touched(ops[k]);
        }
      }
      chosen[h] = Integer.bitCount(regs & Effects.ALL) <= all - PRESSURE_GAIN;
    }
    boolean[] kept = chosen.clone();
    for (int h = 0; h < chosen.length; h++) {
      int e = loops.enclosing(h);
      if (chosen[h] && e >= 0 && !chosen[e] && loops.onlyLoopIn(e, h)) {
        kept[h] = false; // the body of a tight loop that stays: its entries recur with it
      }
    }
    return kept;
  }

  private boolean dominatesAll(int h, java.util.BitSet body) {
    for (int b = body.nextSetBit(0); b >= 0; b = body.nextSetBit(b + 1)) {
      int a = b;
      while (a != h && a != g.entryBlock) {
        a = idom[a];
      }
      if (a != h) {
        return false;
      }
    }
    return true;
  }

  /** True when the function fits one method. */
  boolean whole() {
    return roots.length == 1;
  }

  /** The blocks of the piece rooted at {@code root}, ascending. */
  int[] blocksOf(int root) {
    return java.util.stream.IntStream.range(0, g.blocks()).filter(b -> pieceOf[b] == root)
        .toArray();
  }

  /** True when block s, a successor of a block in the piece of {@code root}, is a child piece. */
  boolean isChildPiece(int root, int s) {
    return pieceOf[s] == s && s != g.entryBlock && parent[s] == root;
  }

  /** True when outlining a subtree cuts a loop that one method could hold whole. */
  private static boolean protectedCut(int loopSize) {
    return loopSize > 0 && loopSize <= LOOP_LIMIT;
  }

  /**
   * For each block c, 0 if outlining its dominator subtree cuts no loop, else the estimated
   * size of the smallest loop it cuts: a loop whose header lies outside the subtree and one of
   * whose back edges starts inside it.
   */
  private int[] loopCuts(List<List<Integer>> children) {
    int n = g.blocks();
    int[] pre = new int[n];
    int[] last = new int[n]; // subtree of b: pre[b] <= pre[x] <= last[b]
    int[] order = domPreOrder(children);
    for (int i = 0; i < order.length; i++) {
      pre[order[i]] = i;
    }
    for (int i = order.length - 1; i >= 0; i--) {
      int b = order[i];
      last[b] = pre[b];
      for (int c : children.get(b)) {
        last[b] = Math.max(last[b], last[c]);
      }
    }
    java.util.Map<Integer, java.util.BitSet> loops = this.loops.bodies;
    java.util.Map<Integer, Integer> loopSize = new java.util.HashMap<>();
    loops.forEach((h, body) -> loopSize.put(h, body.stream().map(this::estimate).sum()));
    int[] cut = new int[n];
    for (int[] e : g.retreating) {
      int u = e[0];
      int h = e[1];
      for (int c = u; ; c = idom[c]) { // the subtrees holding u: u's dominators
        boolean hInside = pre[c] <= pre[h] && pre[h] <= last[c];
        if (hInside) {
          break;
        }
        int size = loopSize.get(h);
        cut[c] = cut[c] == 0 ? size : Math.min(cut[c], size);
        if (c == g.entryBlock) {
          break;
        }
      }
    }
    return cut;
  }

  /** Immediate dominators (Cooper, Harvey and Kennedy's iterative algorithm). */
  private int[] dominators() {
    int n = g.blocks();
    int[] post = g.postOrder();
    int[] rank = new int[n]; // post-order number
    for (int i = 0; i < post.length; i++) {
      rank[post[i]] = i;
    }
    List<List<Integer>> preds = loops.preds;
    int[] dom = new int[n];
    Arrays.fill(dom, -1);
    dom[g.entryBlock] = g.entryBlock;
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = post.length - 1; i >= 0; i--) {
        int b = post[i];
        if (b == g.entryBlock) {
          continue;
        }
        int d = -1;
        for (int p : preds.get(b)) {
          if (dom[p] < 0) {
            continue;
          }
          if (d < 0) {
            d = p;
          } else {
            int x = p;
            int y = d;
            while (x != y) {
              while (rank[x] < rank[y]) {
                x = dom[x];
              }
              while (rank[y] < rank[x]) {
                y = dom[y];
              }
            }
            d = x;
          }
        }
        if (d != dom[b]) {
          dom[b] = d;
          changed = true;
        }
      }
    }
    return dom;
  }

  private int[] domPreOrder(List<List<Integer>> children) {
    int[] out = new int[g.blocks()];
    int count = 0;
    int[] stack = new int[g.blocks()];
    int sp = 0;
    stack[sp++] = g.entryBlock;
    while (sp > 0) {
      int b = stack[--sp];
      out[count++] = b;
      for (int c : children.get(b)) {
        stack[sp++] = c;
      }
    }
    return out;
  }

  private int[] domPostOrder(List<List<Integer>> children) {
    int[] pre = domPreOrder(children);
    int[] out = new int[pre.length];
    for (int i = 0; i < pre.length; i++) {
      out[i] = pre[pre.length - 1 - i]; // children after parents in pre-order: reversed, before
    }
    return out;
  }

  /**
   * The size of block b in the units of {@link #LIMIT} and {@link #LOOP_LIMIT}: bytecode bytes,
   * generously, as the code was when those limits were tuned, when a load or store was a call of
   * a shared helper. Since each access tests its own bounds inline (see InstructionEmitter) its
   * bytecode is about 45 bytes, but it still counts 16: what C2 compiles of it is no larger (its
   * out-of-line path is an uncommon trap until taken), and the limits guard C2's compile time.
   * HotSpot's own limit on bytecode is checked on the class file ({@link Translation}).
   */
  int estimate(int b) {
    int regs = Integer.bitCount(g.used);
    int bytes = 6 + (g.checkpoint[b] ? 16 : 0);
    long[] ops = g.code.code();
    int last = g.start[b] + g.length[b] - 1;
    for (int k = g.start[b]; k < last; k++) {
      bytes += instruction(ops[k], regs);
    }
    bytes += switch (g.kind[b]) {
      case FunctionGraph.CALL, FunctionGraph.ICALL -> 40 + 9 * regs;
      case FunctionGraph.TAIL -> 20 + 5 * regs;
      case FunctionGraph.IJUMP -> 40 + 5 * regs + 8 * g.succ[b].length;
      case FunctionGraph.JUMP -> 3;
      case FunctionGraph.STOP -> 20 + 5 * regs;
      default -> instruction(ops[last], regs);
    };
    return bytes;
  }

  private static int instruction(long c, int regs) {
    return switch (Code.op(c)) {
      case LB, LH, LW, LBU, LHU, SB, SH, SW -> 16;
      case BEQ, BNE, BLT, BGE, BLTU, BGEU -> 12;
      case ECALL -> 20 + 5 * regs;
      case CSRRS -> 14;
      default -> Code.op(c) >= D_EXIT ? 30 + 5 * regs : 6;
    };
  }
}
