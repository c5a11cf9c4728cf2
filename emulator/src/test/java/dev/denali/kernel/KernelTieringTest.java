package dev.denali.kernel;

import static dev.denali.kernel.KernelFixture.await;
import static dev.denali.kernel.KernelFixture.awaitState;
import static dev.denali.kernel.KernelFixture.load;
import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.emu.EngineKind;
import dev.denali.emu.jit.TieredEngine;
import dev.denali.emu.jit.Translation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A kernel's {@code auto} engine translates hot code at a tenth of the thresholds a one-shot
 * {@code denali run} uses ({@link TieredEngine#forServices}): services run for hours.
 */
class KernelTieringTest {
  /** 40 M instructions: over the kernel's threshold (5 M, or 20 M on one processor), under
   * the one-shot one (50 M, or 200 M). */
  private static final String LOOP = """
      _start:
          li t0, 20000000
      1:  addi t0, t0, -1
          bnez t0, 1b
          d.exit zero
      """;

  @Test
  void aKernelTranslatesALoopThatDenaliRunWouldInterpret() throws Exception {
    assertThat(TieredEngine.SERVICE_DIVISOR).isEqualTo(10);
    try (Kernel k = Kernel.start(KernelConfig.defaults().withEngine(EngineKind.AUTO))) {
      Binary loop = load(k, "loop", LOOP);
      int id = k.create(loop, dev.denali.kernel.VmOptions.defaults());
      k.start(id);
      awaitState(k, id, VmState.EXITED);
      assertThat(k.info(id).retired()).isEqualTo(40_000_003L);
      Translation t = Translation.of(loop.program());
      // the translation runs in the background and may finish after the VM did
      await("the loop's function translated", Duration.ofSeconds(60), () -> t.functions() >= 1);
    }
  }
}
