package dev.denali.asm.source;

/**
 * One line of expanded source: its text (comments blanked out, macro arguments substituted), the
 * file and line it came from, the original text for diagnostics, and the macro expansion it
 * belongs to (null outside macros).
 */
public record Line(String text, String file, int line, String original, String context) {}
