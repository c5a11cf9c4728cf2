package dev.denali.asm.source;

import java.util.Map;

/**
 * Evaluates the constant expressions the preprocessor meets most often ({@code .if \n > 1},
 * {@code .rept COUNT * 4}, {@code .equ SIZE, 4096}) directly from their text, some ten
 * times faster than running the expression parser: numbers, character literals, constants
 * already defined, parentheses and the operators, with the grammar's precedence and grouping.
 *
 * <p>Anything else (a relocation, a local label, a string, a syntax error, a number too big)
 * gives {@code null}, and the caller runs {@link ConstantExpression}, which gives the value or
 * the error message. So this class needs to be right only on the inputs it accepts; a test
 * checks it against the parser on random ones. A symbol that is not a known constant and
 * division by zero are errors of a well-formed expression: this class reports them as the
 * parser's evaluation does, the first one in evaluation order.
 */
final class QuickConstant {
  /** Deeper nesting than this is left to the parser, which reports it. */
  private static final int MAX_NESTING = 200;
  /** Loosest and tightest levels of binary operators (see {@link #level}). */
  private static final int LOOSEST = 1;
  private static final int TIGHTEST = 4;

  private enum Kind { VALUE, NAME, OPERATOR, OPEN, CLOSE }

  private final Map<String, Long> constants;
  private final Kind[] kinds;
  private final long[] values;
  private final String[] texts;
  private int count;
  private int next;
  private int nesting;
  /**
   * The first error of evaluation (an unknown constant, division by zero), thrown once the whole
   * text is known to be well formed.
   */
  private RuntimeException failure;

  /** Not a quick expression: the caller asks the parser instead. */
  private static final class NotQuick extends RuntimeException {
    private static final NotQuick INSTANCE = new NotQuick();

    private NotQuick() {
      super(null, null, false, false);
    }
  }

  private QuickConstant(int length, Map<String, Long> constants) {
    this.constants = constants;
    this.kinds = new Kind[length];
    this.values = new long[length];
    this.texts = new String[length];
  }

  /**
   * The value of {@code text}, or null when it is not a plain constant expression.
   *
   * @throws IllegalArgumentException for a symbol that is not a constant defined before
   * @throws ArithmeticException as {@link Operators#binary} does (division by zero)
   */
  static Long evaluate(String text, Map<String, Long> constants) {
    QuickConstant q = new QuickConstant(text.length(), constants);
    long v;
    try {
      q.tokenize(text);
      v = q.binary(LOOSEST);
    } catch (NotQuick e) {
      return null;
    }
    if (q.next != q.count) {
      return null;
    }
    if (q.failure != null) {
      throw q.failure;
    }
    return v;
  }

  // ---------------------------------------------------------------------------- evaluation

  /** Operands joined by the operators of {@code level}, left to right, as the grammar groups. */
  private long binary(int level) {
    if (level > TIGHTEST) {
      return unary();
    }
    long acc = binary(level + 1);
    while (next < count && kinds[next] == Kind.OPERATOR && level(texts[next]) == level) {
      String op = texts[next++];
      acc = apply(op, acc, binary(level + 1));
    }
    return acc;
  }

  /**
   * The grammar's precedence levels, loosest first: {@code && ||}; {@code + -} and the
   * comparisons; {@code | & ^ !}; {@code * / % << >>}. Zero for {@code ~}, only unary.
   */
  private static int level(String op) {
    return switch (op) {
      case "&&", "||" -> 1;
      case "+", "-", "==", "!=", "<>", "<", ">", "<=", ">=" -> 2;
      case "|", "&", "^", "!" -> 3;
      case "*", "/", "%", "<<", ">>" -> 4;
      default -> 0;
    };
  }

  private long unary() {
    if (next < count && kinds[next] == Kind.OPERATOR) {
      String op = texts[next];
      if (op.equals("-") || op.equals("+") || op.equals("~") || op.equals("!")) {
        next++;
        enter();
        long v = Operators.unary(op, unary());
        nesting--;
        return v;
      }
    }
    return primary();
  }

  private long primary() {
    if (next >= count) {
      throw NotQuick.INSTANCE;
    }
    int at = next++;
    switch (kinds[at]) {
      case VALUE:
        return values[at];
      case NAME: {
        Long v = constants.get(texts[at]);
        if (v == null) {
          if (failure == null) {
            failure = ConstantExpression.notAConstant(texts[at]);
          }
          return 0;
        }
        return v;
      }
      case OPEN: {
        enter();
        long v = binary(LOOSEST);
        if (next >= count || kinds[next] != Kind.CLOSE) {
          throw NotQuick.INSTANCE;
        }
        next++;
        nesting--;
        return v;
      }
      default:
        throw NotQuick.INSTANCE;
    }
  }

  /** Applies a binary operator; an arithmetic error is kept for the end. */
  private long apply(String op, long a, long b) {
    try {
      return Operators.binary(op, a, b);
    } catch (ArithmeticException e) {
      if (failure == null) {
        failure = e;
      }
      return 0;
    }
  }

  private void enter() {
    if (++nesting > MAX_NESTING) {
      throw NotQuick.INSTANCE;
    }
  }

  // ---------------------------------------------------------------------------- tokens

  /** Splits {@code text} into tokens as the lexer would; NotQuick at anything unusual. */
  private void tokenize(String text) {
    int pos = 0;
    int n = text.length();
    while (pos < n) {
      char c = text.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\f') {
        pos++;
      } else if (c == '(' || c == ')') {
        add(c == '(' ? Kind.OPEN : Kind.CLOSE, 0, null);
        pos++;
      } else if (c == '\'') {
        pos = character(text, pos);
      } else if (isWordChar(c)) {
        int end = pos;
        while (end < n && isWordChar(text.charAt(end))) {
          end++;
        }
        String word = text.substring(pos, end);
        if (c >= '0' && c <= '9') {
          add(Kind.VALUE, number(word), null);
        } else {
          add(Kind.NAME, 0, word);
        }
        pos = end;
      } else {
        String op = operator(c, pos + 1 < n ? text.charAt(pos + 1) : 0);
        add(Kind.OPERATOR, 0, op);
        pos += op.length();
      }
    }
  }

  private void add(Kind kind, long value, String text) {
    kinds[count] = kind;
    values[count] = value;
    texts[count] = text;
    count++;
  }

  /**
   * The operator token starting with {@code c} (then {@code d}), read as the lexer reads it,
   * longest first: {@code <<} is never {@code <}, {@code &&} never {@code &}, {@code !=} never
   * {@code !}. NotQuick for anything that is not an operator.
   */
  private static String operator(char c, char d) {
    switch (c) {
      case '<':
        return d == '<' ? "<<" : d == '=' ? "<=" : d == '>' ? "<>" : "<";
      case '>':
        return d == '>' ? ">>" : d == '=' ? ">=" : ">";
      case '=':
        if (d == '=') {
          return "==";
        }
        throw NotQuick.INSTANCE; // an assignment's '='
      case '!':
        return d == '=' ? "!=" : "!";
      case '&':
        return d == '&' ? "&&" : "&";
      case '|':
        return d == '|' ? "||" : "|";
      case '%':
        if (d >= 'a' && d <= 'z' || d == '_') {
          throw NotQuick.INSTANCE; // %hi(...): a relocation
        }
        return "%";
      case '/':
        if (d == '/' || d == '*') {
          throw NotQuick.INSTANCE; // a comment
        }
        return "/";
      case '+':
        return "+";
      case '-':
        return "-";
      case '*':
        return "*";
      case '^':
        return "^";
      case '~':
        return "~";
      default:
        throw NotQuick.INSTANCE;
    }
  }

  /** Plain decimal, octal, 0x and 0b numbers only: "1b", "12f" and "0x" are other tokens. */
  private static long number(String word) {
    String digits = word;
    String allowed = "0123456789";
    if (word.length() > 2 && word.charAt(0) == '0' && (word.charAt(1) | 0x20) == 'x') {
      digits = word.substring(2);
      allowed = "0123456789abcdefABCDEF";
    } else if (word.length() > 2 && word.charAt(0) == '0' && (word.charAt(1) | 0x20) == 'b') {
      digits = word.substring(2);
      allowed = "01";
    }
    for (int i = 0; i < digits.length(); i++) {
      if (allowed.indexOf(digits.charAt(i)) < 0) {
        throw NotQuick.INSTANCE;
      }
    }
    try {
      return Literals.number(word);
    } catch (IllegalArgumentException e) {
      throw NotQuick.INSTANCE;
    }
  }

  /**
   * Reads the character literal at {@code start} ({@code 'a'}, {@code 'a}, {@code '\n'}: ASCII
   * only, as the lexer's CHAR token) as a value token; returns where it ends.
   */
  private int character(String text, int start) {
    int pos = start + 1;
    if (pos < text.length() && text.charAt(pos) == '\\') {
      pos++;
    }
    if (pos >= text.length() || text.charAt(pos) == '\r' || text.charAt(pos) == '\n'
        || text.charAt(pos) >= 0x80) {
      throw NotQuick.INSTANCE;
    }
    pos++;
    if (pos < text.length() && text.charAt(pos) == '\'') {
      pos++;
    }
    try {
      add(Kind.VALUE, Literals.character(text.substring(start, pos)), null);
    } catch (IllegalArgumentException e) {
      throw NotQuick.INSTANCE;
    }
    return pos;
  }

  private static boolean isWordChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
        || c == '.' || c == '$' || c == '@';
  }
}
