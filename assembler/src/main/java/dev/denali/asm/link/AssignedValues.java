package dev.denali.asm.link;

import dev.denali.asm.source.Expr;
import dev.denali.asm.source.SourceParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values of assignments ({@code .equ}, {@code .set}, {@code =}) in one pass, each computed
 * once. A chain of forward references ({@code .equ a0, a1} ... {@code .equ a49999, 5}) is
 * resolved from its end without recursion: the assignments a value needs are found first, on an
 * explicit stack, and evaluated in order, so chains of any length cost time in proportion to
 * their length and never overflow the stack. An assignment that needs itself, directly or
 * through others, is an error, as in GNU as.
 *
 * <p>Values are forgotten at the start of every layout pass, since labels may move between
 * passes. Within a pass they are stable: the pass that settles the layout sees no label move.
 */
final class AssignedValues {
  /** A value, or the error its evaluation ended in (reported again at every use). */
  private record Outcome(Value value, AsmError error) {
    Value get() {
      if (error != null) {
        throw error;
      }
      return value;
    }
  }

  /** An assignment waiting on the stack for the assignments its expression uses. */
  private static final class Pending {
    final SymbolTable.Assignment assignment;
    final int file;
    final List<Dependency> needs;
    int next;

    Pending(SymbolTable.Assignment assignment, int file, List<Dependency> needs) {
      this.assignment = assignment;
      this.file = file;
      this.needs = needs;
    }
  }

  /** An assignment that another one's expression uses, by the name it uses. */
  private record Dependency(String name, SymbolTable.Assignment assignment, int file) {}

  private final SymbolTable symbols;
  private final Map<SymbolTable.Assignment, Outcome> outcomes = new IdentityHashMap<>();

  AssignedValues(SymbolTable symbols) {
    this.symbols = symbols;
  }

  /** Forgets every value: labels may have moved. */
  void clear() {
    outcomes.clear();
  }

  /**
   * The value of {@code assignment} (of {@code file}), evaluating what it needs first.
   *
   * @throws AsmError when it, or an assignment it needs, cannot be evaluated
   */
  Value valueOf(SymbolTable.Assignment assignment, int file, SymbolTable.Evaluator evaluator) {
    Outcome known = outcomes.get(assignment);
    if (known == null) {
      resolve(assignment, file, evaluator);
      known = outcomes.get(assignment);
    }
    return known.get();
  }

  private void resolve(SymbolTable.Assignment root, int rootFile,
      SymbolTable.Evaluator evaluator) {
    Deque<Pending> stack = new ArrayDeque<>();
    Set<SymbolTable.Assignment> onStack = Collections.newSetFromMap(new IdentityHashMap<>());
    stack.push(pending(root, rootFile));
    onStack.add(root);
    while (!stack.isEmpty()) {
      Pending top = stack.peek();
      if (top.next < top.needs.size()) {
        Dependency d = top.needs.get(top.next++);
        if (outcomes.containsKey(d.assignment())) {
          continue;
        }
        if (onStack.contains(d.assignment())) {
          failAll(stack, new AsmError(top.assignment.at(), "'"
              + SourceParser.displayName(d.name()) + "' is defined in terms of itself"));
          return;
        }
        stack.push(pending(d.assignment(), d.file()));
        onStack.add(d.assignment());
        continue;
      }
      stack.pop();
      onStack.remove(top.assignment);
      SymbolTable.Assignment a = top.assignment;
      try {
        outcomes.put(a, new Outcome(evaluator.eval(a.expr(), top.file, a.itemIndex(), a.at()),
            null));
      } catch (AsmError e) {
        outcomes.put(a, new Outcome(null, e));
      }
    }
  }

  /** A cycle: every assignment on the stack needs it, so each fails with its error. */
  private void failAll(Deque<Pending> stack, AsmError error) {
    for (Pending p : stack) {
      outcomes.put(p.assignment, new Outcome(null, error));
    }
  }

  private Pending pending(SymbolTable.Assignment assignment, int file) {
    return new Pending(assignment, file, dependencies(assignment, file));
  }

  /** The assignments that {@code assignment}'s expression uses, as its evaluation will see them. */
  private List<Dependency> dependencies(SymbolTable.Assignment assignment, int file) {
    List<Dependency> needs = new ArrayList<>();
    Deque<Expr> todo = new ArrayDeque<>();
    todo.push(assignment.expr());
    while (!todo.isEmpty()) {
      Expr e = todo.pop();
      if (e instanceof Expr.Sym s) {
        if (symbols.lookup(file, s.name()) instanceof SymbolTable.EquDef equ) {
          needs.add(new Dependency(s.name(), SymbolTable.chosen(equ, file, assignment.itemIndex()),
              equ.file()));
        }
      } else if (e instanceof Expr.Unary u) {
        todo.push(u.operand());
      } else if (e instanceof Expr.Binary b) {
        todo.push(b.right());
        todo.push(b.left());
      } else if (e instanceof Expr.Parens p) {
        todo.push(p.inner());
      } else if (e instanceof Expr.Reloc r) {
        todo.push(r.operand());
      }
    }
    return needs;
  }
}
