package dev.denali.emu.jit;

import dev.denali.emu.Code;
import java.util.BitSet;

/**
 * Where one generated method loads, writes back and reloads the guest registers it keeps in
 * locals: only those its own blocks use, so that a small method (a loop cut out of a large
 * function) has few locals and HotSpot keeps them in machine registers.
 *
 * <p>The VM's register array is the home of every value. At its entries the method loads the
 * registers it uses that are live there ({@link RegisterFlow}) and those it writes; after a
 * call it reloads the registers the callee may change that it uses and that are live or that it
 * writes. So a register the method writes always has its current value in its local, and one
 * it only reads does wherever it is live. <b>Dirty</b> registers (forward, may-analysis, empty
 * at the entries) are those whose local may hold a value the array does not: written since an
 * entry or the last write-back. Calls, system instructions and the ways out a path takes write
 * back exactly the dirty ones; the cold ways out that many paths share (a fault, a checkpoint
 * the budget does not cover) write back every register the method writes, which is always
 * correct, so that a method needs one of each.
 */
final class MethodFlow {
  private final FunctionGraph g;
  private final RegisterFlow f;
  private final BitSet blocks;
  /** Registers the method's instructions read or write. */
  final int used;
  /** Registers the method's instructions write: what its cold ways out write back. */
  final int writes;
  /** Registers loaded at the entries. */
  final int loaded;
  /**
   * Per block: registers dirty where control enters it, for the method's blocks and for the
   * blocks outside it that its edges lead to (where it writes them back before leaving).
   */
  final int[] dirtyIn;

  MethodFlow(FunctionGraph g, RegisterFlow f, BitSet blocks, int[] entries) {
    this.g = g;
    this.f = f;
    this.blocks = blocks;
    long[] ops = g.code.code();
    int u = 0;
    int w = 0;
    for (int b = blocks.nextSetBit(0); b >= 0; b = blocks.nextSetBit(b + 1)) {
      for (int k = g.start[b]; k < g.start[b] + g.length[b]; k++) {
        u |= RegisterFlow.touched(ops[k]);
        w |= Effects.defs(ops[k]);
      }
    }
    this.used = u & Effects.ALL;
    this.writes = w & Effects.ALL;
    int load = writes;
    for (int e : entries) {
      load |= f.liveIn[e];
    }
    this.loaded = load & used;
    this.dirtyIn = new int[g.blocks()];
    dirtiness();
  }

  /** Registers reloaded after the call that ends block b. */
  int reloadAfterCall(int b) {
    return f.changedByCall(b) & used & (f.liveOut[b] | writes);
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
}
