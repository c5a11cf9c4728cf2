package dev.denali.isa;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The 32 integer registers: numbers, ABI names, and how assembly may spell them. */
public final class Registers {
  /** ABI names by register number (RISC-V psABI, integer calling convention). */
  private static final String[] ABI = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
    "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
    "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"
  };

  private static final Map<String, Integer> BY_NAME = new HashMap<>();

  static {
    for (int i = 0; i < 32; i++) {
      BY_NAME.put("x" + i, i);
      BY_NAME.put(ABI[i], i);
    }
    BY_NAME.put("fp", 8);
  }

  public static final int ZERO = 0;
  public static final int RA = 1;
  public static final int SP = 2;
  public static final int T1 = 6;
  public static final int A0 = 10;
  public static final int A7 = 17;

  private Registers() {}

  /** The ABI name of register {@code n} (0..31). */
  public static String abiName(int n) {
    return ABI[n];
  }

  /** The number of the register called {@code name} (xN, an ABI name, or fp), or -1. */
  public static int parse(String name) {
    Integer n = BY_NAME.get(name.toLowerCase(Locale.ROOT));
    return n == null ? -1 : n;
  }
}
