package dev.denali.isa;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Words that are not Denali instructions decode to null (an illegal-instruction fault). */
class DecoderTest {

  @Test
  void allZeroAndAllOnesAreIllegal() {
    assertThat(Decoder.decode(0)).isNull();
    assertThat(Decoder.decode(0xFFFF_FFFF)).isNull();
  }

  @Test
  void compressedEncodingsAreIllegal() {
    // RVC patterns (low two bits != 11): c.li a0, 0 is 0x4501; c.nop 0x0001; c.mv a0, a1 0x852e;
    // c.jr ra (ret) 0x8082; the same as the low half of a word with anything above.
    for (int half : new int[] {0x4501, 0x0001, 0x852e, 0x8082, 0x0000, 0xfffe}) {
      assertThat(Decoder.decode(half)).as("0x%04x", half).isNull();
      assertThat(Decoder.decode(0x4501_0000 | half)).isNull();
    }
    for (int word = 0; word < 0x10000; word++) {
      if ((word & 3) != 3) {
        assertThat(Decoder.decode(word)).isNull();
        assertThat(Decoder.decode(word | 0x0013_0000)).isNull();
      }
    }
  }

  @Test
  void onlyTheCountersAreCsrs() {
    // csrrs a0, mstatus (0x300), zero: a real RISC-V encoding, but not a counter.
    assertThat(Decoder.decode(0x30002573)).isNull();
    // csrrs a0, 0x001 (fflags), zero and csrrs a0, 0xb00 (mcycle), zero
    assertThat(Decoder.decode(0x00102573)).isNull();
    assertThat(Decoder.decode(0xb0002573)).isNull();
    // csrrs a0, cycle, a1: rs1 != 0 would set bits; counters are read-only.
    assertThat(Decoder.decode(0xc005a573)).isNull();
    // csrrw a0, cycle, zero; csrrc; csrrwi; csrrsi; csrrci
    assertThat(Decoder.decode(0xc0001573)).isNull();
    assertThat(Decoder.decode(0xc0003573)).isNull();
    assertThat(Decoder.decode(0xc0005573)).isNull();
    assertThat(Decoder.decode(0xc0006573)).isNull();
    assertThat(Decoder.decode(0xc0007573)).isNull();
    // The six counters decode.
    for (Csr c : Csr.values()) {
      Instruction insn = Decoder.decode(c.number() << 20 | 10 << 7 | 0x2073);
      assertThat(insn).isEqualTo(new Instruction(Opcode.CSRRS, 10, 0, 0, c.number()));
    }
    // Every other CSR number is illegal.
    for (int csr = 0; csr < 4096; csr++) {
      if (Csr.byNumber(csr) == null) {
        assertThat(Decoder.decode(csr << 20 | 10 << 7 | 0x2073)).as("csr 0x%x", csr).isNull();
      }
    }
  }

  @Test
  void privilegedAndOtherSystemWordsAreIllegal() {
    assertThat(Decoder.decode(0x30200073)).as("mret").isNull();
    assertThat(Decoder.decode(0x10500073)).as("wfi").isNull();
    assertThat(Decoder.decode(0x12000073)).as("sfence.vma zero, zero").isNull();
    assertThat(Decoder.decode(0x00200073)).as("uret-like").isNull();
    assertThat(Decoder.decode(0x000000f3)).as("ecall with rd != 0").isNull();
    assertThat(Decoder.decode(0x0000100f)).as("fence.i: text is immutable").isNull();
  }

  @Test
  void denaliWordsWithNonZeroUnusedFieldsAreIllegal() {
    // d.exit a0 is 0x0005000b: rd and rs2 are unused.
    assertThat(Decoder.decode(0x0005000b)).isNotNull();
    assertThat(Decoder.decode(0x0005000b | 1 << 7)).as("d.exit with rd").isNull();
    assertThat(Decoder.decode(0x0005000b | 1 << 20)).as("d.exit with rs2").isNull();
    // d.iret uses no register field.
    assertThat(Decoder.decode(0x0400000b)).isNotNull();
    assertThat(Decoder.decode(0x0400000b | 5 << 7)).isNull();
    assertThat(Decoder.decode(0x0400000b | 5 << 15)).isNull();
    assertThat(Decoder.decode(0x0400000b | 5 << 20)).isNull();
    // d.idle a0, a1 leaves rs2 unused; d.disk.flush a0 leaves rs1 and rs2 unused.
    assertThat(Decoder.decode(0x0205850b | 1 << 20)).isNull();
    assertThat(Decoder.decode(0x0400450b | 1 << 15)).isNull();
    assertThat(Decoder.decode(0x0400450b | 1 << 20)).isNull();
    // In general: any bit set in an unused field of any Denali instruction.
    for (Opcode op : Opcode.values()) {
      if (op.extension() != Extension.DENALI) {
        continue;
      }
      int base = op.match();
      int unused = op.syntax().unusedRegisterMask();
      for (int bit = 0; bit < 32; bit++) {
        if ((unused & 1 << bit) != 0) {
          assertThat(Decoder.decode(base | 1 << bit)).as("%s with bit %d", op, bit).isNull();
        }
      }
    }
  }

  @Test
  void unknownDenaliOperationsAndDevicesAreIllegal() {
    // funct3 = 0 (core) knows funct7 0, 1, 2; 3 and 0x7f are unknown.
    assertThat(Decoder.decode(0x0600000b)).isNull();
    assertThat(Decoder.decode(0xfe00000b)).isNull();
    // console (1) knows only funct7 0; clock (2) only 0; net (3) 0 and 1; disk (4) 0, 1, 2.
    assertThat(Decoder.decode(0x0200100b)).isNull();
    assertThat(Decoder.decode(0x0200200b)).isNull();
    assertThat(Decoder.decode(0x0400300b)).isNull();
    assertThat(Decoder.decode(0x0600400b)).isNull();
    // Devices 5, 6, 7 do not exist.
    for (int f3 = 5; f3 < 8; f3++) {
      for (int f7 = 0; f7 < 128; f7++) {
        assertThat(Decoder.decode(f7 << 25 | f3 << 12 | Opcode.CUSTOM_0)).isNull();
      }
    }
    // Across all funct3/funct7 pairs, exactly the table's ten decode.
    int legal = 0;
    for (int f3 = 0; f3 < 8; f3++) {
      for (int f7 = 0; f7 < 128; f7++) {
        if (Decoder.decode(f7 << 25 | f3 << 12 | Opcode.CUSTOM_0) != null) {
          legal++;
        }
      }
    }
    assertThat(legal).isEqualTo(10);
  }

  @Test
  void otherMajorOpcodesAreIllegal() {
    // custom-1 (0x2b), AMO (0x2f), LOAD-FP (0x07), OP-32 (0x3b, RV64 only), OP-IMM-32 (0x1b).
    for (int major : new int[] {0x2b, 0x2f, 0x07, 0x27, 0x3b, 0x1b, 0x5b, 0x7b, 0x53}) {
      assertThat(Decoder.decode(major)).as("major 0x%02x", major).isNull();
      assertThat(Decoder.decode(0x00c58000 | major)).isNull();
    }
    // Undefined funct3 values of loads, stores and branches.
    assertThat(Decoder.decode(0x00003003)).as("ld (RV64)").isNull();
    assertThat(Decoder.decode(0x00006003)).as("lwu (RV64)").isNull();
    assertThat(Decoder.decode(0x00003023)).as("sd (RV64)").isNull();
    assertThat(Decoder.decode(0x00002063)).as("branch funct3 2").isNull();
    assertThat(Decoder.decode(0x00001067)).as("jalr funct3 1").isNull();
    // Shifts with a non-zero upper field: slli with bit 25 set is RV64's 6-bit shamt.
    assertThat(Decoder.decode(0x02051513)).isNull();
    assertThat(Decoder.decode(0x20055513)).as("srli/srai with funct7 0x10").isNull();
    // R-type with unknown funct7.
    assertThat(Decoder.decode(0x10c58533)).isNull();
  }
}
