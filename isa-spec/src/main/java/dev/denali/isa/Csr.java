package dev.denali.isa;

import java.util.Locale;

/**
 * The only CSRs of the Denali ISA: the read-only unprivileged counters (Zicntr). Everything else of
 * the privileged architecture is taken away.
 */
public enum Csr {
  CYCLE(0xC00, "retired guest instructions, low 32 bits (deterministic: equals instret)"),
  TIME(0xC01, "microseconds of a monotonic clock, low 32 bits"),
  INSTRET(0xC02, "retired guest instructions, low 32 bits"),
  CYCLEH(0xC80, "cycle, high 32 bits"),
  TIMEH(0xC81, "time, high 32 bits"),
  INSTRETH(0xC82, "instret, high 32 bits");

  private final int number;
  private final String meaning;

  Csr(int number, String meaning) {
    this.number = number;
    this.meaning = meaning;
  }

  public int number() {
    return number;
  }

  public String meaning() {
    return meaning;
  }

  /** The assembly name (lower case), e.g. {@code "instret"}. */
  public String asmName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The counter with this number, or null. */
  public static Csr byNumber(int number) {
    for (Csr c : values()) {
      if (c.number == number) {
        return c;
      }
    }
    return null;
  }

  /** The counter with this assembly name, or null. */
  public static Csr byName(String name) {
    for (Csr c : values()) {
      if (c.asmName().equalsIgnoreCase(name)) {
        return c;
      }
    }
    return null;
  }
}
