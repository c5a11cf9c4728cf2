package dev.denali.asm.source;

import dev.denali.asm.Diagnostic;
import dev.denali.asm.SourceFile;
import dev.denali.asm.SourceLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Expands one source file textually, as GNU as does before it assembles: {@code .include},
 * {@code .macro}/{@code .endm} and macro calls, {@code .rept}/{@code .irp}/{@code .endr},
 * {@code .if}/{@code .ifdef}/{@code .ifndef}/{@code .else}/{@code .endif}, and comments. The
 * result is a list of {@link Line}s that remember where each came from.
 *
 * <p>Longer than 500 lines: the directives it expands nest in each other in any order (an
 * .include inside a .macro inside a .rept inside an .if) and share one output, one set of
 * macros and constants, and one runaway guard.
 */
public final class Preprocessor {
  /** How the error for an include file that cannot be found begins. */
  public static final String MISSING_INCLUDE = "cannot find include file";

  private static final int MAX_DEPTH = 64;
  private static final int MAX_LINES = 5_000_000;

  private final List<Path> includePath;
  private final List<Diagnostic> diagnostics;
  private final Map<String, Macro> macros = new HashMap<>();
  private final Map<String, Long> constants = new HashMap<>();
  private final List<Line> out = new ArrayList<>();
  /** The first label of every line emitted so far, for {@code .ifdef}. */
  private final java.util.Set<String> labels = new java.util.HashSet<>();
  private final ExpansionBudget budget;
  /**
   * How many macro calls, repetitions and includes the current line is inside. Zero for the
   * file's own lines, also inside .if: they are read and evaluated once each, so reading them
   * costs the budget nothing (a macro call or a repetition there still does).
   */
  private int expanding;
  private int expansionCounter;
  private boolean aborted;

  private record Macro(String name, List<Param> params, List<Line> body, SourceLocation at) {}

  private record Param(String name, String defaultValue, boolean required, boolean vararg) {}

  /** Thrown to abandon the rest of a file after a fatal error (runaway expansion). */
  private static final class Abort extends RuntimeException {
    Abort() {
      super(null, null, false, false);
    }
  }

  public Preprocessor(List<Path> includePath, List<Diagnostic> diagnostics) {
    this(includePath, diagnostics, ExpansionBudget.LIMIT);
  }

  /** A preprocessor with a smaller or larger work budget than the default (for tests). */
  Preprocessor(List<Path> includePath, List<Diagnostic> diagnostics, long workLimit) {
    this.includePath = includePath;
    this.diagnostics = diagnostics;
    this.budget = new ExpansionBudget(workLimit);
  }

  /** Expands {@code file}; errors go to the diagnostics list given to the constructor. */
  public List<Line> expand(SourceFile file) {
    try {
      process(readLines(file.name(), file.text()), file.directory(), 0, null);
    } catch (Abort e) {
      aborted = true; // reported already
    }
    return out;
  }

  /** True when a runaway expansion ended the file early: its lines must not be assembled. */
  public boolean aborted() {
    return aborted;
  }

  private static List<Line> readLines(String name, String text) {
    CommentStripper stripper = new CommentStripper();
    String[] raw = text.split("\r?\n", -1);
    List<Line> lines = new ArrayList<>(raw.length);
    for (int i = 0; i < raw.length; i++) {
      if (i == raw.length - 1 && raw[i].isEmpty()) {
        break;
      }
      lines.add(new Line(stripper.strip(raw[i]), name, i + 1, raw[i], null));
    }
    return lines;
  }

  /** Processes {@code lines}; returns false when {@code .exitm} ended a macro body early. */
  private boolean process(List<Line> lines, Path dir, int depth, String context) {
    if (depth > MAX_DEPTH) {
      error(lines.isEmpty() ? null : lines.get(0), 0,
          "macros, .rept or .include nested more than " + MAX_DEPTH + " deep (recursion?)");
      throw new Abort();
    }
    int i = 0;
    while (i < lines.size()) {
      Line line = lines.get(i);
      if (expanding > 0) {
        spend(budget.chargeLine(line.text()), line, 0);
      }
      LineParts parts = LineParts.of(line.text());
      String word = parts.word().toLowerCase(Locale.ROOT);
      if (PREPROCESSOR_WORDS.contains(word)) {
        emitLabels(line, parts);
      }
      switch (word) {
        case ".macro":
          i = defineMacro(lines, i, parts);
          continue;
        case ".rept":
        case ".irp":
        case ".irpc":
          i = repeat(lines, i, parts, word, dir, depth, context);
          continue;
        case ".if":
        case ".ifdef":
        case ".ifndef":
        case ".ifeq":
        case ".ifne":
        case ".ifb":
        case ".ifnb":
        case ".ifc":
        case ".ifnc":
          i = conditional(lines, i, dir, depth, context);
          continue;
        case ".else":
        case ".elseif":
        case ".endif":
          error(line, parts.wordStart(), word + " without .if");
          i++;
          continue;
        case ".endm":
        case ".endmacro":
          error(line, parts.wordStart(), word + " without .macro");
          i++;
          continue;
        case ".endr":
          error(line, parts.wordStart(), ".endr without .rept or .irp");
          i++;
          continue;
        case ".exitm":
          if (context == null) {
            error(line, parts.wordStart(), ".exitm outside a macro");
            i++;
            continue;
          }
          return false;
        case ".include":
          include(line, parts, dir, depth, context);
          i++;
          continue;
        case ".end":
          return true;
        default:
          break;
      }
      Macro macro = parts.word().isEmpty() ? null : macros.get(parts.word());
      if (macro != null) {
        if (parts.wordStart() > 0 && !line.text().substring(0, parts.wordStart()).isBlank()) {
          emit(new Line(line.text().substring(0, parts.wordStart()), line.file(), line.line(),
              line.original(), line.context()));
        }
        callMacro(macro, line, parts, dir, depth);
      } else {
        noteConstant(line, parts);
        emit(context == null || line.context() != null ? line
            : new Line(line.text(), line.file(), line.line(), line.original(), context));
      }
      i++;
    }
    return true;
  }

  /** Processes lines that a macro call, a repetition or an include produced: charged. */
  private boolean processExpansion(List<Line> lines, Path dir, int depth, String context) {
    expanding++;
    try {
      return process(lines, dir, depth, context);
    } finally {
      expanding--;
    }
  }

  private static final java.util.Set<String> PREPROCESSOR_WORDS = java.util.Set.of(".macro",
      ".rept", ".irp", ".irpc", ".if", ".ifdef", ".ifndef", ".ifeq", ".ifne", ".ifb", ".ifnb",
      ".ifc", ".ifnc", ".else", ".elseif", ".endif", ".endm", ".endmacro", ".endr", ".include",
      ".exitm", ".end");

  /** Keeps the labels in front of a directive the preprocessor consumes ("table: .rept 2"). */
  private void emitLabels(Line line, LineParts parts) {
    if (parts.wordStart() > 0 && !line.text().substring(0, parts.wordStart()).isBlank()) {
      emit(new Line(line.text().substring(0, parts.wordStart()), line.file(), line.line(),
          line.original(), line.context()));
    }
  }

  private void emit(Line line) {
    if (out.size() >= MAX_LINES) {
      error(line, 0, "expansion produces more than " + MAX_LINES + " lines");
      throw new Abort();
    }
    out.add(line);
    String label = firstLabel(line.text());
    if (label != null) {
      labels.add(label);
    }
  }

  /**
   * Stops the expansion when the work budget is spent: every line read, repetition, macro call
   * and constant expression is charged, including those that emit nothing.
   */
  private void spend(boolean withinBudget, Line line, int column) {
    if (!withinBudget) {
      error(line, column, "expansion takes more than " + budget.limit()
          + " steps (a macro that calls itself, or nested .rept?)");
      throw new Abort();
    }
  }

  /** Charges skipping over {@code count} lines to the end of a block, inside expansions. */
  private void chargeScan(int count, Line header, int column) {
    if (expanding > 0) {
      spend(budget.chargeScan(count), header, column);
    }
  }

  /** The label that starts {@code text} ("name:" after blanks), or null. */
  private static String firstLabel(String text) {
    int start = LineParts.skipSpace(text, 0);
    int end = start;
    while (end < text.length() && LineParts.isWordChar(text.charAt(end))) {
      end++;
    }
    if (end == start) {
      return null;
    }
    int colon = LineParts.skipSpace(text, end);
    return colon < text.length() && text.charAt(colon) == ':' ? text.substring(start, end) : null;
  }

  private int defineMacro(List<Line> lines, int start, LineParts parts) {
    Line header = lines.get(start);
    String rest = parts.rest().trim();
    int cut = 0;
    while (cut < rest.length() && rest.charAt(cut) != ',' && !Character.isWhitespace(
        rest.charAt(cut))) {
      cut++;
    }
    String name = rest.substring(0, cut);
    String paramText = rest.substring(cut).trim();
    if (paramText.startsWith(",")) {
      paramText = paramText.substring(1);
    }
    List<String> paramTexts = paramText.contains(",") ? LineParts.splitArgs(paramText)
        : paramText.isBlank() ? List.of() : List.of(paramText.trim().split("\\s+"));
    int end = findEnd(lines, start, List.of(".macro"), List.of(".endm", ".endmacro"));
    chargeScan((end < 0 ? lines.size() : end) - start, header, parts.wordStart());
    if (end < 0) {
      error(header, parts.wordStart(), ".macro without .endm");
      return lines.size();
    }
    if (name.isEmpty()) {
      error(header, parts.wordStart(), ".macro needs a name");
      return end + 1;
    }
    if (!name.matches("[A-Za-z_.$][\\w.$]*")) {
      error(header, parts.wordStart(), "bad macro name '" + name + "'");
      return end + 1;
    }
    List<Param> params = new ArrayList<>();
    for (String p : paramTexts) {
      if (p.isEmpty()) {
        continue;
      }
      String pname = p;
      String def = null;
      int eq = p.indexOf('=');
      if (eq >= 0) {
        pname = p.substring(0, eq).trim();
        def = p.substring(eq + 1).trim();
      }
      boolean required = false;
      boolean vararg = false;
      if (pname.endsWith(":req")) {
        required = true;
        pname = pname.substring(0, pname.length() - 4);
      } else if (pname.endsWith(":vararg")) {
        vararg = true;
        pname = pname.substring(0, pname.length() - 7);
      }
      if (!pname.matches("[A-Za-z_][\\w]*")) {
        error(header, parts.wordStart(), "bad macro parameter '" + p + "'");
        return end + 1;
      }
      params.add(new Param(pname, def, required, vararg));
    }
    SourceLocation at = new SourceLocation(header.file(), header.line(), parts.wordStart() + 1,
        parts.word().length(), header.original());
    macros.put(name, new Macro(name, params, new ArrayList<>(lines.subList(start + 1, end)), at));
    return end + 1;
  }

  private void callMacro(Macro macro, Line line, LineParts parts, Path dir, int depth) {
    spend(budget.chargeCall(), line, parts.wordStart());
    List<String> args = LineParts.splitArgs(parts.rest());
    Map<String, String> values = new HashMap<>();
    int positional = 0;
    for (int a = 0; a < args.size(); a++) {
      String arg = args.get(a);
      int eq = arg.indexOf('=');
      if (eq > 0 && arg.substring(0, eq).trim().matches("[A-Za-z_]\\w*")
          && hasParam(macro, arg.substring(0, eq).trim())) {
        values.put(arg.substring(0, eq).trim(), arg.substring(eq + 1).trim());
        continue;
      }
      if (positional >= macro.params().size()) {
        if (!(args.size() == 1 && arg.isEmpty())) {
          error(line, parts.wordStart(), "too many arguments for macro '" + macro.name()
              + "' (it takes " + macro.params().size() + ")");
        }
        return;
      }
      Param p = macro.params().get(positional);
      if (p.vararg()) {
        values.put(p.name(), String.join(", ", args.subList(a, args.size())));
        positional = macro.params().size();
        break;
      }
      values.put(p.name(), arg);
      positional++;
    }
    for (Param p : macro.params()) {
      if (!values.containsKey(p.name()) || values.get(p.name()).isEmpty()) {
        if (p.required()) {
          error(line, parts.wordStart(), "macro '" + macro.name() + "' needs argument '"
              + p.name() + "'");
          return;
        }
        if (p.defaultValue() != null) {
          values.put(p.name(), p.defaultValue());
        } else {
          values.putIfAbsent(p.name(), "");
        }
      }
    }
    int counter = expansionCounter++;
    String context = "in expansion of macro '" + macro.name() + "' at " + line.file() + ":"
        + line.line();
    List<Line> body = new ArrayList<>(macro.body().size());
    for (Line b : macro.body()) {
      String text = substitute(b.text(), values, counter);
      spend(budget.chargeLine(text), line, parts.wordStart());
      body.add(new Line(text, line.file(), line.line(), text, context));
    }
    processExpansion(body, dir, depth + 1, context);
  }

  private static boolean hasParam(Macro m, String name) {
    for (Param p : m.params()) {
      if (p.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** Replaces {@code \name}, {@code \@} and {@code \()} in a macro or .irp body line. */
  private static String substitute(String text, Map<String, String> values, int counter) {
    if (text.indexOf('\\') < 0) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length() + 16);
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '"') {
        // substitution happens inside strings too, but escapes like \n must survive
        int end = CommentStripper.skipString(text, i);
        sb.append(substituteInString(text.substring(i, end), values, counter));
        i = end;
        continue;
      }
      if (c == '\\' && i + 1 < n) {
        char d = text.charAt(i + 1);
        if (d == '@') {
          sb.append(counter);
          i += 2;
          continue;
        }
        if (d == '(' && i + 2 < n && text.charAt(i + 2) == ')') {
          i += 3;
          continue;
        }
        int j = i + 1;
        while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
          j++;
        }
        String name = text.substring(i + 1, j);
        if (values.containsKey(name)) {
          sb.append(values.get(name));
          i = j;
          continue;
        }
      }
      sb.append(c);
      i++;
    }
    return sb.toString();
  }

  private static String substituteInString(String s, Map<String, String> values, int counter) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        int j = i + 1;
        while (j < s.length()
            && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
          j++;
        }
        String name = s.substring(i + 1, j);
        if (!name.isEmpty() && values.containsKey(name)) {
          sb.append(values.get(name));
          i = j;
          continue;
        }
        if (s.charAt(i + 1) == '@') {
          sb.append(counter);
          i += 2;
          continue;
        }
        sb.append(c).append(s.charAt(i + 1));
        i += 2;
        continue;
      }
      sb.append(c);
      i++;
    }
    return sb.toString();
  }

  private int repeat(List<Line> lines, int start, LineParts parts, String word, Path dir,
      int depth, String context) {
    Line header = lines.get(start);
    int end = findEnd(lines, start, List.of(".rept", ".irp", ".irpc"), List.of(".endr"));
    chargeScan((end < 0 ? lines.size() : end) - start, header, 0);
    if (end < 0) {
      error(header, parts.wordStart(), word + " without .endr");
      return lines.size();
    }
    List<Line> body = lines.subList(start + 1, end);
    if (word.equals(".rept")) {
      Long count = constant(header, parts.wordStart() + parts.word().length(), parts.rest());
      if (count == null) {
        return end + 1;
      }
      if (count < 0 || count > 1_000_000) {
        error(header, parts.wordStart(), ".rept count " + count + " outside 0..1000000");
        return end + 1;
      }
      for (long k = 0; k < count; k++) {
        spend(budget.chargeRepetition(), header, parts.wordStart());
        if (!processExpansion(body, dir, depth + 1, context)) {
          return lines.size();
        }
      }
      return end + 1;
    }
    List<String> args = LineParts.splitArgs(parts.rest());
    if (args.isEmpty() || !args.get(0).matches("[A-Za-z_]\\w*")) {
      error(header, parts.wordStart(), word + " needs a symbol name and values");
      return end + 1;
    }
    String name = args.get(0);
    List<String> items = new ArrayList<>();
    if (word.equals(".irp")) {
      items.addAll(args.subList(1, args.size()));
    } else {
      String chars = args.size() > 1 ? args.get(1) : "";
      for (char ch : chars.toCharArray()) {
        items.add(String.valueOf(ch));
      }
    }
    for (String item : items) {
      spend(budget.chargeRepetition(), header, parts.wordStart());
      List<Line> copy = new ArrayList<>(body.size());
      for (Line b : body) {
        String text = substitute(b.text(), Map.of(name, item), expansionCounter);
        spend(budget.chargeLine(text), header, parts.wordStart());
        copy.add(new Line(text, b.file(), b.line(), b.original(), b.context()));
      }
      expansionCounter++;
      if (!processExpansion(copy, dir, depth + 1, context)) {
        return lines.size();
      }
    }
    return end + 1;
  }

  private int conditional(List<Line> lines, int start, Path dir, int depth, String context) {
    // Collect branches: [cond line, body...] up to the matching .endif
    List<Integer> marks = new ArrayList<>();
    marks.add(start);
    int nest = 0;
    int end = -1;
    for (int k = start + 1; k < lines.size(); k++) {
      String w = LineParts.of(lines.get(k).text()).word().toLowerCase(Locale.ROOT);
      if (w.startsWith(".if")) {
        nest++;
      } else if (w.equals(".endif")) {
        if (nest == 0) {
          end = k;
          break;
        }
        nest--;
      } else if (nest == 0 && (w.equals(".else") || w.equals(".elseif"))) {
        marks.add(k);
      }
    }
    Line header = lines.get(start);
    chargeScan((end < 0 ? lines.size() : end) - start, header, 0);
    if (end < 0) {
      error(header, LineParts.of(header.text()).wordStart(), ".if without .endif");
      return lines.size();
    }
    marks.add(end);
    for (int m = 0; m + 1 < marks.size(); m++) {
      Line cond = lines.get(marks.get(m));
      Boolean taken = condition(cond);
      if (taken == null) {
        return end + 1;
      }
      if (taken) {
        List<Line> body = lines.subList(marks.get(m) + 1, marks.get(m + 1));
        if (!process(body, dir, depth + 1, context)) {
          return lines.size();
        }
        break;
      }
    }
    return end + 1;
  }

  /** Whether the branch headed by {@code line} is taken; null after an error. */
  private Boolean condition(Line line) {
    LineParts parts = LineParts.of(line.text());
    String w = parts.word().toLowerCase(Locale.ROOT);
    int col = parts.wordStart() + parts.word().length();
    switch (w) {
      case ".else":
        return true;
      case ".ifb":
      case ".ifnb":
        return w.equals(".ifb") == parts.rest().isBlank();
      case ".ifc":
      case ".ifnc": {
        List<String> args = LineParts.splitArgs(parts.rest());
        String a = args.isEmpty() ? "" : unquote(args.get(0));
        String b = args.size() < 2 ? "" : unquote(args.get(1));
        return w.equals(".ifc") == a.equals(b);
      }
      case ".ifdef":
      case ".ifndef": {
        String sym = parts.rest().trim();
        boolean defined = constants.containsKey(sym) || macros.containsKey(sym)
            || definesLabel(sym);
        return w.equals(".ifdef") == defined;
      }
      default: {
        Long v = constant(line, col, parts.rest());
        if (v == null) {
          return null;
        }
        return w.equals(".ifeq") ? v == 0 : v != 0;
      }
    }
  }

  private static String unquote(String s) {
    String t = s.trim();
    return t.length() >= 2 && t.startsWith("'") && t.endsWith("'")
        ? t.substring(1, t.length() - 1) : t;
  }

  private boolean definesLabel(String sym) {
    return labels.contains(sym);
  }

  private void include(Line line, LineParts parts, Path dir, int depth, String context) {
    String arg = parts.rest().trim();
    if (arg.length() < 2 || !arg.startsWith("\"") || !arg.endsWith("\"")) {
      error(line, parts.wordStart(), ".include needs a file name in double quotes");
      return;
    }
    String name = arg.substring(1, arg.length() - 1);
    spend(budget.chargeInclude(), line, parts.wordStart());
    Path found = null;
    List<Path> dirs = new ArrayList<>();
    dirs.add(dir != null ? dir : Path.of("").toAbsolutePath());
    dirs.addAll(includePath);
    for (Path d : dirs) {
      Path p = d.resolve(name);
      if (Files.isRegularFile(p)) {
        found = p;
        break;
      }
    }
    if (found == null) {
      error(line, parts.wordStart(), MISSING_INCLUDE + " \"" + name + "\" (searched "
          + dirs + ")");
      return;
    }
    String text;
    try {
      text = new String(Files.readAllBytes(found), StandardCharsets.UTF_8);
    } catch (IOException e) {
      error(line, parts.wordStart(), "cannot read include file " + found + ": " + e.getMessage());
      return;
    }
    processExpansion(readLines(name, text), found.toAbsolutePath().getParent(), depth + 1, context);
  }

  /** Records {@code .equ/.set name, value} and {@code name = value} constants for .if/.rept. */
  private void noteConstant(Line line, LineParts parts) {
    String w = parts.word().toLowerCase(Locale.ROOT);
    String name;
    String value;
    if (w.equals(".equ") || w.equals(".set") || w.equals(".equiv")) {
      List<String> args = LineParts.splitArgs(parts.rest());
      if (args.size() != 2) {
        return;
      }
      name = args.get(0);
      value = args.get(1);
    } else {
      String rest = parts.rest().trim();
      if (parts.word().isEmpty() || !rest.startsWith("=") || rest.startsWith("==")) {
        return;
      }
      name = parts.word();
      value = rest.substring(1);
    }
    try {
      constants.put(name, evaluate(value, line, parts.wordStart()));
    } catch (IllegalArgumentException | ArithmeticException e) {
      constants.remove(name);
    }
  }

  private Long constant(Line line, int column, String text) {
    try {
      return evaluate(text, line, column);
    } catch (IllegalArgumentException | ArithmeticException e) {
      error(line, column + 1, e.getMessage());
      return null;
    }
  }

  /**
   * The value of a constant expression: {@link QuickConstant} when it can, else the parser
   * ({@link ConstantExpression}), which also gives the error messages. Inside an expansion,
   * each is charged to the budget at its own cost.
   *
   * @throws IllegalArgumentException or ArithmeticException saying why there is no value
   */
  private long evaluate(String text, Line line, int column) {
    if (expanding > 0) {
      spend(budget.chargeQuickExpression(text), line, column);
    }
    Long quick = QuickConstant.evaluate(text, constants);
    if (quick != null) {
      return quick;
    }
    if (expanding > 0) {
      spend(budget.chargeParsedExpression(text), line, column);
    }
    return ConstantExpression.evaluate(text, constants);
  }

  private static int findEnd(List<Line> lines, int start, List<String> openers,
      List<String> closers) {
    int nest = 0;
    for (int k = start + 1; k < lines.size(); k++) {
      String w = LineParts.of(lines.get(k).text()).word().toLowerCase(Locale.ROOT);
      if (openers.contains(w)) {
        nest++;
      } else if (closers.contains(w)) {
        if (nest == 0) {
          return k;
        }
        nest--;
      }
    }
    return -1;
  }

  private void error(Line line, int column, String message) {
    if (line == null) {
      diagnostics.add(Diagnostic.error(SourceLocation.ofFile("<input>"), message));
      return;
    }
    String msg = line.context() != null ? message + " (" + line.context() + ")" : message;
    diagnostics.add(Diagnostic.error(
        new SourceLocation(line.file(), line.line(), column + 1, 1, line.original()), msg));
  }
}
