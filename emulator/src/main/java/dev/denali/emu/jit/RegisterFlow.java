package dev.denali.emu.jit;

import static dev.denali.isa.OpcodeIds.D_EXIT;
import static dev.denali.isa.OpcodeIds.ECALL;

import dev.denali.emu.Code;
import java.util.function.IntUnaryOperator;

/**
 * Where a translated function's register locals must be written back, as bit masks per block of
 * its {@link FunctionGraph}.
 *
 * <p>A guest register lives in a JVM local; the VM's register array is the home of its value.
 * Every local the function uses is loaded at its entry and reloaded after anything that may
 * change the array (calls: the registers the callee may change; {@code ecall} and Denali
 * instructions: their result), so a local always holds the register's current value.
 * <b>Dirty</b> registers (forward, may-analysis) are those whose local may hold a value the
 * array does not: written since the entry or the last write-back. Every exit, call and system
 * instruction writes back exactly the dirty ones.
 */
final class RegisterFlow {
  final int[] dirtyIn;
  private final FunctionGraph g;
  private final IntUnaryOperator mod;

  /** @param mod the registers a call to the function with the given entry may change */
  RegisterFlow(FunctionGraph g, IntUnaryOperator mod) {
    this.g = g;
    this.mod = mod;
    int n = g.blocks();
    dirtyIn = new int[n];
    dirtiness();
  }

  /** Registers a call from block b may change (its link register included). */
  int changedByCall(int b) {
    long c = g.code.code()[g.start[b] + g.length[b] - 1];
    int callee = g.kind[b] == FunctionGraph.CALL ? mod.applyAsInt(g.callee[b]) : Effects.ALL;
    return callee | Effects.defs(c);
  }

  boolean endsInCall(int b) {
    return g.kind[b] == FunctionGraph.CALL || g.kind[b] == FunctionGraph.ICALL;
  }

  /** Dirty registers just after instruction k of block b, given those dirty before it. */
  int dirtyAfter(int b, int k, int before) {
    long c = g.code.code()[k];
    int op = Code.op(c);
    int last = g.start[b] + g.length[b] - 1;
    if (k == last && endsInCall(b)) {
      return 0; // written back before the call, reloaded after it
    }
    if (op == ECALL || op >= D_EXIT && op != Code.ILLEGAL) {
      return 0; // written back before, their result reloaded after
    }
    return before | Effects.defs(c);
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
}
