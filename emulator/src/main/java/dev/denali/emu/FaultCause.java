package dev.denali.emu;

/** Why a guest faulted (ISA manual, "Faults"). A fault stops only the faulting VM. */
public enum FaultCause {
  LOAD_ACCESS("load outside memory or from an unmapped page"),
  STORE_ACCESS("store outside memory or into an unmapped page"),
  STORE_READ_ONLY("store into text or read-only data"),
  JUMP_OUTSIDE_TEXT("jump outside text"),
  MISALIGNED_JUMP("jump to a misaligned address"),
  ILLEGAL_INSTRUCTION("illegal instruction"),
  BREAKPOINT("ebreak without a debugger");

  private final String description;

  FaultCause(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
