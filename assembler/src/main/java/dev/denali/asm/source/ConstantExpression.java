package dev.denali.asm.source;

import dev.denali.asm.grammar.DenaliAsmLexer;
import dev.denali.asm.grammar.DenaliAsmParser;
import java.util.Map;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;

/**
 * Evaluates an expression that must be constant while the preprocessor runs ({@code .rept},
 * {@code .if}), using the constants defined so far. Same grammar and operators as everywhere.
 */
public final class ConstantExpression {
  private ConstantExpression() {}

  /**
   * The value of {@code text}.
   *
   * @throws IllegalArgumentException saying why it is not a constant expression
   */
  public static long evaluate(String text, Map<String, Long> constants) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("expected a constant expression");
    }
    DenaliAsmLexer lexer = new DenaliAsmLexer(CharStreams.fromString(text));
    lexer.removeErrorListeners();
    DenaliAsmParser parser = new DenaliAsmParser(new CommonTokenStream(lexer));
    parser.removeErrorListeners();
    parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
    parser.addErrorListener(new BaseErrorListener() {
      @Override
      public void syntaxError(Recognizer<?, ?> r, Object o, int l, int c, String m,
          RecognitionException e) {
        throw new IllegalArgumentException("bad expression '" + text.trim() + "'");
      }
    });
    DenaliAsmParser.ExprContext ctx = parser.expr();
    if (parser.getCurrentToken().getType() != Token.EOF) {
      throw new IllegalArgumentException("bad expression '" + text.trim() + "'");
    }
    Expr e;
    try {
      e = SourceParser.forExpressions().expr(ctx);
    } catch (SourceParser.SyntaxError err) {
      throw new IllegalArgumentException(err.getMessage());
    }
    return fold(e, constants);
  }

  /** Like {@link #evaluate} but null instead of an exception. */
  public static Long tryEvaluate(String text, Map<String, Long> constants) {
    try {
      return evaluate(text, constants);
    } catch (IllegalArgumentException | ArithmeticException e) {
      return null;
    }
  }

  /** The error for a symbol that is not a constant defined before the line using it. */
  static IllegalArgumentException notAConstant(String name) {
    return new IllegalArgumentException("'" + name + "' is not a constant defined before this line");
  }

  private static long fold(Expr e, Map<String, Long> constants) {
    if (e instanceof Expr.Num n) {
      return n.value();
    }
    if (e instanceof Expr.Parens p) {
      return fold(p.inner(), constants);
    }
    if (e instanceof Expr.Sym s) {
      Long v = constants.get(s.name());
      if (v == null) {
        throw notAConstant(s.name());
      }
      return v;
    }
    if (e instanceof Expr.Unary u) {
      return Operators.unary(u.op(), fold(u.operand(), constants));
    }
    if (e instanceof Expr.Binary b) {
      return Operators.binary(b.op(), fold(b.left(), constants), fold(b.right(), constants));
    }
    throw new IllegalArgumentException("expected a constant expression");
  }
}
