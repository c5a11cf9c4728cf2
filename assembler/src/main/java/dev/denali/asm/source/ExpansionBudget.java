package dev.denali.asm.source;

/**
 * The bound on the preprocessor's total work for one file, so that no source, however it nests
 * macros, {@code .rept}, {@code .include} and {@code .if}, keeps the assembler busy for more
 * than a fraction of a second before it is refused. Work is counted whether or not it produces
 * output: a macro that calls itself twice per level and emits nothing doubles its work per level
 * and is stopped like one that emits millions of lines.
 *
 * <p>What is charged: each macro call, repetition and include, and inside them each line
 * substituted or read, each line skipped over to find the end of a block, and each constant
 * expression evaluated, quickly ({@link QuickConstant}) or by the parser. Longer texts cost
 * more. The charges are in proportion to what each step costs on a JVM that has just started
 * (a unit is a few tens of nanoseconds there): the limit takes about half a second. The file's
 * own lines are free: they are read once each.
 */
final class ExpansionBudget {
  /** Units one file may use; about 700,000 lines of expansion. */
  static final long LIMIT = 12_000_000;
  /** Reading one line, besides its length. */
  private static final int LINE_UNITS = 15;
  /** Skipping over one line while looking for the end of a block. */
  private static final int SCAN_UNITS = 5;
  /** One iteration of {@code .rept}, {@code .irp} or {@code .irpc}. */
  private static final int REPETITION_UNITS = 2;
  /** One macro call besides its lines: arguments, their values, the body copy. */
  private static final int CALL_UNITS = 30;
  /** One {@code .include}: finding the file and reading it. */
  private static final int INCLUDE_UNITS = 2000;
  /** Characters of line text (read or substituted) that cost one more unit. */
  private static final int CHARS_PER_UNIT = 2;
  /** The fixed cost of a constant expression that {@link QuickConstant} evaluates. */
  private static final int QUICK_EXPRESSION_UNITS = 20;
  /** The fixed cost of one that needs the parser: creating the lexer and the parser. */
  private static final int PARSED_EXPRESSION_UNITS = 1000;
  /** The cost of each character of an expression that needs the parser. */
  private static final int PARSED_EXPRESSION_UNITS_PER_CHAR = 40;

  private final long limit;
  private long used;

  ExpansionBudget(long limit) {
    this.limit = limit;
  }

  /** Charges reading (or substituting) one line of {@code text}; false once spent. */
  boolean chargeLine(String text) {
    return charge(LINE_UNITS + text.length() / CHARS_PER_UNIT);
  }

  /** Charges skipping over {@code lines} lines to find where a block ends; false once spent. */
  boolean chargeScan(int lines) {
    return charge((long) SCAN_UNITS * lines);
  }

  /** Charges one iteration of a repetition; false once spent. */
  boolean chargeRepetition() {
    return charge(REPETITION_UNITS);
  }

  /** Charges a macro call, besides its lines; false once spent. */
  boolean chargeCall() {
    return charge(CALL_UNITS);
  }

  /** Charges finding and reading an included file, besides its lines; false once spent. */
  boolean chargeInclude() {
    return charge(INCLUDE_UNITS);
  }

  /** Charges evaluating {@code text} with {@link QuickConstant}; false once spent. */
  boolean chargeQuickExpression(String text) {
    return charge(QUICK_EXPRESSION_UNITS + 2L * text.length());
  }

  /** Charges evaluating {@code text} with the parser; false once spent. */
  boolean chargeParsedExpression(String text) {
    return charge(PARSED_EXPRESSION_UNITS
        + (long) text.length() * PARSED_EXPRESSION_UNITS_PER_CHAR);
  }

  private boolean charge(long units) {
    used += units;
    return used <= limit;
  }

  long limit() {
    return limit;
  }
}
