package dev.denali.isa;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

class OpcodeIdsTest {
  @Test
  void everyConstantIsTheOrdinalOfItsOpcode() throws Exception {
    for (Opcode op : Opcode.values()) {
      Field f = OpcodeIds.class.getField(op.name());
      assertThat(f.getInt(null)).as(op.name()).isEqualTo(op.ordinal());
    }
    assertThat(OpcodeIds.COUNT).isEqualTo(Opcode.values().length);
  }
}
