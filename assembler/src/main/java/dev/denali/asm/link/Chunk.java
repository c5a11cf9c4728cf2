package dev.denali.asm.link;

import java.io.ByteArrayOutputStream;

/**
 * The part of one output section that one source file contributes: its size, alignment and (in
 * the final pass) its bytes. The linker places the chunks of a section one after another, in
 * file order.
 */
final class Chunk {
  /** Section kinds of a chunk; NOTE holds the Denali settings note. */
  enum Kind {
    TEXT,
    RODATA,
    DATA,
    BSS,
    NOTE,
    /** Marks values of symbols not yet defined during layout passes. */
    UNRESOLVED
  }

  final int file;
  final Kind kind;
  long size;
  int alignment = 1;
  long address;
  ByteArrayOutputStream bytes;

  Chunk(int file, Kind kind) {
    this.file = file;
    this.kind = kind;
    if (kind == Kind.TEXT) {
      alignment = 4;
    }
  }
}
