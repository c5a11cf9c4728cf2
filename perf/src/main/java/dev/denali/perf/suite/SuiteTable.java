package dev.denali.perf.suite;

import dev.denali.emu.jit.TieredEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The report's table: one row per program, then the geometric mean of every column over the
 * programs that have a value in it. Times are medians in milliseconds; the ratios are speed
 * ratios (higher is better for the first engine named) computed per program from the medians of
 * the same run. NaN prints as "-".
 */
public final class SuiteTable {
  private SuiteTable() {}

  /**
   * One program's medians (ms; NaN when not measured) and, in fresh-JVM mode, the time of
   * auto's first guest run over interp's (as {@code denali run --stats} reports them).
   */
  public record Row(String program, long instructions, double nativeMs, double qemuMs,
      double interpMs, double jitMs, double autoMs, double autoFirstOverInterpFirst) {

    /** JIT speed as a percentage of native. */
    double jitPercentOfNative() {
      return 100 * nativeMs / jitMs;
    }

    /** JIT speed over qemu-riscv32's (above 1: the JIT is faster). */
    double jitOverQemu() {
      return qemuMs / jitMs;
    }

    /** JIT speed over the interpreter's. */
    double jitOverInterp() {
      return interpMs / jitMs;
    }

    /** auto's speed over the interpreter's. */
    double autoOverInterp() {
      return interpMs / autoMs;
    }
  }

  private record Column(String title, String format, ToDoubleFunction<Row> value) {}

  private static final List<Column> COLUMNS = List.of(
      new Column("guest insns", "%,.0f", r -> r.instructions()),
      new Column("native ms", "%.2f", Row::nativeMs),
      new Column("qemu ms", "%.1f", Row::qemuMs),
      new Column("interp ms", "%.1f", Row::interpMs),
      new Column("jit ms", "%.1f", Row::jitMs),
      new Column("auto ms", "%.1f", Row::autoMs),
      new Column("jit%nat", "%.1f%%", Row::jitPercentOfNative),
      new Column("jit/qemu", "%.2fx", Row::jitOverQemu),
      new Column("jit/int", "%.2fx", Row::jitOverInterp),
      new Column("auto/int", "%.2fx", Row::autoOverInterp));

  private static final Column AUTO_FIRST =
      new Column("auto1/int1", "%.2f", Row::autoFirstOverInterpFirst);

  /** The table; {@code fresh} adds the auto-first-run column. */
  public static String format(List<Row> rows, boolean fresh) {
    List<Column> columns = new ArrayList<>(COLUMNS);
    if (fresh) {
      columns.add(AUTO_FIRST);
    }
    int nameWidth = Math.max(8, rows.stream().mapToInt(r -> r.program().length()).max()
        .orElse(0));
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-" + nameWidth + "s", "program"));
    for (Column c : columns) {
      sb.append(String.format(Locale.ROOT, " %" + width(c) + "s", c.title()));
    }
    sb.append('\n');
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%-" + nameWidth + "s", r.program()));
      for (Column c : columns) {
        sb.append(' ').append(cell(c, c.value().applyAsDouble(r)));
      }
      sb.append('\n');
    }
    sb.append(String.format(Locale.ROOT, "%-" + nameWidth + "s", "geomean"));
    for (Column c : columns) {
      double[] values = rows.stream().mapToDouble(c.value()).toArray();
      sb.append(' ').append(cell(c, Stats.geometricMean(values)));
    }
    sb.append('\n');
    return sb.toString();
  }

  /** What the columns mean, for under the table. */
  public static String legend(boolean fresh) {
    String s = "jit%nat: JIT speed as a percentage of native gcc -O2 (native ms / jit ms);"
        + " jit/qemu, jit/int, auto/int: speed ratios (qemu ms / jit ms, interp ms / jit ms,"
        + " interp ms / auto ms; above 1: the first is faster)";
    if (fresh) {
      s += "; auto1/int1: the guest run itself (denali run --stats, no JVM start) on auto over"
          + " the same on interp, both the first run in a fresh JVM (below 1: auto's first run"
          + " is faster)";
    }
    if (!fresh) {
      s += "; auto: the default engine, which translates a function only after "
          + TieredEngine.HOT / 1_000_000 + " million interpreted instructions in it ("
          + TieredEngine.SINGLE_PROCESSOR_FACTOR + "x that on one processor, more for a large"
          + " function), so in these runs it may not have translated a program's hot code yet";
    }
    return s + "; geomean: geometric mean over the programs with a value";
  }

  private static int width(Column c) {
    return Math.max(c.title().length(), 9);
  }

  private static String cell(Column c, double v) {
    String text = Double.isNaN(v) || Double.isInfinite(v) ? "-"
        : String.format(Locale.ROOT, c.format(), v);
    return String.format(Locale.ROOT, "%" + width(c) + "s", text);
  }
}
