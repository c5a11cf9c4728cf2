package dev.denali.isa;

/** The parts of the Denali virtual ISA an instruction can belong to (manual, "Instruction set"). */
public enum Extension {
  /** RISC-V base integer instruction set, 32-bit. */
  RV32I("RV32I"),
  /** RISC-V standard extension for integer multiplication and division. */
  M("M"),
  /** RISC-V counters (cycle, time, instret), read-only; no other CSR exists. */
  ZICNTR("Zicntr"),
  /** Denali's virtual instructions, in the custom-0 opcode space. */
  DENALI("Denali");

  private final String title;

  Extension(String title) {
    this.title = title;
  }

  public String title() {
    return title;
  }
}
