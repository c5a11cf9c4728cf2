package dev.denali.isa;

/**
 * The ordinal of each {@link Opcode} as a compile-time constant, for the {@code switch} of the
 * interpreter (and the JIT's dispatch), whose case labels must be constants. A test keeps every
 * constant equal to {@code Opcode.X.ordinal()}; add a constant here when adding an instruction.
 */
public final class OpcodeIds {
  private OpcodeIds() {}

  public static final int LUI = 0;
  public static final int AUIPC = 1;
  public static final int JAL = 2;
  public static final int JALR = 3;
  public static final int BEQ = 4;
  public static final int BNE = 5;
  public static final int BLT = 6;
  public static final int BGE = 7;
  public static final int BLTU = 8;
  public static final int BGEU = 9;
  public static final int LB = 10;
  public static final int LH = 11;
  public static final int LW = 12;
  public static final int LBU = 13;
  public static final int LHU = 14;
  public static final int SB = 15;
  public static final int SH = 16;
  public static final int SW = 17;
  public static final int ADDI = 18;
  public static final int SLTI = 19;
  public static final int SLTIU = 20;
  public static final int XORI = 21;
  public static final int ORI = 22;
  public static final int ANDI = 23;
  public static final int SLLI = 24;
  public static final int SRLI = 25;
  public static final int SRAI = 26;
  public static final int ADD = 27;
  public static final int SUB = 28;
  public static final int SLL = 29;
  public static final int SLT = 30;
  public static final int SLTU = 31;
  public static final int XOR = 32;
  public static final int SRL = 33;
  public static final int SRA = 34;
  public static final int OR = 35;
  public static final int AND = 36;
  public static final int FENCE = 37;
  public static final int ECALL = 38;
  public static final int EBREAK = 39;
  public static final int MUL = 40;
  public static final int MULH = 41;
  public static final int MULHSU = 42;
  public static final int MULHU = 43;
  public static final int DIV = 44;
  public static final int DIVU = 45;
  public static final int REM = 46;
  public static final int REMU = 47;
  public static final int CSRRS = 48;
  public static final int D_EXIT = 49;
  public static final int D_IDLE = 50;
  public static final int D_IRET = 51;
  public static final int D_CONSOLE_WRITE = 52;
  public static final int D_CLOCK_READ = 53;
  public static final int D_NET_SEND = 54;
  public static final int D_NET_RECV = 55;
  public static final int D_DISK_READ = 56;
  public static final int D_DISK_WRITE = 57;
  public static final int D_DISK_FLUSH = 58;

  /** Number of instructions in the table. */
  public static final int COUNT = 59;
}
