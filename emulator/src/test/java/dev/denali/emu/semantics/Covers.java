package dev.denali.emu.semantics;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the instructions (mnemonics of {@link dev.denali.isa.Opcode}) whose semantics a test
 * method checks. {@code InstructionCoverageTest} fails when an instruction of the table has no
 * test (BRIEF.md section 5.1: a test fails when an instruction lacks any of its parts).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Covers {
  String[] value();
}
