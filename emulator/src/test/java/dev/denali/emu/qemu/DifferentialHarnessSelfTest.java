package dev.denali.emu.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.asm.testing.ExternalTool;
import dev.denali.emu.Code;
import dev.denali.emu.Engine;
import dev.denali.emu.StopReason;
import dev.denali.emu.Vm;
import dev.denali.emu.interp.Interpreter;
import dev.denali.emu.qemu.DifferentialHarness.Disagreement;
import dev.denali.emu.qemu.DifferentialHarness.EngineUnderTest;
import dev.denali.emu.qemu.DifferentialHarness.Execution;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the machinery of {@link QemuDifferentialTest}: the generator is reproducible and makes
 * complete programs, and a wrong engine is caught and its program reduced.
 */
class DifferentialHarnessSelfTest {
  private static final EngineUnderTest INTERP = DifferentialHarness.ENGINES.get(0);

  @Test
  void sameSeedSameProgram() {
    assertThat(RandomBehaviourGenerator.generate(42).source())
        .isEqualTo(RandomBehaviourGenerator.generate(42).source())
        .isNotEqualTo(RandomBehaviourGenerator.generate(43).source());
  }

  @Test
  void programsPrintTheirChecksumAndExitEvenWhenReducedToNothing() {
    for (long seed = 1; seed <= 5; seed++) {
      GeneratedProgram p = RandomBehaviourGenerator.generate(seed);
      for (String source : List.of(p.source(), p.source(new HashSet<>(p.blockIds())))) {
        Execution e = DifferentialHarness.denali(INTERP, DifferentialHarness.assemble(source));
        assertThat(e.abnormal()).as(source).isNull();
        assertThat(e.text()).contains("x01=", "x31=").doesNotContain("x02=");
        assertThat(e.text().lines().filter(l -> l.matches("x\\d\\d=[0-9a-f]{8}")).count())
            .isEqualTo(30);
      }
    }
  }

  /** The interpreter, except that sra shifts logically, as srl does. */
  private static final class SraAsSrl implements Engine {
    private final Interpreter interp = new Interpreter();

    @Override
    public String name() {
      return "broken";
    }

    @Override
    public StopReason run(Vm vm, long budget) {
      for (long i = 0; i < budget; i++) {
        Code code = vm.program().code();
        int word = code.word((vm.pc - code.base()) >> 2);
        int rs1 = vm.x[(word >>> 15) & 31];
        int rs2 = vm.x[(word >>> 20) & 31];
        StopReason r = interp.run(vm, 1);
        int rd = (word >>> 7) & 31;
        if ((word & 0xfe00707f) == 0x40005033 && rd != 0) {
          vm.x[rd] = rs1 >>> (rs2 & 31);
        }
        if (r != StopReason.BUDGET) {
          return r;
        }
      }
      return StopReason.BUDGET;
    }
  }

  @Test
  void aWrongEngineIsCaughtAndItsProgramReduced(@TempDir Path tmp) {
    Path qemu = ExternalTool.require("qemu-riscv32", "qemu-user");
    EngineUnderTest broken = new EngineUnderTest("broken", SraAsSrl::new);
    DifferentialHarness harness = new DifferentialHarness(qemu, tmp, List.of(INTERP, broken));
    GeneratedProgram failing = null;
    for (long seed = 1; seed < 50 && failing == null; seed++) {
      GeneratedProgram p = RandomBehaviourGenerator.generate(seed);
      if (harness.check(DifferentialHarness.assemble(p.source())).disagreement() != null) {
        failing = p;
      }
    }
    assertThat(failing).as("some program shows that sra is wrong").isNotNull();
    Disagreement d = harness.check(DifferentialHarness.assemble(failing.source())).disagreement();
    assertThat(d.engine()).isEqualTo("broken");
    assertThat(d.describe()).contains("first differing output line");

    String reduced = ProgramReducer.reduce(failing, s -> harness.check(
        DifferentialHarness.assemble(s)).disagreement() != null, 400);
    assertThat(harness.check(DifferentialHarness.assemble(reduced)).disagreement()).isNotNull();
    assertThat(reduced.length()).isLessThan(failing.source().length());
    assertThat(reduced).contains("sra ");
  }
}
