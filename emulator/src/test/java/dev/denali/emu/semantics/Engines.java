package dev.denali.emu.semantics;

import dev.denali.emu.Engine;
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

  /** A fresh instance of every engine. */
  public static List<Engine> all() {
    return List.of(new Interpreter(), new dev.denali.emu.jit.JitEngine(),
        new dev.denali.emu.jit.TieredEngine());
  }

  /** {@link #all()} as JUnit arguments named after the engine, for {@link EngineTest}. */
  public static Stream<Arguments> arguments() {
    return all().stream().map(e -> Arguments.of(Named.of(e.name(), e)));
  }
}
