package dev.denali.emu.jit.diff;

/** A generated guest program: its seed, what kind of program it is, and its assembly source. */
record GeneratedSource(long seed, String kind, String source) {}
