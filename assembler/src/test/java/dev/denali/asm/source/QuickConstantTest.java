package dev.denali.asm.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link QuickConstant}, the preprocessor's fast evaluator, against the expression parser
 * ({@link ConstantExpression}): whenever it gives a value or an error, the parser gives the
 * same, on random texts made of tokens that are easy to read wrongly when glued together
 * ({@code 1} and {@code b}, {@code <} and {@code <}, {@code !} and {@code =}).
 */
class QuickConstantTest {
  private static final Map<String, Long> CONSTANTS =
      Map.of("A", 7L, "B", -3L, "big", Long.MIN_VALUE, "$x.y@z", 12L);

  private static final List<String> TOKENS = List.of(
      "0", "1", "2", "42", "63", "64", "0x1F", "0XfF", "0b101", "0B1", "017", "09", "0x", "0b",
      "1b", "2f", "12f", "99999999999999999999", "0xffffffffffffffff", "1.5",
      "'a'", "'\\n'", "'a", "'''", "'\\''", "'\\x41'", "'\\101'",
      "A", "B", "big", "$x.y@z", "undefined", ".", "a0",
      "+", "-", "*", "/", "%", "<<", ">>", "<", ">", "<=", ">=", "==", "!=", "<>", "&&", "||",
      "&", "|", "^", "!", "~", "(", "(", ")", ")",
      "%hi", "%", "=", ":", "\"s\"", "#", "//", ",", "\t", "\\");

  private static final List<String> OPERANDS = List.of("0", "1", "5", "63", "64", "0x1F",
      "0b101", "017", "'a'", "'\\n'", "A", "B", "big", "$x.y@z", "undefined", "1b", "0x");
  private static final List<String> BINARY = List.of("+", "-", "*", "/", "%", "<<", ">>", "<",
      ">", "<=", ">=", "==", "!=", "<>", "&&", "||", "&", "|", "^", "!", "=");
  private static final List<String> UNARY = List.of("-", "+", "~", "!");
  private static final List<String> GAPS = List.of("", "", " ", "  ", "\t");

  /** Random texts: token soup, or (mostly well-formed) operands, operators and parentheses. */
  @Provide
  Arbitrary<String> expressions() {
    Arbitrary<String> soup = Arbitraries.of(TOKENS).list().ofMinSize(1).ofMaxSize(12)
        .map(tokens -> String.join("", tokens));
    Arbitrary<String> shaped = Arbitraries.randomValue(r -> shaped(r, 3));
    return Arbitraries.oneOf(soup, shaped, shaped);
  }

  private static String shaped(java.util.Random r, int depth) {
    StringBuilder sb = new StringBuilder();
    int operands = 1 + r.nextInt(4);
    for (int i = 0; i < operands; i++) {
      if (i > 0) {
        sb.append(pick(r, GAPS)).append(pick(r, BINARY));
      }
      sb.append(pick(r, GAPS));
      if (r.nextInt(4) == 0) {
        sb.append(pick(r, UNARY));
      }
      if (depth > 0 && r.nextInt(3) == 0) {
        sb.append('(').append(shaped(r, depth - 1)).append(r.nextInt(20) == 0 ? "" : ")");
      } else {
        sb.append(pick(r, OPERANDS));
      }
    }
    return sb.append(pick(r, GAPS)).toString();
  }

  private static String pick(java.util.Random r, List<String> from) {
    return from.get(r.nextInt(from.size()));
  }

  @Property(tries = 20_000)
  void agreesWithTheParserWheneverItAnswers(@ForAll("expressions") String text) {
    String quick = outcome(() -> QuickConstant.evaluate(text, CONSTANTS));
    Statistics.collect(quick.equals("null") ? "left to the parser" : "quick");
    if (!quick.equals("null")) {
      assertThat(quick).as("'%s'", text)
          .isEqualTo(outcome(() -> ConstantExpression.evaluate(text, CONSTANTS)));
    }
  }

  @Example
  void theUsualExpressionsAreQuick() {
    for (String text : List.of("1", " 4096 ", "A * 4 + 1", "(A - 1) << 2", "B < 0 && A != 7",
        "'a' + 1", "~0 >> 60", "-(-A)", "0x10 | 0b1 ^ 017", "A % 3 == 1 || !B")) {
      assertThat(QuickConstant.evaluate(text, CONSTANTS)).as(text)
          .isEqualTo(ConstantExpression.evaluate(text, CONSTANTS));
    }
  }

  @Example
  void errorsOfWellFormedExpressionsAreTheParsers() {
    for (String text : List.of("1 / 0", "undefined + 1", "1 % (A - 7) + undefined",
        "undefined / 0", "1 << 64", "1 >> -1")) {
      assertThat(outcome(() -> QuickConstant.evaluate(text, CONSTANTS))).as(text)
          .isNotEqualTo("null")
          .isEqualTo(outcome(() -> ConstantExpression.evaluate(text, CONSTANTS)));
    }
  }

  /** The value, or the exception's class and message, as text. */
  private static String outcome(Callable<Long> evaluation) {
    try {
      return String.valueOf(evaluation.call());
    } catch (Exception e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }
}
