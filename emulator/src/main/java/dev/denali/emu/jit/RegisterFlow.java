package dev.denali.emu.jit;

import static dev.denali.isa.OpcodeIds.D_EXIT;
import static dev.denali.isa.OpcodeIds.ECALL;

import dev.denali.emu.Code;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Where a translated function's register locals are loaded, written back and reloaded, as bit
 * masks per block of its {@link FunctionGraph}.
 *
 * <p>A guest register lives in a JVM local; the VM's register array is the home of its value.
 * <b>Dirty</b> registers (forward, may-analysis) are those whose local may hold a value the
 * array does not: written since the entry or the last write-back. Every exit, call and system
 * instruction writes back exactly the dirty ones. <b>Live</b> registers (backward) are those the
 * function may still read from its locals: a method loads the registers live (or dirty) at its
 * entries, and after a call reloads the live ones the callee may change. A local that is
 * neither live nor dirty may be stale (<b>invalid</b>): nothing reads it, and nothing writes it
 * back, since only dirty registers are written back and a dirty register is always valid. To
 * keep that so where paths meet, an edge reloads the registers dirty at its target that are not
 * valid at its source ({@link #fixup}).
 */
final class RegisterFlow {
  final int[] dirtyIn;
  final int[] liveIn;
  final int[] liveOut;
  private final FunctionGraph g;
  private final IntUnaryOperator mod;

  /** @param mod the registers a call to the function with the given entry may change */
  RegisterFlow(FunctionGraph g, IntUnaryOperator mod) {
    this.g = g;
    this.mod = mod;
    int n = g.blocks();
    dirtyIn = new int[n];
    liveIn = new int[n];
    liveOut = new int[n];
    dirtiness();
    liveness();
  }

  /** Registers a call from block b may change (its link register included). */
  int changedByCall(int b) {
    long c = g.code.code()[g.start[b] + g.length[b] - 1];
    int callee = g.kind[b] == FunctionGraph.CALL ? mod.applyAsInt(g.callee[b]) : Effects.ALL;
    return callee | Effects.defs(c);
  }

  /** Registers reloaded after the call that ends block b: those it may change that are live. */
  int reloadAfterCall(int b) {
    return changedByCall(b) & g.used & liveOut[b];
  }

  boolean endsInCall(int b) {
    return g.kind[b] == FunctionGraph.CALL || g.kind[b] == FunctionGraph.ICALL;
  }

  private static boolean system(int op) {
    return op == ECALL || op >= D_EXIT && op != Code.ILLEGAL;
  }

  /** Dirty registers just after instruction k of block b, given those dirty before it. */
  int dirtyAfter(int b, int k, int before) {
    long c = g.code.code()[k];
    int last = g.start[b] + g.length[b] - 1;
    if (k == last && endsInCall(b)) {
      return 0; // written back before the call, reloaded after it
    }
    if (system(Code.op(c))) {
      return 0; // written back before, their result reloaded after
    }
    return before | Effects.defs(c);
  }

  /** Valid registers just after instruction k of block b, given those valid before it. */
  int validAfter(int b, int k, int before) {
    long c = g.code.code()[k];
    int last = g.start[b] + g.length[b] - 1;
    if (k == last && endsInCall(b)) {
      return (before & ~changedByCall(b)) | reloadAfterCall(b) | Effects.defs(c);
    }
    return before | Effects.defs(c); // a system instruction's result is reloaded
  }

  /** Live registers just before instruction k of block b, given those live after it. */
  private int liveBefore(int b, int k, int after) {
    long c = g.code.code()[k];
    int last = g.start[b] + g.length[b] - 1;
    int defs = k == last && endsInCall(b) ? changedByCall(b) : Effects.defs(c);
    return (after & ~defs) | Effects.uses(c);
  }

  /** The registers to reload on the edge from block p (valid at its end: validOut) to s. */
  int fixup(int validOut, int s) {
    return dirtyIn[s] & ~validOut;
  }

  /**
   * Which registers are valid at the end of each block of one method: its {@code blocks},
   * entered at {@code entries} with {@code loaded} registers; blocks entered from outside
   * the method by other edges (when a piece it calls returns) reload every register.
   */
  int[] validOut(BitSet blocks, int[] entries, int loaded, List<List<Integer>> preds) {
    int n = g.blocks();
    BitSet entry = new BitSet();
    for (int e : entries) {
      entry.set(e);
    }
    int[] out = new int[n];
    java.util.Arrays.fill(out, Effects.ALL);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int b = blocks.nextSetBit(0); b >= 0; b = blocks.nextSetBit(b + 1)) {
        int in = entry.get(b) ? loaded | dirtyIn[b] : Effects.ALL;
        for (int p : preds.get(b)) {
          if (blocks.get(p)) {
            in &= out[p] | dirtyIn[b];
          }
        }
        int v = in;
        for (int k = g.start[b]; k < g.start[b] + g.length[b]; k++) {
          v = validAfter(b, k, v);
        }
        if (v != out[b]) {
          out[b] = v;
          changed = true;
        }
      }
    }
    return out;
  }

  private void dirtiness() {
    int n = g.blocks();
    int[] dirtyOut = new int[n];
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int b = 0; b < n; b++) {
        int d = dirtyIn[b];
        for (int k = g.start[b]; k < g.start[b] + g.length[b]; k++) {
          d = dirtyAfter(b, k, d);
        }
        if (d != dirtyOut[b]) {
          dirtyOut[b] = d;
          changed = true;
        }
        for (int s : g.succ[b]) {
          if (s >= 0 && (dirtyIn[s] | d) != dirtyIn[s]) {
            dirtyIn[s] |= d;
            changed = true;
          }
        }
      }
    }
  }

  private void liveness() {
    int n = g.blocks();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int b = n - 1; b >= 0; b--) {
        int out = 0;
        for (int s : g.succ[b]) {
          if (s >= 0) {
            out |= liveIn[s];
          }
        }
        int live = out;
        for (int k = g.start[b] + g.length[b] - 1; k >= g.start[b]; k--) {
          live = liveBefore(b, k, live);
        }
        if (out != liveOut[b] || live != liveIn[b]) {
          liveOut[b] = out;
          liveIn[b] = live;
          changed = true;
        }
      }
    }
  }
}
