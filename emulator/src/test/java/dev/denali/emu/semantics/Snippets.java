package dev.denali.emu.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.emu.Engine;
import dev.denali.emu.Runner;

/**
 * Small guests for semantics tests: a few instructions after {@code _start}, then {@code d.exit
 * zero}, optionally followed by data sections. The test then reads the VM's registers.
 */
public final class Snippets {
  private Snippets() {}

  public static final String HEADER = ".text\n.globl _start\n_start:\n";

  /** {@code text} as the body of {@code _start}, ending in {@code d.exit zero}. */
  public static String program(String text) {
    return program(text, "");
  }

  /** Like {@link #program(String)}, followed by {@code sections} (.data, .rodata, ...). */
  public static String program(String text, String sections) {
    return HEADER + text + "\n    d.exit zero\n" + sections + "\n";
  }

  /** Runs {@link #program(String)} on {@code engine}; it must exit. */
  public static Guest.Run exec(Engine engine, String text) {
    return exec(engine, text, "");
  }

  /** Runs {@link #program(String, String)} on {@code engine}; it must exit. */
  public static Guest.Run exec(Engine engine, String text, String sections) {
    Guest.Run r = Guest.of(program(text, sections)).on(engine).run();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
    return r;
  }
}
