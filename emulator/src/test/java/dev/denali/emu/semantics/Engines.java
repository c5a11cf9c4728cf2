package dev.denali.emu.semantics;

import dev.denali.emu.Engine;
import dev.denali.emu.StopReason;
import dev.denali.emu.Vm;
import dev.denali.emu.interp.Interpreter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The one place that lists the execution engines every semantics, hostile-guest, loader and
 * corpus test runs against (BRIEF.md section 5.3: interpreter and JIT are peers behind one
 * boundary, and every corpus runs against both). When the JIT arrives, add it to {@link #all()}
 * and every test that takes an engine runs against it too.
 */
public final class Engines {
  private Engines() {}

  /**
   * A fresh instance of every engine, and the tiered engine once more with a region translated
   * as soon as it is entered ("auto-eager"), so programs run partly translated and partly
   * interpreted, with translations arriving from the background thread while they run.
   */
  public static List<Engine> all() {
    return List.of(new Interpreter(), new dev.denali.emu.jit.JitEngine(),
        new dev.denali.emu.jit.TieredEngine(), renamed("auto-eager",
            new dev.denali.emu.jit.TieredEngine(1)));
  }

  private static Engine renamed(String name, Engine engine) {
    return new Engine() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public StopReason run(Vm vm, long budget) {
        return engine.run(vm, budget);
      }
    };
  }

  /** {@link #all()} as JUnit arguments named after the engine, for {@link EngineTest}. */
  public static Stream<Arguments> arguments() {
    return all().stream().map(e -> Arguments.of(Named.of(e.name(), e)));
  }
}
