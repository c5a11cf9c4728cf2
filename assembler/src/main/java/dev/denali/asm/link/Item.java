package dev.denali.asm.link;

import dev.denali.asm.source.Statement;

/** One statement that occupies a place in a section: a label, an instruction or a data directive. */
record Item(int file, Statement statement, Chunk chunk) {}
