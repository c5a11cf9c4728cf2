package dev.denali.asm.link;

import dev.denali.asm.Diagnostic;
import dev.denali.asm.SourceLocation;
import dev.denali.asm.source.Expr;
import dev.denali.asm.source.SourceParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Symbols of all files: labels and assignments, file-local unless made global with
 * {@code .globl}, and the evaluation of expressions against them.
 *
 * <p>An assigned symbol ({@code .set}, {@code .equ}, {@code =}) may be assigned again; a use sees
 * the latest assignment before it (or the first one after, for a forward reference), as in GNU
 * as. Expressions are evaluated with the current layout's addresses.
 */
final class SymbolTable {
  /** A definition: a label at an item, or a list of assignments. */
  sealed interface Def {
    SourceLocation at();
  }

  record LabelDef(int itemIndex, Chunk chunk, SourceLocation at) implements Def {}

  record Assignment(int itemIndex, Expr expr, SourceLocation at) {}

  record EquDef(int file, List<Assignment> versions, SourceLocation at) implements Def {}

  private final List<Map<String, Def>> files = new ArrayList<>();
  private final List<Map<String, SourceLocation>> exports = new ArrayList<>();
  private final Map<String, Def> globals = new HashMap<>();
  private final Map<String, Integer> globalFile = new HashMap<>();
  private final Chunk unresolved = new Chunk(-1, Chunk.Kind.UNRESOLVED);
  private long[] itemOffsets = new long[0];
  private final AssignedValues assignedValues = new AssignedValues(this);

  SymbolTable(int fileCount) {
    for (int i = 0; i < fileCount; i++) {
      files.add(new LinkedHashMap<>());
      exports.add(new LinkedHashMap<>());
    }
  }

  void useOffsets(long[] offsets) {
    this.itemOffsets = offsets;
  }

  /** Forgets the values of assignments: a new layout pass may have moved their labels. */
  void startPass() {
    assignedValues.clear();
  }

  /** Defines a label; returns the earlier definition when the name is taken. */
  Def defineLabel(int file, String name, int itemIndex, Chunk chunk, SourceLocation at) {
    Def old = files.get(file).get(name);
    if (old != null) {
      return old;
    }
    files.get(file).put(name, new LabelDef(itemIndex, chunk, at));
    return null;
  }

  /** Records an assignment; returns a clashing label definition, if any. */
  Def assign(int file, String name, int itemIndex, Expr expr, SourceLocation at) {
    Def old = files.get(file).get(name);
    if (old instanceof LabelDef) {
      return old;
    }
    EquDef def = (EquDef) old;
    if (def == null) {
      def = new EquDef(file, new ArrayList<>(), at);
      files.get(file).put(name, def);
    }
    def.versions().add(new Assignment(itemIndex, expr, at));
    return null;
  }

  boolean isDefined(int file, String name) {
    return files.get(file).containsKey(name);
  }

  void export(int file, String name, SourceLocation at) {
    exports.get(file).putIfAbsent(name, at);
  }

  boolean isExported(int file, String name) {
    return exports.get(file).containsKey(name);
  }

  /** Links exported names across files; reports names defined global in two files. */
  void linkGlobals(List<String> fileNames, List<Diagnostic> diagnostics) {
    for (int f = 0; f < files.size(); f++) {
      for (Map.Entry<String, SourceLocation> e : exports.get(f).entrySet()) {
        Def def = files.get(f).get(e.getKey());
        if (def == null) {
          continue; // an import: defined elsewhere, or reported as undefined when used
        }
        Integer other = globalFile.putIfAbsent(e.getKey(), f);
        if (other != null) {
          diagnostics.add(Diagnostic.error(def.at(), "global symbol '" + e.getKey()
              + "' is also defined in " + fileNames.get(other)));
        } else {
          globals.put(e.getKey(), def);
        }
      }
    }
  }

  Map<String, Def> fileSymbols(int file) {
    return files.get(file);
  }

  /** Looks {@code name} up as seen from item {@code itemIndex} of {@code file}; null if unknown. */
  Def lookup(int file, String name) {
    Def def = files.get(file).get(name);
    return def != null ? def : globals.get(name);
  }

  /** The value of symbol {@code name} used at item {@code itemIndex} of {@code file}. */
  Value symbol(int file, int itemIndex, String name, SourceLocation at, Evaluator evaluator,
      boolean finalPass) {
    Def def = lookup(file, name);
    if (def == null) {
      if (finalPass) {
        String shown = SourceParser.displayName(name);
        throw new AsmError(at, Character.isDigit(name.charAt(0))
            ? "undefined local label '" + shown + "f': no '" + shown + ":' follows"
            : "undefined symbol '" + shown + "'");
      }
      return new Value(0, unresolved);
    }
    if (def instanceof LabelDef l) {
      return new Value(l.chunk().address + itemOffsets[l.itemIndex()], l.chunk());
    }
    EquDef equ = (EquDef) def;
    return assignedValues.valueOf(chosen(equ, file, itemIndex), equ.file(), evaluator);
  }

  /**
   * The assignment of {@code equ} that a use at item {@code itemIndex} of {@code file} sees: the
   * latest one before it, or the first one when there is none before (a forward reference).
   */
  static Assignment chosen(EquDef equ, int file, int itemIndex) {
    Assignment chosen = equ.versions().get(0);
    for (Assignment a : equ.versions()) {
      if (a.itemIndex() < itemIndex || (equ.file() != file && a.itemIndex() >= 0)) {
        chosen = a;
      }
    }
    return chosen;
  }

  /** Whether the chunk marks a value that is not resolved yet. */
  boolean isUnresolved(Value v) {
    return v.base() == unresolved;
  }

  /** Evaluates expressions in the context of one item. */
  interface Evaluator {
    Value eval(Expr e, int file, int itemIndex, SourceLocation at);
  }
}
