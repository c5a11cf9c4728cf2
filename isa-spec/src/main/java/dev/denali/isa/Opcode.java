package dev.denali.isa;

import static dev.denali.isa.Extension.DENALI;
import static dev.denali.isa.Extension.M;
import static dev.denali.isa.Extension.RV32I;
import static dev.denali.isa.Extension.ZICNTR;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The instruction table of the Denali virtual ISA: the one source of truth for every instruction's
 * mnemonic, format, encoding, assembly syntax, ISA part and meaning. The assembler, disassembler,
 * decoder, interpreter and JIT all read it; the manual's instruction table is generated from it
 * ({@link IsaManual}) and a test keeps the two equal.
 *
 * <p>Encodings follow the RISC-V unprivileged spec (version 20191213) for RV32I, M and Zicntr. The
 * Denali instructions are R-format words in the custom-0 major opcode (0b0001011): funct3 selects
 * the device, funct7 the operation (manual, "Denali virtual instructions").
 */
public enum Opcode {
  // RV32I: upper immediates and jumps
  LUI("lui", RV32I, Format.U, Syntax.RD_UIMM, 0x37, -1, -1, "rd = imm20 << 12"),
  AUIPC("auipc", RV32I, Format.U, Syntax.RD_UIMM, 0x17, -1, -1, "rd = pc + (imm20 << 12)"),
  JAL("jal", RV32I, Format.J, Syntax.RD_JUMP, 0x6F, -1, -1, "rd = pc + 4; pc = target"),
  JALR("jalr", RV32I, Format.I, Syntax.RD_MEM, 0x67, 0, -1,
      "rd = pc + 4; pc = (rs1 + offset) & ~1"),
  // RV32I: branches
  BEQ("beq", RV32I, Format.B, Syntax.RS1_RS2_BRANCH, 0x63, 0, -1, "if rs1 == rs2: pc = target"),
  BNE("bne", RV32I, Format.B, Syntax.RS1_RS2_BRANCH, 0x63, 1, -1, "if rs1 != rs2: pc = target"),
  BLT("blt", RV32I, Format.B, Syntax.RS1_RS2_BRANCH, 0x63, 4, -1,
      "if rs1 < rs2 (signed): pc = target"),
  BGE("bge", RV32I, Format.B, Syntax.RS1_RS2_BRANCH, 0x63, 5, -1,
      "if rs1 >= rs2 (signed): pc = target"),
  BLTU("bltu", RV32I, Format.B, Syntax.RS1_RS2_BRANCH, 0x63, 6, -1,
      "if rs1 < rs2 (unsigned): pc = target"),
  BGEU("bgeu", RV32I, Format.B, Syntax.RS1_RS2_BRANCH, 0x63, 7, -1,
      "if rs1 >= rs2 (unsigned): pc = target"),
  // RV32I: loads and stores (misaligned addresses work)
  LB("lb", RV32I, Format.I, Syntax.RD_MEM, 0x03, 0, -1, "rd = sext(mem8[rs1 + offset])"),
  LH("lh", RV32I, Format.I, Syntax.RD_MEM, 0x03, 1, -1, "rd = sext(mem16[rs1 + offset])"),
  LW("lw", RV32I, Format.I, Syntax.RD_MEM, 0x03, 2, -1, "rd = mem32[rs1 + offset]"),
  LBU("lbu", RV32I, Format.I, Syntax.RD_MEM, 0x03, 4, -1, "rd = zext(mem8[rs1 + offset])"),
  LHU("lhu", RV32I, Format.I, Syntax.RD_MEM, 0x03, 5, -1, "rd = zext(mem16[rs1 + offset])"),
  SB("sb", RV32I, Format.S, Syntax.RS2_MEM, 0x23, 0, -1, "mem8[rs1 + offset] = rs2[7:0]"),
  SH("sh", RV32I, Format.S, Syntax.RS2_MEM, 0x23, 1, -1, "mem16[rs1 + offset] = rs2[15:0]"),
  SW("sw", RV32I, Format.S, Syntax.RS2_MEM, 0x23, 2, -1, "mem32[rs1 + offset] = rs2"),
  // RV32I: register-immediate
  ADDI("addi", RV32I, Format.I, Syntax.RD_RS1_IMM, 0x13, 0, -1, "rd = rs1 + imm"),
  SLTI("slti", RV32I, Format.I, Syntax.RD_RS1_IMM, 0x13, 2, -1,
      "rd = (rs1 < imm) ? 1 : 0 (signed)"),
  SLTIU("sltiu", RV32I, Format.I, Syntax.RD_RS1_IMM, 0x13, 3, -1,
      "rd = (rs1 < imm) ? 1 : 0 (unsigned, imm sign-extended)"),
  XORI("xori", RV32I, Format.I, Syntax.RD_RS1_IMM, 0x13, 4, -1, "rd = rs1 ^ imm"),
  ORI("ori", RV32I, Format.I, Syntax.RD_RS1_IMM, 0x13, 6, -1, "rd = rs1 | imm"),
  ANDI("andi", RV32I, Format.I, Syntax.RD_RS1_IMM, 0x13, 7, -1, "rd = rs1 & imm"),
  SLLI("slli", RV32I, Format.I, Syntax.RD_RS1_SHAMT, 0x13, 1, 0x00, "rd = rs1 << shamt"),
  SRLI("srli", RV32I, Format.I, Syntax.RD_RS1_SHAMT, 0x13, 5, 0x00,
      "rd = rs1 >>> shamt (logical)"),
  SRAI("srai", RV32I, Format.I, Syntax.RD_RS1_SHAMT, 0x13, 5, 0x20,
      "rd = rs1 >> shamt (arithmetic)"),
  // RV32I: register-register
  ADD("add", RV32I, Format.R, Syntax.RD_RS1_RS2, 0x33, 0, 0x00, "rd = rs1 + rs2"),
  SUB("sub", RV32I, Format.R, Syntax.RD_RS1_RS2, 0x33, 0, 0x20, "rd = rs1 - rs2"),
  SLL("sll", RV32I, Format.R, Syntax.RD_RS1_RS2, 0x33, 1, 0x00, "rd = rs1 << (rs2 & 31)"),
  SLT("slt", RV32I, Format.R, Syntax.RD_RS1_RS2, 0x33, 2, 0x00,
      "rd = (rs1 < rs2) ? 1 : 0 (signed)"),
  SLTU("sltu", RV32I, Format.R, Syntax.RD_RS1_RS2, 0x33, 3, 0x00,
      "rd = (rs1 < rs2) ? 1 : 0 (unsigned)"),
  XOR("xor", RV32I, Format.R, Syntax.RD_RS1_RS2, 0x33, 4, 0x00, "rd = rs1 ^ rs2"),
  SRL("srl", RV32I, Format.R, Syntax.RD_RS1_RS2, 0x33, 5, 0x00,
      "rd = rs1 >>> (rs2 & 31) (logical)"),
  SRA("sra", RV32I, Format.R, Syntax.RD_RS1_RS2, 0x33, 5, 0x20,
      "rd = rs1 >> (rs2 & 31) (arithmetic)"),
  OR("or", RV32I, Format.R, Syntax.RD_RS1_RS2, 0x33, 6, 0x00, "rd = rs1 | rs2"),
  AND("and", RV32I, Format.R, Syntax.RD_RS1_RS2, 0x33, 7, 0x00, "rd = rs1 & rs2"),
  // RV32I: system
  FENCE("fence", RV32I, Format.I, Syntax.FENCE, 0x0F, 0, -1, "memory ordering: a no-op"),
  ECALL("ecall", RV32I, Format.I, Syntax.NONE, 0x73, 0, -1,
      "call the ecall service numbered a7 (manual, \"ecall services\")"),
  EBREAK("ebreak", RV32I, Format.I, Syntax.NONE, 0x73, 0, -1,
      "breakpoint: faults unless a debugger is attached"),
  // M
  MUL("mul", M, Format.R, Syntax.RD_RS1_RS2, 0x33, 0, 0x01, "rd = (rs1 * rs2)[31:0]"),
  MULH("mulh", M, Format.R, Syntax.RD_RS1_RS2, 0x33, 1, 0x01,
      "rd = (rs1 * rs2)[63:32] (signed x signed)"),
  MULHSU("mulhsu", M, Format.R, Syntax.RD_RS1_RS2, 0x33, 2, 0x01,
      "rd = (rs1 * rs2)[63:32] (signed x unsigned)"),
  MULHU("mulhu", M, Format.R, Syntax.RD_RS1_RS2, 0x33, 3, 0x01,
      "rd = (rs1 * rs2)[63:32] (unsigned x unsigned)"),
  DIV("div", M, Format.R, Syntax.RD_RS1_RS2, 0x33, 4, 0x01,
      "rd = rs1 / rs2 (signed; /0 = -1, MIN/-1 = MIN)"),
  DIVU("divu", M, Format.R, Syntax.RD_RS1_RS2, 0x33, 5, 0x01,
      "rd = rs1 / rs2 (unsigned; /0 = 0xffffffff)"),
  REM("rem", M, Format.R, Syntax.RD_RS1_RS2, 0x33, 6, 0x01,
      "rd = rs1 % rs2 (signed; %0 = rs1, MIN%-1 = 0)"),
  REMU("remu", M, Format.R, Syntax.RD_RS1_RS2, 0x33, 7, 0x01,
      "rd = rs1 % rs2 (unsigned; %0 = rs1)"),
  // Zicntr: the only CSR access there is
  CSRRS("csrrs", ZICNTR, Format.I, Syntax.RD_CSR, 0x73, 2, -1,
      "rd = counter csr (cycle, instret: retired instructions; time: microseconds)"),
  // Denali virtual instructions (custom-0; funct3 = device, funct7 = operation)
  D_EXIT("d.exit", DENALI, Format.R, Syntax.RS1, 0x0B, 0, 0x00,
      "terminate this VM with exit status rs1"),
  D_IDLE("d.idle", DENALI, Format.R, Syntax.RD_RS1, 0x0B, 0, 0x01,
      "yield until an interrupt is pending or rs1 microseconds pass; rd = why it returned"),
  D_IRET("d.iret", DENALI, Format.R, Syntax.NONE, 0x0B, 0, 0x02,
      "return from the interrupt handler: pc = saved pc, interrupts enabled again"),
  D_CONSOLE_WRITE("d.console.write", DENALI, Format.R, Syntax.RD_RS1_RS2, 0x0B, 1, 0x00,
      "write rs2 bytes at address rs1 to the console; rd = bytes written or -errno"),
  D_CLOCK_READ("d.clock.read", DENALI, Format.R, Syntax.RD_RS1, 0x0B, 2, 0x00,
      "store wall-clock microseconds since 1970 (u64) at address rs1; rd = 0 or -errno"),
  D_NET_SEND("d.net.send", DENALI, Format.R, Syntax.RD_RS1_RS2, 0x0B, 3, 0x00,
      "send the rs2-byte message at address rs1; rd = 0 or -errno"),
  D_NET_RECV("d.net.recv", DENALI, Format.R, Syntax.RD_RS1_RS2, 0x0B, 3, 0x01,
      "move the next message into the rs2-byte buffer at rs1; rd = its length or -errno"),
  D_DISK_READ("d.disk.read", DENALI, Format.R, Syntax.RD_RS1_RS2, 0x0B, 4, 0x00,
      "read disk block rs1 into memory at rs2; rd = 0 or -errno"),
  D_DISK_WRITE("d.disk.write", DENALI, Format.R, Syntax.RD_RS1_RS2, 0x0B, 4, 0x01,
      "write memory at rs2 to disk block rs1; rd = 0 or -errno"),
  D_DISK_FLUSH("d.disk.flush", DENALI, Format.R, Syntax.RD, 0x0B, 4, 0x02,
      "make every acknowledged disk write durable; rd = 0 or -errno");

  /** The custom-0 major opcode that holds every Denali instruction. */
  public static final int CUSTOM_0 = 0x0B;

  private static final Map<String, Opcode> BY_MNEMONIC;

  static {
    Map<String, Opcode> map = new HashMap<>();
    for (Opcode op : values()) {
      map.put(op.mnemonic, op);
    }
    BY_MNEMONIC = Collections.unmodifiableMap(map);
  }

  private final String mnemonic;
  private final Extension extension;
  private final Format format;
  private final Syntax syntax;
  private final int majorOpcode;
  private final int funct3;
  private final int funct7;
  private final String summary;
  private final int match;
  private final int mask;

  Opcode(
      String mnemonic,
      Extension extension,
      Format format,
      Syntax syntax,
      int majorOpcode,
      int funct3,
      int funct7,
      String summary) {
    this.mnemonic = mnemonic;
    this.extension = extension;
    this.format = format;
    this.syntax = syntax;
    this.majorOpcode = majorOpcode;
    this.funct3 = funct3;
    this.funct7 = funct7;
    this.summary = summary;
    int m = majorOpcode;
    int k = 0x7F;
    if (funct3 >= 0) {
      m |= funct3 << 12;
      k |= 0x7 << 12;
    }
    if (funct7 >= 0) {
      m |= funct7 << 25;
      k |= 0x7F << 25;
    }
    if (extension == DENALI) {
      k |= syntax.unusedRegisterMask();
    }
    switch (mnemonic) {
      case "ecall":
        k = 0xFFFF_FFFF;
        break;
      case "ebreak":
        m |= 1 << 20;
        k = 0xFFFF_FFFF;
        break;
      case "csrrs":
        k |= 0x1F << 15; // rs1 must be x0: counters are read-only
        break;
      default:
        break;
    }
    this.match = m;
    this.mask = k;
  }

  /** The instruction with this exact mnemonic, or null. */
  public static Opcode byMnemonic(String mnemonic) {
    return BY_MNEMONIC.get(mnemonic.toLowerCase(Locale.ROOT));
  }

  public String mnemonic() {
    return mnemonic;
  }

  public Extension extension() {
    return extension;
  }

  public Format format() {
    return format;
  }

  public Syntax syntax() {
    return syntax;
  }

  public int majorOpcode() {
    return majorOpcode;
  }

  /** funct3, or -1 when the instruction has none. */
  public int funct3() {
    return funct3;
  }

  /** funct7, or -1 when the instruction has none. */
  public int funct7() {
    return funct7;
  }

  /** One-line semantics, as the manual prints it. */
  public String summary() {
    return summary;
  }

  /** The fixed bits of every encoding of this instruction. */
  public int match() {
    return match;
  }

  /** Which bits of a word {@link #match()} fixes. */
  public int mask() {
    return mask;
  }

  /** True when {@code word} is an encoding of this instruction (the operand checks aside). */
  public boolean matches(int word) {
    return (word & mask) == match;
  }

  /**
   * Encodes this instruction. Operands must already be in range ({@link Immediates#check}); unused
   * ones must be zero.
   */
  public int encode(int rd, int rs1, int rs2, int imm) {
    int word = match | (rd & 0x1F) << 7 | (rs1 & 0x1F) << 15;
    if (syntax == Syntax.RD_RS1_SHAMT) {
      return word | (imm & 0x1F) << 20;
    }
    if (format == Format.R || format == Format.S || format == Format.B) {
      word |= (rs2 & 0x1F) << 20;
    }
    return word | format.encodeImm(imm);
  }
}
