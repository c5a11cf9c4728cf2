package dev.denali.emu.jit;

import dev.denali.emu.Code;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Where one generated method loads, writes back and reloads the guest registers it keeps in
 * locals: only those its own blocks use, so that a small method (a loop cut out of a large
 * function) has few locals and HotSpot keeps them in machine registers.
 *
 * <p>The VM's register array is the home of every value. The method loads, at its entries, the
 * registers it uses that are live there ({@link RegisterFlow}) or dirty where a path inside the
 * method meets an entry. <b>Dirty</b> registers (forward,
 * may-analysis, empty at the entries) are those whose local may hold a value the array does
 * not: written since an entry or the last write-back; every way out, call and system
 * instruction writes back exactly the dirty ones. After a call it reloads the used registers the
 * callee may change that are live. A local that is neither live nor dirty may be stale
 * (<b>invalid</b>): nothing reads it, and nothing writes it back, since a dirty register is
 * always valid; to keep that so where paths meet, an edge reloads the registers dirty at its
 * target that are not valid at its source ({@link #fixup}).
 */
final class MethodFlow {
  private final FunctionGraph g;
  private final RegisterFlow f;
  private final BitSet blocks;
  /** Registers the method's instructions read or write. */
  final int used;
  /** Registers loaded at the entries. */
  final int loaded;
  /**
   * Per block: registers dirty where control enters it, for the method's blocks and for the
   * blocks outside it that its edges lead to (where it writes them back before leaving).
   */
  final int[] dirtyIn;
  /** Per block of the method: registers valid at its end. */
  private final int[] validOut;

  MethodFlow(FunctionGraph g, RegisterFlow f, BitSet blocks, int[] entries,
      List<List<Integer>> preds) {
    this.g = g;
    this.f = f;
    this.blocks = blocks;
    long[] ops = g.code.code();
    int u = 0;
    for (int b = blocks.nextSetBit(0); b >= 0; b = blocks.nextSetBit(b + 1)) {
      for (int k = g.start[b]; k < g.start[b] + g.length[b]; k++) {
        u |= RegisterFlow.touched(ops[k]);
      }
    }
    this.used = u & Effects.ALL;
    this.dirtyIn = new int[g.blocks()];
    dirtiness();
    int load = 0;
    for (int e : entries) {
      load |= f.liveIn[e] | dirtyIn[e]; // dirty where a path inside meets the entry
    }
    this.loaded = load & used;
    this.validOut = validity(entries, preds);
  }

  /** Registers reloaded after the call that ends block b. */
  int reloadAfterCall(int b) {
    return f.reloadAfterCall(b) & used;
  }

  /** Dirty registers just after instruction k of block b, given those dirty before it. */
  int dirtyAfter(int b, int k, int before) {
    long c = g.code.code()[k];
    int last = g.start[b] + g.length[b] - 1;
    if (k == last && f.endsInCall(b) || RegisterFlow.system(Code.op(c))) {
      return 0; // written back before, the results reloaded after
    }
    return before | Effects.defs(c);
  }

  /** Valid registers just after instruction k of block b, given those valid before it. */
  private int validAfter(int b, int k, int before) {
    long c = g.code.code()[k];
    int last = g.start[b] + g.length[b] - 1;
    if (k == last && f.endsInCall(b)) {
      return (before & ~f.changedByCall(b)) | reloadAfterCall(b) | Effects.defs(c);
    }
    return before | Effects.defs(c); // a system instruction's result is reloaded
  }

  /** The registers to reload on the edge from method block p to block s. */
  int fixup(int p, int s) {
    return dirtyIn[s] & ~validOut[p];
  }

  private void dirtiness() {
    int[] dirtyOut = new int[g.blocks()];
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int b = blocks.nextSetBit(0); b >= 0; b = blocks.nextSetBit(b + 1)) {
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

  /**
   * Which registers are valid at the end of each block: at an entry the loaded ones; a block
   * entered from outside the method by other edges (when a piece it calls returns there) is
   * entered after every used register is reloaded.
   */
  private int[] validity(int[] entries, List<List<Integer>> preds) {
    BitSet entry = new BitSet();
    for (int e : entries) {
      entry.set(e);
    }
    int[] out = new int[g.blocks()];
    Arrays.fill(out, Effects.ALL);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int b = blocks.nextSetBit(0); b >= 0; b = blocks.nextSetBit(b + 1)) {
        int in = entry.get(b) ? loaded : Effects.ALL;
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
}
