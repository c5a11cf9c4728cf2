package dev.denali.emu;

import dev.denali.isa.Decoder;
import dev.denali.isa.Instruction;
import dev.denali.isa.Printer;
import dev.denali.isa.Registers;

/**
 * A guest fault: its cause, the pc of the faulting instruction, that instruction's word, and the
 * address involved (the load/store address or the jump target; the pc otherwise).
 */
public record Fault(FaultCause cause, int pc, int word, int address) {

  /** One line: the cause, the address involved, the pc and the instruction. */
  public String summary() {
    Instruction insn = Decoder.decode(word);
    String text = insn == null ? "(not an instruction)" : Printer.standard().print(insn, pc);
    String where = address != pc || cause == FaultCause.JUMP_OUTSIDE_TEXT
        || cause == FaultCause.MISALIGNED_JUMP ? String.format(" (address 0x%08x)", address) : "";
    return String.format("%s%s at pc 0x%08x: %s", cause.description(), where, pc, text);
  }

  /** The fault report: cause, pc, the instruction disassembled, and the registers. */
  public String report(int[] registers) {
    StringBuilder sb = new StringBuilder();
    sb.append("guest fault: ").append(cause.description());
    if (address != pc || cause == FaultCause.JUMP_OUTSIDE_TEXT
        || cause == FaultCause.MISALIGNED_JUMP) {
      sb.append(String.format(" (address 0x%08x)", address));
    }
    sb.append('\n');
    Instruction insn = Decoder.decode(word);
    sb.append(String.format("  at pc 0x%08x: %08x  %s%n", pc, word,
        insn == null ? "(not an instruction)" : Printer.standard().print(insn, pc)));
    sb.append("  registers:\n");
    for (int i = 0; i < 32; i++) {
      sb.append(String.format("    %-4s %08x", Registers.abiName(i), registers[i]));
      sb.append(i % 4 == 3 ? "\n" : "  ");
    }
    return sb.toString();
  }
}
