package dev.denali.isa;

/**
 * ELF32 constants of the guest binary format (manual, "Guest binary format"): little-endian
 * RISC-V, ET_EXEC, static, PT_LOAD segments, and a PT_NOTE for the {@link GuestNote}.
 */
public final class Elf {
  private Elf() {}

  public static final int EHDR_SIZE = 52;
  public static final int PHDR_SIZE = 32;
  public static final int SHDR_SIZE = 40;
  public static final int SYM_SIZE = 16;

  public static final byte ELFCLASS32 = 1;
  public static final byte ELFDATA2LSB = 1;
  public static final byte EV_CURRENT = 1;
  public static final short ET_EXEC = 2;
  public static final short EM_RISCV = 243;

  public static final int PT_LOAD = 1;
  public static final int PT_NOTE = 4;
  public static final int PF_X = 1;
  public static final int PF_W = 2;
  public static final int PF_R = 4;

  public static final int SHT_NULL = 0;
  public static final int SHT_PROGBITS = 1;
  public static final int SHT_SYMTAB = 2;
  public static final int SHT_STRTAB = 3;
  public static final int SHT_NOTE = 7;
  public static final int SHT_NOBITS = 8;

  public static final int SHF_WRITE = 1;
  public static final int SHF_ALLOC = 2;
  public static final int SHF_EXECINSTR = 4;

  public static final int STB_LOCAL = 0;
  public static final int STB_GLOBAL = 1;
  public static final int STT_NOTYPE = 0;
  public static final int STT_OBJECT = 1;
  public static final int STT_FUNC = 2;
  public static final int STT_SECTION = 3;
  public static final int STT_FILE = 4;
  public static final int SHN_UNDEF = 0;
  public static final int SHN_ABS = 0xFFF1;
}
