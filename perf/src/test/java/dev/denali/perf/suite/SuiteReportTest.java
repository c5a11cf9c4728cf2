package dev.denali.perf.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.denali.asm.testing.ExternalTool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness's own logic: the cross-checks, medians, the table; and one end-to-end run. */
class SuiteReportTest {
  private static final String LINE = "crc32: 1 iterations, checksum 0x0123abcd ok\n";

  @Test
  void aRunThatRetiresOtherInstructionsOrPrintsOtherwiseIsAMismatch() {
    Agreement a = new Agreement("crc32");
    a.check("interp run 1", Behaviour.exited(0, LINE, 1000));
    a.check("jit run 1", Behaviour.exited(0, LINE, 1000));
    a.check("qemu-riscv32 run 1", Behaviour.exited(0, LINE, Behaviour.UNKNOWN));
    assertThat(a.problems()).isEmpty();

    a.check("auto run 1", Behaviour.exited(0, LINE, 1001));
    a.check("native", Behaviour.exited(0, LINE.replace("ok", "ko"), Behaviour.UNKNOWN));
    a.check("jit run 2", new Behaviour(-1, "", 50, "illegal instruction at pc 0x00010000"));
    assertThat(a.problems()).hasSize(3);
    assertThat(a.problems().get(0)).startsWith("crc32: auto run 1 disagrees with interp run 1")
        .contains("1000 instructions").contains("1001 instructions");
    assertThat(a.problems().get(2)).contains("illegal instruction");
  }

  @Test
  void aReferenceThatFailedItsOwnCheckIsAMismatch() {
    Agreement a = new Agreement("crc32");
    a.check("interp run 1", Behaviour.exited(1,
        "crc32: 1 iterations, checksum 0x0123abcd FAILED (expected 0x00000001)\n", 1000));
    assertThat(a.problems()).singleElement().asString().contains("its own check failed");
  }

  @Test
  void mediansAndGeometricMeansLeaveOutWhatWasNotMeasured() {
    assertThat(Stats.median(new double[] {5, 1, 3})).isEqualTo(3);
    assertThat(Stats.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    assertThat(Stats.median(new double[] {Double.NaN, 7})).isEqualTo(7);
    assertThat(Stats.geometricMean(new double[] {2, 8, Double.NaN})).isCloseTo(4, within(1e-12));
    assertThat(Stats.geometricMean(new double[] {Double.NaN})).isNaN();
  }

  @Test
  void theTableEndsWithTheGeometricMeanOfEachColumn() {
    List<SuiteTable.Row> rows = List.of(
        new SuiteTable.Row("a", 100, 1, 10, 40, 20, 10, Double.NaN),
        new SuiteTable.Row("b", 400, Double.NaN, 40, 160, 20, 40, Double.NaN));
    String table = SuiteTable.format(rows, false);
    List<String> lines = table.lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(1)).startsWith("a ").contains("5.0%").contains("2.00x");
    assertThat(lines.get(2)).startsWith("b ").contains(" - ").contains("8.00x");
    // geomean: insns sqrt(100*400) = 200; jit/int sqrt(2*8) = 4; jit%nat only from a: 5%
    assertThat(lines.get(3)).startsWith("geomean").contains(" 200 ").contains("4.00x")
        .contains("5.0%");
  }

  @Test
  void oneProgramEndToEndAgreesEverywhere() {
    ExternalTool.require("riscv64-unknown-elf-gcc", "gcc-riscv64-unknown-elf");
    String before = System.getProperty("denali.root");
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int status;
    try {
      System.setProperty("denali.root", SuiteProgramsTest.root().toString());
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      status = SuiteReport.run(new String[] {"--runs", "1", "--warmup", "0", "cipher"});
    } finally {
      System.setOut(out);
      if (before == null) {
        System.clearProperty("denali.root");
      } else {
        System.setProperty("denali.root", before);
      }
    }
    String report = captured.toString(StandardCharsets.UTF_8);
    assertThat(status).as(report).isZero();
    assertThat(report).contains("mode: steady state").contains("JVM: ")
        .contains("checks: every run of every program agreed");
    assertThat(report.lines().filter(l -> l.matches("cipher +[0-9,]+ .*")).toList()).as(report)
        .hasSize(1);
  }
}
