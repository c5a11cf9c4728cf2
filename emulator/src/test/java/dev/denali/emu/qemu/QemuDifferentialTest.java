package dev.denali.emu.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.denali.asm.testing.ExternalTool;
import dev.denali.emu.qemu.DifferentialHarness.Comparison;
import dev.denali.emu.qemu.DifferentialHarness.Disagreement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test against qemu-riscv32: random RV32IM programs ({@link RandomBehaviourGenerator})
 * are assembled once by the Denali assembler and run under qemu-riscv32 (user mode) and under
 * each Denali engine ({@link DifferentialHarness#ENGINES}); stdout (registers and memory as hex)
 * and exit status must be identical.
 *
 * <p>System properties: {@code denali.qemu.count} programs (default {@value #DEFAULT_COUNT}:
 * 4-11 s on the 2-core build machines, about 20-35 ms a program, mostly qemu's start; run
 * thousands locally with {@code -Ddenali.qemu.count=3000}),
 * {@code denali.qemu.seed} the first seed (the programs use seeds seed, seed+1, ...).
 * A program that disagrees is written to {@code target/qemu-failures/seed-N.s}, reduced to a
 * smaller one that still disagrees ({@code seed-N.min.s}), and the test fails naming its seed.
 * To rerun one: {@code -Ddenali.qemu.seed=N -Ddenali.qemu.count=1}.
 */
class QemuDifferentialTest {
  static final int DEFAULT_COUNT = 200;
  static final long DEFAULT_SEED = 20_020_000L;
  /** How many disagreeing programs are reduced (each may take tens of seconds). */
  static final int MAX_REDUCED = 3;
  static final int MAX_REDUCER_CHECKS = 1500;

  /**
   * Seeds skipped because of a known disagreement, each with the reason (the bug report). Keep
   * empty unless the suite must stay green while a reported bug waits for its fix.
   */
  static final Map<Long, String> EXCLUDED_SEEDS = Map.of();

  @Test
  void randomProgramsBehaveAsUnderQemu(@TempDir Path tmp) {
    Path qemu = ExternalTool.require("qemu-riscv32", "qemu-user");
    int count = Integer.getInteger("denali.qemu.count", DEFAULT_COUNT);
    long first = Long.getLong("denali.qemu.seed", DEFAULT_SEED);
    DifferentialHarness harness = new DifferentialHarness(qemu, tmp, DifferentialHarness.ENGINES);
    Path failures = Path.of("target", "qemu-failures");

    long start = System.nanoTime();
    int agreed = 0;
    int skipped = 0;
    long outputBytes = 0;
    long instructions = 0;
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long seed = first + i;
      if (EXCLUDED_SEEDS.containsKey(seed)) {
        skipped++;
        continue;
      }
      GeneratedProgram program = RandomBehaviourGenerator.generate(seed);
      String source = program.source();
      Comparison c;
      try {
        c = harness.check(DifferentialHarness.assemble(source));
      } catch (RuntimeException | AssertionError e) { // refused by the assembler or loader, a crash
        String report = "seed " + seed + ": " + e + "\nsource: "
            + write(failures, "seed-" + seed + ".s", source);
        System.err.println("[qemu-diff] FAILED " + report);
        e.printStackTrace();
        problems.add(report);
        continue;
      }
      Disagreement d = c.disagreement();
      if (d == null && c.qemuCompleted()) {
        agreed++;
        outputBytes += c.qemu().stdout().length;
        instructions += c.retired();
        continue;
      }
      String what = d != null ? d.describe()
          : "qemu-riscv32 did not run the program to its end (a generator bug): "
              + c.qemu().end() + "\n";
      String report = "seed " + seed + ": " + what + "source: "
          + write(failures, "seed-" + seed + ".s", source);
      if (d != null && problems.size() < MAX_REDUCED) {
        String engine = d.engine();
        String reduced = ProgramReducer.reduce(program, s -> {
          try {
            Disagreement again = harness.check(DifferentialHarness.assemble(s)).disagreement();
            return again != null && again.engine().equals(engine);
          } catch (RuntimeException | AssertionError e) {
            return false; // a different problem: keep looking for this one
          }
        }, MAX_REDUCER_CHECKS);
        Disagreement r = harness.check(DifferentialHarness.assemble(reduced)).disagreement();
        report += "\nreduced: " + write(failures, "seed-" + seed + ".min.s", reduced)
            + (r != null ? "\n" + r.describe() : "");
      }
      System.err.println("[qemu-diff] DISAGREEMENT " + report);
      problems.add(report);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.err.printf("[qemu-diff] %d of %d programs agreed with qemu-riscv32 on %s"
        + " (%d excluded, seeds %d..%d; %d guest instructions, %d bytes of output) in %d ms%n",
        agreed, count - skipped, DifferentialHarness.ENGINES.stream().map(e -> e.name()).toList(),
        skipped, first, first + count - 1, instructions, outputBytes, millis);
    if (!problems.isEmpty()) {
      fail(problems.size() + " of " + (count - skipped) + " programs disagreed; first:\n"
          + problems.get(0));
    }
    assertThat(agreed).isEqualTo(count - skipped);
  }

  private static String write(Path dir, String name, String text) {
    try {
      Files.createDirectories(dir);
      Path f = dir.resolve(name);
      Files.writeString(f, text, StandardCharsets.UTF_8);
      return f.toAbsolutePath().toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
