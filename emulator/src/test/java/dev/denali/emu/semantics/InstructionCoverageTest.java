package dev.denali.emu.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.isa.Opcode;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every instruction of the table ({@link Opcode}: RV32I, M, Zicntr and Denali) has at least one
 * semantics test that runs it through the engine boundary, marked with {@link Covers}.
 */
class InstructionCoverageTest {
  private static final List<Class<?>> SUITES = List.of(InstructionSemanticsTest.class,
      MExtensionSemanticsTest.class,
      MemorySemanticsTest.class, SystemSemanticsTest.class, InstructionPropertiesTest.class,
      DenaliInstructionsTest.class, VirtualInterruptsTest.class);

  @Test
  void everyInstructionHasASemanticsTest() {
    Set<String> covered = new TreeSet<>();
    for (Class<?> suite : SUITES) {
      for (Method m : suite.getDeclaredMethods()) {
        Covers c = m.getAnnotation(Covers.class);
        if (c != null) {
          covered.addAll(Arrays.asList(c.value()));
        }
      }
    }
    Set<String> missing = new TreeSet<>();
    for (Opcode op : Opcode.values()) {
      if (!covered.contains(op.mnemonic())) {
        missing.add(op.mnemonic());
      }
    }
    assertThat(missing).as("instructions without a semantics test").isEmpty();
    Set<String> unknown = new TreeSet<>(covered);
    Arrays.stream(Opcode.values()).map(Opcode::mnemonic).forEach(unknown::remove);
    assertThat(unknown).as("@Covers names that are not instructions").isEmpty();
  }
}
