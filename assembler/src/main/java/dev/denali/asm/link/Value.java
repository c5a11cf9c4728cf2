package dev.denali.asm.link;

/**
 * The value of an expression: a 64-bit number (an address for labels, at the current layout) and
 * the section chunk it is relative to, or null when it is absolute. A label minus a label of the
 * same chunk is absolute, as in GNU as; {@code li} needs this to pick its length.
 */
record Value(long value, Chunk base) {
  static Value absolute(long v) {
    return new Value(v, null);
  }

  boolean isAbsolute() {
    return base == null;
  }
}
