package dev.denali.emu.jit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The loops of a {@link FunctionGraph}: for each target of a retreating edge (a loop header),
 * the blocks of its natural loop, those that reach one of its back edges without passing
 * through it (the union over all its back edges).
 */
final class Loops {
  /** Per header block: the blocks of its loop, the header included. */
  final Map<Integer, BitSet> bodies = new HashMap<>();
  /** Per block: its predecessors. */
  final List<List<Integer>> preds;

  Loops(FunctionGraph g) {
    int n = g.blocks();
    preds = new ArrayList<>(n);
    for (int b = 0; b < n; b++) {
      preds.add(new ArrayList<>());
    }
    for (int b = 0; b < n; b++) {
      for (int s : g.succ[b]) {
        if (s >= 0) {
          preds.get(s).add(b);
        }
      }
    }
    for (int[] e : g.retreating) {
      BitSet body = bodies.computeIfAbsent(e[1], h -> new BitSet(n));
      body.set(e[1]);
      ArrayDeque<Integer> work = new ArrayDeque<>();
      if (!body.get(e[0])) {
        body.set(e[0]);
        work.add(e[0]);
      }
      while (!work.isEmpty()) {
        for (int p : preds.get(work.poll())) {
          if (!body.get(p)) {
            body.set(p);
            work.add(p);
          }
        }
      }
    }
  }

  /** The header of the smallest other loop whose body holds header h, or -1. */
  int enclosing(int h) {
    int best = -1;
    for (Map.Entry<Integer, BitSet> l : bodies.entrySet()) {
      int o = l.getKey();
      if (o != h && l.getValue().get(h)
          && (best < 0 || l.getValue().cardinality() < bodies.get(best).cardinality())) {
        best = o;
      }
    }
    return best;
  }

  /** True when every loop inside the loop of header e (but e's own) lies in the loop of h. */
  boolean onlyLoopIn(int e, int h) {
    BitSet outer = bodies.get(e);
    BitSet inner = bodies.get(h);
    for (int o : bodies.keySet()) {
      if (o != e && outer.get(o) && !inner.get(o)) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when block b lies strictly inside (not as its header) a loop whose header is one of
   * {@code headers}: entering a method at b would make that loop irreducible there.
   */
  boolean strictlyInside(int b, BitSet headers) {
    for (Map.Entry<Integer, BitSet> l : bodies.entrySet()) {
      if (l.getKey() != b && headers.get(l.getKey()) && l.getValue().get(b)) {
        return true;
      }
    }
    return false;
  }
}
