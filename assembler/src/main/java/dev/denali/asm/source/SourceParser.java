package dev.denali.asm.source;

import dev.denali.asm.Diagnostic;
import dev.denali.asm.SourceLocation;
import dev.denali.asm.grammar.DenaliAsmLexer;
import dev.denali.asm.grammar.DenaliAsmParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;

/**
 * Parses expanded source lines with the ANTLR grammar ({@code DenaliAsm.g4}) and builds the
 * statement list. Numeric local labels are renamed here so that each definition is unique:
 * {@code 1:} becomes {@code 1<sep>k} for its k-th definition, {@code 1b} and {@code 1f} refer to
 * the nearest one before and after.
 */
public final class SourceParser {
  /** Separates a numeric label from its definition count in internal names. */
  public static final char LOCAL_SEP = '\u0002';

  private final List<Line> lines;
  private final List<Diagnostic> diagnostics;
  private final Map<String, Integer> localCounts = new HashMap<>();
  private final Set<Integer> linesWithErrors = new HashSet<>();
  /** Index in {@code lines} of the first line of the block being parsed. */
  private int blockStart;

  private SourceParser(List<Line> lines, List<Diagnostic> diagnostics) {
    this.lines = lines;
    this.diagnostics = diagnostics;
  }

  /** A parser used only to build expression trees (numeric local labels are not allowed). */
  static SourceParser forExpressions() {
    return new SourceParser(List.of(), new ArrayList<>());
  }

  /** Parses {@code lines}; syntax errors go to {@code diagnostics}, bad lines are dropped. */
  public static List<Statement> parse(List<Line> lines, List<Diagnostic> diagnostics) {
    return new SourceParser(lines, diagnostics).run();
  }

  /** The user-facing spelling of an internal symbol name ({@code 1<sep>3} prints as 1). */
  public static String displayName(String name) {
    int i = name.indexOf(LOCAL_SEP);
    return i < 0 ? name : name.substring(0, i);
  }

  /**
   * Lines per ANTLR parse. Parsing in blocks keeps each parse tree small and short-lived, which
   * matters for large sources: one tree for 100,000 lines survives young collections and costs
   * more in garbage collection than the parse itself.
   */
  private static final int BLOCK_LINES = 1024;

  private List<Statement> run() {
    List<Statement> out = new ArrayList<>(lines.size() + 16);
    for (int from = 0; from < lines.size(); from += BLOCK_LINES) {
      parseBlock(from, Math.min(lines.size(), from + BLOCK_LINES), out);
    }
    return out;
  }

  private void parseBlock(int from, int to, List<Statement> out) {
    StringBuilder text = new StringBuilder();
    for (int i = from; i < to; i++) {
      text.append(lines.get(i).text()).append('\n');
    }
    blockStart = from;
    DenaliAsmLexer lexer = new DenaliAsmLexer(CharStreams.fromString(text.toString()));
    lexer.removeErrorListeners();
    DenaliAsmParser parser = new DenaliAsmParser(new CommonTokenStream(lexer));
    parser.removeErrorListeners();
    parser.addErrorListener(new Listener());
    parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
    DenaliAsmParser.ProgramContext program = parser.program();
    for (DenaliAsmParser.LineContext line : program.line()) {
      int lineNo = from + line.getStart().getLine();
      if (linesWithErrors.contains(lineNo) || line.exception != null) {
        continue;
      }
      try {
        build(line, out);
      } catch (SyntaxError e) {
        report(e.token, e.getMessage());
      }
    }
  }

  private void build(DenaliAsmParser.LineContext line, List<Statement> out) {
    for (DenaliAsmParser.LabelContext label : line.label()) {
      String t = label.getText();
      String name = t.substring(0, t.length() - 1).trim();
      if (Character.isDigit(name.charAt(0))) {
        int k = localCounts.merge(name, 1, Integer::sum);
        name = name + LOCAL_SEP + k;
      }
      out.add(new Statement.Label(name, at(label.getStart(), label.getStart().getText().length())));
    }
    DenaliAsmParser.StatementContext st = line.statement();
    if (st == null) {
      return;
    }
    if (st instanceof DenaliAsmParser.AssignmentContext a) {
      out.add(new Statement.Assignment(a.name.getText(), expr(a.expr()), at(a.name)));
      return;
    }
    DenaliAsmParser.OperationContext op = (DenaliAsmParser.OperationContext) st;
    List<Operand> operands = new ArrayList<>(op.operand().size());
    // children: name, then operands and commas; a comma with no operand before it is a gap
    Operand slot = null;
    boolean sawComma = false;
    for (int i = 1; i < op.getChildCount(); i++) {
      org.antlr.v4.runtime.tree.ParseTree child = op.getChild(i);
      if (child instanceof DenaliAsmParser.OperandContext o) {
        slot = operand(o);
      } else {
        Token comma = ((org.antlr.v4.runtime.tree.TerminalNode) child).getSymbol();
        operands.add(slot != null ? slot : new Operand.Missing(at(comma, 1)));
        slot = null;
        sawComma = true;
      }
    }
    if (slot != null) {
      operands.add(slot);
    } else if (sawComma) {
      Token last = op.getStop();
      operands.add(new Operand.Missing(at(last, 1)));
    }
    out.add(new Statement.Operation(op.name.getText(), operands, at(op.name)));
  }

  private Operand operand(DenaliAsmParser.OperandContext o) {
    SourceLocation at = span(o);
    if (o instanceof DenaliAsmParser.StringOperandContext s) {
      return new Operand.StringOperand(Literals.string(s.STRING().getText()), at);
    }
    if (o instanceof DenaliAsmParser.NamedOperandContext n) {
      return new Operand.NamedOperand(n.IDENT().getText(), expr(n.expr()), at);
    }
    DenaliAsmParser.ExprOperandContext e = (DenaliAsmParser.ExprOperandContext) o;
    if (e.expr().size() == 2) {
      return new Operand.MemoryOperand(expr(e.expr(0)), expr(e.expr(1)), at);
    }
    return new Operand.ExprOperand(expr(e.expr(0)), originalText(o), at);
  }

  /** Builds an expression tree from its parse tree. */
  Expr expr(DenaliAsmParser.ExprContext e) {
    return fold(e.additive(), e.logop, this::additive);
  }

  private Expr additive(DenaliAsmParser.AdditiveContext e) {
    return fold(e.bitwise(), e.addop, this::bitwise);
  }

  private Expr bitwise(DenaliAsmParser.BitwiseContext b) {
    return fold(b.term(), b.bitop, this::term);
  }

  private Expr term(DenaliAsmParser.TermContext t) {
    return fold(t.unary(), t.mulop, this::unary);
  }

  /** One precedence level: operands joined left to right by the operators between them. */
  private <C> Expr fold(List<C> parts, List<Token> operators,
      java.util.function.Function<C, Expr> build) {
    Expr acc = build.apply(parts.get(0));
    for (int i = 1; i < parts.size(); i++) {
      acc = new Expr.Binary(operators.get(i - 1).getText(), acc, build.apply(parts.get(i)));
    }
    return acc;
  }

  private Expr unary(DenaliAsmParser.UnaryContext u) {
    if (u instanceof DenaliAsmParser.PrefixedContext p) {
      return new Expr.Unary(p.op.getText(), unary(p.unary()));
    }
    return primary(((DenaliAsmParser.PlainContext) u).primary());
  }

  private Expr primary(DenaliAsmParser.PrimaryContext e) {
    if (e instanceof DenaliAsmParser.NumberContext n) {
      try {
        return new Expr.Num(Literals.number(n.getText()));
      } catch (IllegalArgumentException ex) {
        throw new SyntaxError(n.getStart(), ex.getMessage());
      }
    }
    if (e instanceof DenaliAsmParser.SymbolContext s) {
      return new Expr.Sym(s.getText());
    }
    if (e instanceof DenaliAsmParser.PercentWordContext p) {
      return new Expr.Sym(p.getText()); // %function in .type; an undefined symbol elsewhere
    }
    if (e instanceof DenaliAsmParser.LocalRefContext l) {
      String t = l.getText();
      String num = t.substring(0, t.length() - 1);
      boolean forward = Character.toLowerCase(t.charAt(t.length() - 1)) == 'f';
      int k = localCounts.getOrDefault(num, 0);
      if (!forward && k == 0) {
        throw new SyntaxError(l.getStart(), "no earlier definition of local label " + num
            + " for '" + t + "'");
      }
      return new Expr.Sym(num + LOCAL_SEP + (forward ? k + 1 : k));
    }
    if (e instanceof DenaliAsmParser.CharacterContext c) {
      try {
        return new Expr.Num(Literals.character(c.getText()));
      } catch (IllegalArgumentException ex) {
        throw new SyntaxError(c.getStart(), ex.getMessage());
      }
    }
    if (e instanceof DenaliAsmParser.ParensContext p) {
      return new Expr.Parens(expr(p.expr()));
    }
    if (e instanceof DenaliAsmParser.RelocationContext r) {
      String fn = r.RELOC().getText().substring(1);
      if (!List.of("hi", "lo", "pcrel_hi", "pcrel_lo").contains(fn)) {
        throw new SyntaxError(r.getStart(), "unknown relocation function %" + fn
            + " (expected %hi, %lo, %pcrel_hi or %pcrel_lo)");
      }
      return new Expr.Reloc(fn, expr(r.expr()));
    }
    throw new IllegalStateException("BUG: unknown expression " + e.getClass().getSimpleName());
  }

  private String originalText(ParserRuleContext ctx) {
    Token start = ctx.getStart();
    Token stop = ctx.getStop();
    if (stop == null || stop.getStopIndex() < start.getStartIndex()) {
      return start.getText();
    }
    return start.getInputStream().getText(
        org.antlr.v4.runtime.misc.Interval.of(start.getStartIndex(), stop.getStopIndex()));
  }

  private SourceLocation span(ParserRuleContext ctx) {
    Token start = ctx.getStart();
    Token stop = ctx.getStop();
    int len = stop == null || stop.getLine() != start.getLine()
        ? start.getText().length()
        : stop.getStopIndex() - start.getStartIndex() + 1;
    return at(start, len);
  }

  private SourceLocation at(Token t) {
    return at(t, t.getText().length());
  }

  private SourceLocation at(Token t, int length) {
    Line l = lines.get(Math.min(blockStart + t.getLine(), lines.size()) - 1);
    return new SourceLocation(l.file(), l.line(), t.getCharPositionInLine() + 1, length,
        l.original(), l.context());
  }

  private void report(Token t, String message) {
    int lineNo = Math.max(1, Math.min(blockStart + t.getLine(), lines.size()));
    if (!linesWithErrors.add(lineNo)) {
      return;
    }
    if (lines.isEmpty()) {
      return;
    }
    Line l = lines.get(lineNo - 1);
    String msg = l.context() != null ? message + " (" + l.context() + ")" : message;
    int len = t.getType() == Token.EOF || t.getType() == DenaliAsmLexer.NEWLINE
        ? 1 : Math.max(1, t.getText().length());
    diagnostics.add(Diagnostic.error(new SourceLocation(l.file(), l.line(),
        t.getCharPositionInLine() + 1, len, l.original()), msg));
  }

  private static String describe(Token t) {
    if (t == null || t.getType() == Token.EOF) {
      return "end of file";
    }
    if (t.getType() == DenaliAsmLexer.NEWLINE) {
      return "end of line";
    }
    return "'" + t.getText() + "'";
  }

  private final class Listener extends BaseErrorListener {
    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line,
        int column, String msg, RecognitionException e) {
      Token t = (Token) offending;
      String what = describe(t);
      String message;
      if (t != null && t.getType() == DenaliAsmLexer.UNTERMINATED_STRING) {
        report(t, "unterminated string: missing closing \"");
        return;
      }
      if (t != null && t.getType() == DenaliAsmLexer.ERROR_CHAR) {
        message = "unexpected character " + what;
      } else if (t != null && t.getType() == DenaliAsmLexer.LABEL) {
        message = "unexpected label " + what + ": labels go at the start of a line";
      } else if (msg.contains("expecting")) {
        message = "unexpected " + what + ": expected " + expected(msg);
      } else {
        message = "unexpected " + what;
      }
      report(t, "syntax error: " + message);
    }
  }

  /** Turns ANTLR's token set into words a reader knows. */
  private static String expected(String antlrMessage) {
    String set = antlrMessage.substring(antlrMessage.indexOf("expecting") + 10).trim();
    if (set.contains("NEWLINE") && set.contains("','")) {
      return "',' or end of line";
    }
    if (set.contains("NEWLINE")) {
      return "end of line";
    }
    if (set.contains("NUMBER") || set.contains("IDENT")) {
      return "an operand";
    }
    return set.replace("{", "").replace("}", "");
  }

  /** A problem found while building the statement tree from a syntactically valid line. */
  static final class SyntaxError extends RuntimeException {
    final transient Token token;

    SyntaxError(Token token, String message) {
      super(message, null, false, false);
      this.token = token;
    }
  }
}
