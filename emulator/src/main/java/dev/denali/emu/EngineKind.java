package dev.denali.emu;

import dev.denali.emu.interp.Interpreter;
import dev.denali.emu.jit.JitEngine;
import dev.denali.emu.jit.TieredEngine;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The execution engines a user can choose, by the names the CLI and the kernel accept. */
public enum EngineKind {
  /** The interpreter only. */
  INTERP,
  /** Translate each function when it is first entered (a huge one once it is hot). */
  JIT,
  /** Interpret first, translate what is hot in the background (the default). */
  AUTO;

  /** The name users type: "interp", "jit", "auto". */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A new engine of this kind (engines are cheap; use one per host thread). */
  public Engine create() {
    return switch (this) {
      case INTERP -> new Interpreter();
      case JIT -> new JitEngine();
      case AUTO -> new TieredEngine();
    };
  }

  /**
   * A new engine of this kind for a kernel's worker: the same, except that {@code auto}
   * translates sooner ({@link TieredEngine#forServices}).
   */
  public Engine createForServices() {
    return this == AUTO ? TieredEngine.forServices() : create();
  }

  /** The kind named {@code label}, or null. */
  public static EngineKind byLabel(String label) {
    for (EngineKind k : values()) {
      if (k.label().equals(label)) {
        return k;
      }
    }
    return null;
  }

  /** "interp, jit, auto", for error messages. */
  public static String labels() {
    return Arrays.stream(values()).map(EngineKind::label).collect(Collectors.joining(", "));
  }
}
