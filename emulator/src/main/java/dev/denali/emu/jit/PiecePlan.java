package dev.denali.emu.jit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Where the two methods of one piece (see {@link Pieces}) can be entered, so that loops stay
 * reducible where it matters.
 *
 * <p>The piece's <em>body</em> method is entered at its root, or at a block that no loop of the
 * piece holds strictly inside it (an outermost loop's header, or a block outside every loop):
 * entering there keeps every loop of the method natural, so C2 optimizes them. The dispatcher
 * resumes at such blocks through the body method. Checkpoints strictly inside a loop are
 * entered through the <em>resume</em> method instead, which holds only the blocks reachable from
 * them until control reaches a block the body method can be entered at; there it calls the body
 * method and returns what that returns. So a run resumed in the middle of a loop finishes the
 * current iterations in the resume method and is back in the optimized body at the next
 * outermost loop header.
 */
final class PiecePlan {
  /** The piece's number: its index in {@link Pieces#roots}. */
  final int index;
  final int root;
  /** Blocks of the piece, ascending. */
  final int[] blocks;
  final BitSet inPiece = new BitSet();
  /** Blocks of the piece that the body method can be entered at. */
  final BitSet enterable = new BitSet();
  /** The body method's entries: the root first, then the other enterable blocks it needs. */
  final int[] bodyEntries;
  /** Checkpoints of the piece strictly inside its loops: the resume method's entries. */
  final int[] resumePoints;
  /** The blocks of the resume method, ascending. */
  final int[] resumeBlocks;

  PiecePlan(FunctionGraph g, Pieces pieces, int index) {
    this.index = index;
    this.root = pieces.roots[index];
    this.blocks = pieces.blocksOf(root);
    for (int b : blocks) {
      inPiece.set(b);
    }
    BitSet headers = new BitSet();
    for (int h : pieces.loops.bodies.keySet()) {
      if (inPiece.get(h)) {
        headers.set(h);
      }
    }
    List<Integer> points = new ArrayList<>();
    for (int b : blocks) {
      if (b == root || !pieces.loops.strictlyInside(b, headers)) {
        enterable.set(b);
      } else if (g.checkpoint[b]) {
        points.add(b);
      }
    }
    this.resumePoints = points.stream().mapToInt(Integer::intValue).toArray();
    // the resume method: what the points reach in the piece before an enterable block
    BitSet reached = new BitSet();
    BitSet hops = new BitSet();
    ArrayDeque<Integer> work = new ArrayDeque<>(points);
    points.forEach(reached::set);
    while (!work.isEmpty()) {
      for (int s : g.succ[work.poll()]) {
        if (s < 0 || !inPiece.get(s) || reached.get(s)) {
          continue;
        }
        if (enterable.get(s)) {
          hops.set(s);
        } else {
          reached.set(s);
          work.add(s);
        }
      }
    }
    this.resumeBlocks = reached.stream().toArray();
    List<Integer> entries = new ArrayList<>();
    entries.add(root);
    for (int b : blocks) {
      if (b != root && enterable.get(b) && (g.checkpoint[b] || hops.get(b))) {
        entries.add(b);
      }
    }
    this.bodyEntries = entries.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The body entry number of block b, or -1. */
  int bodyEntry(int b) {
    for (int i = 0; i < bodyEntries.length; i++) {
      if (bodyEntries[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** The resume point number of block b, or -1. */
  int resumePoint(int b) {
    for (int i = 0; i < resumePoints.length; i++) {
      if (resumePoints[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
