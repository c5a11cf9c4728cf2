package dev.denali.emu.jit;

/** Per-run state passed to translated regions: the instruction budget left. */
public final class JitFrame {
  public long budget;
}
