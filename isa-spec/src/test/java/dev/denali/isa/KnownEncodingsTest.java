package dev.denali.isa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Encodings produced by a real peer, GNU binutils: the source lines below were assembled with
 * {@code riscv64-unknown-elf-as -march=rv32im_zicsr -mno-relax} (GNU as 2.40) and disassembled with
 * {@code riscv64-unknown-elf-objdump -d} and {@code -d -M no-aliases}; the words and texts are
 * copied from that output (the tools are not called from this test). Branch and jump targets are
 * objdump's absolute addresses, written here without its {@code <symbol>} suffix.
 */
class KnownEncodingsTest {

  /**
   * One instruction as GNU saw it.
   *
   * @param pc its address in the assembled file
   * @param word the encoding GNU as produced
   * @param source what was fed to GNU as
   * @param gnu objdump's {@code -M no-aliases} text (tabs and ", " normalized away)
   * @param alias the Denali printer's alias text; equal to objdump's default text except where a
   *     comment says otherwise
   */
  record Known(int pc, int word, String source, String gnu, String alias) {}

  private static final List<Known> KNOWN = List.of(
      new Known(0x00, 0x00000513, "li a0, 0", "addi a0,zero,0", "li a0,0"),
      // objdump prints "add a0,a1,-1"; the Denali printer keeps addi.
      new Known(0x04, 0xfff58513, "addi a0, a1, -1", "addi a0,a1,-1", "addi a0,a1,-1"),
      new Known(0x08, 0xff010113, "addi sp, sp, -16", "addi sp,sp,-16", "addi sp,sp,-16"),
      new Known(0x0c, 0x00000013, "addi x0, x0, 0", "addi zero,zero,0", "nop"),
      new Known(0x10, 0x00010413, "mv s0, sp", "addi s0,sp,0", "mv s0,sp"),
      new Known(0x14, 0xfff34293, "not t0, t1", "xori t0,t1,-1", "not t0,t1"),
      new Known(0x18, 0x40c005b3, "neg a1, a2", "sub a1,zero,a2", "neg a1,a2"),
      new Known(0x1c, 0x00173693, "seqz a3, a4", "sltiu a3,a4,1", "seqz a3,a4"),
      new Known(0x20, 0x010037b3, "snez a5, a6", "sltu a5,zero,a6", "snez a5,a6"),
      new Known(0x24, 0x0005a533, "sltz a0, a1", "slt a0,a1,zero", "sltz a0,a1"),
      new Known(0x28, 0x00b02533, "sgtz a0, a1", "slt a0,zero,a1", "sgtz a0,a1"),
      new Known(0x2c, 0x8004a393, "slti t2, s1, -2048", "slti t2,s1,-2048", "slti t2,s1,-2048"),
      new Known(0x30, 0x7ff4b393, "sltiu t2, s1, 2047", "sltiu t2,s1,2047", "sltiu t2,s1,2047"),
      // objdump prints "xor a0,a0,2047", "or a0,a0,-1" and "zext.b a0,a0" for these three.
      new Known(0x34, 0x7ff54513, "xori a0, a0, 0x7ff", "xori a0,a0,2047", "xori a0,a0,2047"),
      new Known(0x38, 0xfff56513, "ori a0, a0, -1", "ori a0,a0,-1", "ori a0,a0,-1"),
      new Known(0x3c, 0x0ff57513, "andi a0, a0, 255", "andi a0,a0,255", "andi a0,a0,255"),
      // objdump prints shift amounts in hex (0x1f, 0x1, 0x7); here they are in decimal, as the
      // Denali printer writes them.
      new Known(0x40, 0x01f51513, "slli a0, a0, 31", "slli a0,a0,31", "slli a0,a0,31"),
      new Known(0x44, 0x0015d593, "srli a1, a1, 1", "srli a1,a1,1", "srli a1,a1,1"),
      new Known(0x48, 0x4076d613, "srai a2, a3, 7", "srai a2,a3,7", "srai a2,a3,7"),
      new Known(0x4c, 0x123455b7, "lui a1, 0x12345", "lui a1,0x12345", "lui a1,0x12345"),
      new Known(0x50, 0xfffff2b7, "lui t0, 0xfffff", "lui t0,0xfffff", "lui t0,0xfffff"),
      new Known(0x54, 0x00000097, "auipc ra, 0", "auipc ra,0x0", "auipc ra,0x0"),
      new Known(0x58, 0x00010197, "auipc gp, 0x10", "auipc gp,0x10", "auipc gp,0x10"),
      new Known(0x5c, 0x00c58533, "add a0, a1, a2", "add a0,a1,a2", "add a0,a1,a2"),
      new Known(0x60, 0x413904b3, "sub s1, s2, s3", "sub s1,s2,s3", "sub s1,s2,s3"),
      new Known(0x64, 0x01ee9e33, "sll t3, t4, t5", "sll t3,t4,t5", "sll t3,t4,t5"),
      new Known(0x68, 0x00c5a533, "slt a0, a1, a2", "slt a0,a1,a2", "slt a0,a1,a2"),
      new Known(0x6c, 0x00c5b533, "sltu a0, a1, a2", "sltu a0,a1,a2", "sltu a0,a1,a2"),
      new Known(0x70, 0x01fdcd33, "xor s10, s11, t6", "xor s10,s11,t6", "xor s10,s11,t6"),
      new Known(0x74, 0x00c5d533, "srl a0, a1, a2", "srl a0,a1,a2", "srl a0,a1,a2"),
      new Known(0x78, 0x40c5d533, "sra a0, a1, a2", "sra a0,a1,a2", "sra a0,a1,a2"),
      new Known(0x7c, 0x00c5e533, "or a0, a1, a2", "or a0,a1,a2", "or a0,a1,a2"),
      new Known(0x80, 0x00c5f533, "and a0, a1, a2", "and a0,a1,a2", "and a0,a1,a2"),
      new Known(0x84, 0x02c58533, "mul a0, a1, a2", "mul a0,a1,a2", "mul a0,a1,a2"),
      new Known(0x88, 0x02f716b3, "mulh a3, a4, a5", "mulh a3,a4,a5", "mulh a3,a4,a5"),
      new Known(0x8c, 0x027322b3, "mulhsu t0, t1, t2", "mulhsu t0,t1,t2", "mulhsu t0,t1,t2"),
      new Known(0x90, 0x0324b433, "mulhu s0, s1, s2", "mulhu s0,s1,s2", "mulhu s0,s1,s2"),
      new Known(0x94, 0x02b54533, "div a0, a0, a1", "div a0,a0,a1", "div a0,a0,a1"),
      new Known(0x98, 0x02b55533, "divu a0, a0, a1", "divu a0,a0,a1", "divu a0,a0,a1"),
      new Known(0x9c, 0x02e6e633, "rem a2, a3, a4", "rem a2,a3,a4", "rem a2,a3,a4"),
      new Known(0xa0, 0x02e6f633, "remu a2, a3, a4", "remu a2,a3,a4", "remu a2,a3,a4"),
      new Known(0xa4, 0xfff10503, "lb a0, -1(sp)", "lb a0,-1(sp)", "lb a0,-1(sp)"),
      new Known(0xa8, 0x00251583, "lh a1, 2(a0)", "lh a1,2(a0)", "lh a1,2(a0)"),
      new Known(0xac, 0x00c12083, "lw ra, 12(sp)", "lw ra,12(sp)", "lw ra,12(sp)"),
      new Known(0xb0, 0x80034283, "lbu t0, -2048(t1)", "lbu t0,-2048(t1)", "lbu t0,-2048(t1)"),
      new Known(0xb4, 0x7ff35283, "lhu t0, 2047(t1)", "lhu t0,2047(t1)", "lhu t0,2047(t1)"),
      new Known(0xb8, 0xfea10fa3, "sb a0, -1(sp)", "sb a0,-1(sp)", "sb a0,-1(sp)"),
      new Known(0xbc, 0xfeb41f23, "sh a1, -2(s0)", "sh a1,-2(s0)", "sh a1,-2(s0)"),
      new Known(0xc0, 0xfe112e23, "sw ra, -4(sp)", "sw ra,-4(sp)", "sw ra,-4(sp)"),
      new Known(0xc4, 0x7e01afa3, "sw zero, 2047(gp)", "sw zero,2047(gp)", "sw zero,2047(gp)"),
      new Known(0xc8, 0x00008067, "ret", "jalr zero,0(ra)", "ret"),
      new Known(0xcc, 0x00078067, "jr a5", "jalr zero,0(a5)", "jr a5"),
      new Known(0xd0, 0x000500e7, "jalr a0", "jalr ra,0(a0)", "jalr a0"),
      new Known(0xd4, 0x008582e7, "jalr t0, 8(a1)", "jalr t0,8(a1)", "jalr t0,8(a1)"),
      new Known(0xd8, 0xc0002573, "rdcycle a0", "csrrs a0,cycle,zero", "rdcycle a0"),
      new Known(0xdc, 0xc01025f3, "rdtime a1", "csrrs a1,time,zero", "rdtime a1"),
      new Known(0xe0, 0xc0202673, "rdinstret a2", "csrrs a2,instret,zero", "rdinstret a2"),
      new Known(0xe4, 0xc80026f3, "rdcycleh a3", "csrrs a3,cycleh,zero", "rdcycleh a3"),
      new Known(0xe8, 0xc8102773, "rdtimeh a4", "csrrs a4,timeh,zero", "rdtimeh a4"),
      new Known(0xec, 0xc82027f3, "rdinstreth a5", "csrrs a5,instreth,zero", "rdinstreth a5"),
      new Known(0xf0, 0xc00022f3, "csrr t0, cycle", "csrrs t0,cycle,zero", "rdcycle t0"),
      new Known(0xf4, 0x00000073, "ecall", "ecall", "ecall"),
      new Known(0xf8, 0x00100073, "ebreak", "ebreak", "ebreak"),
      new Known(0xfc, 0x0ff0000f, "fence", "fence iorw,iorw", "fence"),
      new Known(0x100, 0x0330000f, "fence rw, rw", "fence rw,rw", "fence rw,rw"),
      new Known(0x104, 0x0840000f, "fence i, o", "fence i,o", "fence i,o"),
      new Known(0x130, 0xecb508e3, "beq a0, a1, start", "beq a0,a1,0", "beq a0,a1,0"),
      new Known(0x134, 0xfe051ee3, "bne a0, zero, back", "bne a0,zero,130", "bnez a0,130"),
      new Known(0x138, 0xfeb54ce3, "blt a0, a1, back", "blt a0,a1,130", "blt a0,a1,130"),
      new Known(0x13c, 0xfe62dae3, "bge t0, t1, back", "bge t0,t1,130", "bge t0,t1,130"),
      new Known(0x140, 0xfed668e3, "bltu a2, a3, back", "bltu a2,a3,130", "bltu a2,a3,130"),
      new Known(0x144, 0xfef776e3, "bgeu a4, a5, back", "bgeu a4,a5,130", "bgeu a4,a5,130"),
      new Known(0x148, 0x02050463, "beqz a0, fwd", "beq a0,zero,170", "beqz a0,170"),
      new Known(0x14c, 0x02059263, "bnez a1, fwd", "bne a1,zero,170", "bnez a1,170"),
      new Known(0x150, 0x02064063, "bltz a2, fwd", "blt a2,zero,170", "bltz a2,170"),
      new Known(0x154, 0x0006de63, "bgez a3, fwd", "bge a3,zero,170", "bgez a3,170"),
      new Known(0x158, 0xfce04ce3, "bgtz a4, back", "blt zero,a4,130", "bgtz a4,130"),
      new Known(0x15c, 0xfcf05ae3, "blez a5, back", "bge zero,a5,130", "blez a5,130"),
      new Known(0x160, 0xea1ff06f, "j start", "jal zero,0", "j 0"),
      new Known(0x164, 0xe9dff0ef, "jal start", "jal ra,0", "jal 0"),
      new Known(0x168, 0x008002ef, "jal t0, fwd", "jal t0,170", "jal t0,170"),
      new Known(0x16c, 0xfc5ff06f, "j back", "jal zero,130", "j 130"),
      new Known(0x170, 0x00000013, "nop", "addi zero,zero,0", "nop"));

  /**
   * Denali's instructions as GNU as encodes their {@code .insn r CUSTOM_0, f3, f7, rd, rs1, rs2}
   * forms (objdump prints these words as {@code .4byte}; the text is the Denali printer's).
   */
  private static final List<Known> DENALI = List.of(
      new Known(0x108, 0x0005000b, ".insn r CUSTOM_0, 0, 0, x0, a0, x0", "d.exit a0", "d.exit a0"),
      new Known(0x10c, 0x0205850b, ".insn r CUSTOM_0, 0, 1, a0, a1, x0",
          "d.idle a0,a1", "d.idle a0,a1"),
      new Known(0x110, 0x0400000b, ".insn r CUSTOM_0, 0, 2, x0, x0, x0", "d.iret", "d.iret"),
      new Known(0x114, 0x00c5950b, ".insn r CUSTOM_0, 1, 0, a0, a1, a2",
          "d.console.write a0,a1,a2", "d.console.write a0,a1,a2"),
      new Known(0x118, 0x0005a50b, ".insn r CUSTOM_0, 2, 0, a0, a1, x0",
          "d.clock.read a0,a1", "d.clock.read a0,a1"),
      new Known(0x11c, 0x00c5b50b, ".insn r CUSTOM_0, 3, 0, a0, a1, a2",
          "d.net.send a0,a1,a2", "d.net.send a0,a1,a2"),
      new Known(0x120, 0x02c5b50b, ".insn r CUSTOM_0, 3, 1, a0, a1, a2",
          "d.net.recv a0,a1,a2", "d.net.recv a0,a1,a2"),
      new Known(0x124, 0x00c5c50b, ".insn r CUSTOM_0, 4, 0, a0, a1, a2",
          "d.disk.read a0,a1,a2", "d.disk.read a0,a1,a2"),
      new Known(0x128, 0x02c5c50b, ".insn r CUSTOM_0, 4, 1, a0, a1, a2",
          "d.disk.write a0,a1,a2", "d.disk.write a0,a1,a2"),
      new Known(0x12c, 0x0400450b, ".insn r CUSTOM_0, 4, 2, a0, x0, x0",
          "d.disk.flush a0", "d.disk.flush a0"));

  private static final Printer CANONICAL = new Printer(false, Integer::toHexString);
  private static final Printer ALIASES = new Printer(true, Integer::toHexString);

  @Test
  void decodesPrintsAndReencodesGnuWords() {
    for (Known k : concat()) {
      Instruction insn = Decoder.decode(k.word());
      assertThat(insn).as("decode 0x%08x (%s)", k.word(), k.source()).isNotNull();
      assertThat(normalize(CANONICAL.print(insn, k.pc()))).as("canonical 0x%08x", k.word())
          .isEqualTo(k.gnu());
      assertThat(normalize(ALIASES.print(insn, k.pc()))).as("alias 0x%08x", k.word())
          .isEqualTo(k.alias());
      assertThat(insn.encode()).as("encode %s", k.source()).isEqualTo(k.word());
      assertThat(insn.op().encode(insn.rd(), insn.rs1(), insn.rs2(), insn.imm()))
          .isEqualTo(k.word());
    }
  }

  @Test
  void decodedFieldsOfRepresentativeWords() {
    assertFields(0x00000513, Opcode.ADDI, 10, 0, 0, 0);
    assertFields(0xfff58513, Opcode.ADDI, 10, 11, 0, -1);
    assertFields(0x00008067, Opcode.JALR, 0, 1, 0, 0);
    assertFields(0xfd5ff06f, Opcode.JAL, 0, 0, 0, -44); // "j -44" (GNU: jal zero, . - 44)
    assertFields(0x123455b7, Opcode.LUI, 11, 0, 0, 0x12345);
    assertFields(0xfffff2b7, Opcode.LUI, 5, 0, 0, 0xfffff);
    assertFields(0xc0002573, Opcode.CSRRS, 10, 0, 0, 0xC00);
    assertFields(0x00000073, Opcode.ECALL, 0, 0, 0, 0);
    assertFields(0x00100073, Opcode.EBREAK, 0, 0, 0, 0);
    assertFields(0x0ff0000f, Opcode.FENCE, 0, 0, 0, 0xFF);
    assertFields(0x02b54533, Opcode.DIV, 10, 10, 11, 0);
    assertFields(0x02e6f633, Opcode.REMU, 12, 13, 14, 0);
    assertFields(0x4076d613, Opcode.SRAI, 12, 13, 0, 7);
    assertFields(0xfea10fa3, Opcode.SB, 0, 2, 10, -1);
    assertFields(0xfeb41f23, Opcode.SH, 0, 8, 11, -2);
    assertFields(0xfe112e23, Opcode.SW, 0, 2, 1, -4);
    assertFields(0xecb508e3, Opcode.BEQ, 0, 10, 11, -0x130);
    assertFields(0xfe051ee3, Opcode.BNE, 0, 10, 0, -4);
    assertFields(0xfcf05ae3, Opcode.BGE, 0, 0, 15, -0x2c);
    assertFields(0xe9dff0ef, Opcode.JAL, 1, 0, 0, -0x164);
    assertFields(0x0205850b, Opcode.D_IDLE, 10, 11, 0, 0);
    assertFields(0x0400450b, Opcode.D_DISK_FLUSH, 10, 0, 0, 0);
  }

  @Test
  void jumpBackwards44() {
    // From "j .-44" at address 0x100: GNU as gives 0xfd5ff06f.
    Instruction j = Decoder.decode(0xfd5ff06f);
    assertThat(ALIASES.print(j, 0x100)).isEqualTo("j d4");
    assertThat(Printer.standard().print(j, 0x100)).isEqualTo("j 0xd4");
    assertThat(Opcode.JAL.encode(0, 0, 0, -44)).isEqualTo(0xfd5ff06f);
  }

  private static void assertFields(int word, Opcode op, int rd, int rs1, int rs2, int imm) {
    assertThat(Decoder.decode(word)).as("decode 0x%08x", word)
        .isEqualTo(new Instruction(op, rd, rs1, rs2, imm));
    assertThat(op.encode(rd, rs1, rs2, imm)).as("encode 0x%08x", word).isEqualTo(word);
  }

  private static List<Known> concat() {
    List<Known> all = new java.util.ArrayList<>(KNOWN);
    all.addAll(DENALI);
    return all;
  }

  /** Printer text in objdump's spacing: "op a,b,c". */
  private static String normalize(String printed) {
    return printed.replace(", ", ",");
  }
}
