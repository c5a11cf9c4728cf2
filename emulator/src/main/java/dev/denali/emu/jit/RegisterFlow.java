package dev.denali.emu.jit;

import static dev.denali.isa.OpcodeIds.D_EXIT;
import static dev.denali.isa.OpcodeIds.ECALL;

import dev.denali.emu.Code;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * What a translated function's register locals must hold, for all its methods: which registers
 * are <b>live</b> at each block (backward: the function may still read them from its locals)
 * and which a call may change. {@link MethodFlow} works out, per method, where registers are
 * loaded, written back and reloaded.
 */
final class RegisterFlow {
  final int[] liveIn;
  final int[] liveOut;
  private final FunctionGraph g;
  private final IntUnaryOperator mod;

  /** @param mod the registers a call to the function with the given entry may change */
  RegisterFlow(FunctionGraph g, IntUnaryOperator mod) {
    this.g = g;
    this.mod = mod;
    int n = g.blocks();
    liveIn = new int[n];
    liveOut = new int[n];
    liveness();
  }

  /** Registers a call from block b may change (its link register included). */
  int changedByCall(int b) {
    long c = g.code.code()[g.start[b] + g.length[b] - 1];
    int callee = g.kind[b] == FunctionGraph.CALL ? mod.applyAsInt(g.callee[b]) : Effects.ALL;
    return callee | Effects.defs(c);
  }

  /** Registers to reload after the call that ends block b: those it may change that are live. */
  int reloadAfterCall(int b) {
    return changedByCall(b) & g.used & liveOut[b];
  }

  /** Registers the instruction at k reads from or writes to locals. */
  static int touched(long c) {
    return Effects.uses(c) | Effects.defs(c);
  }

  boolean endsInCall(int b) {
    return g.kind[b] == FunctionGraph.CALL || g.kind[b] == FunctionGraph.ICALL;
  }

  static boolean system(int op) {
    return op == ECALL || op >= D_EXIT && op != Code.ILLEGAL;
  }

  /** Live registers just before instruction k of block b, given those live after it. */
  private int liveBefore(int b, int k, int after) {
    long c = g.code.code()[k];
    int last = g.start[b] + g.length[b] - 1;
    int defs = k == last && endsInCall(b) ? changedByCall(b) : Effects.defs(c);
    return (after & ~defs) | Effects.uses(c);
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
