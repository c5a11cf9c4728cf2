package dev.denali.isa;

import java.util.Locale;

/**
 * Generates the tables of the ISA manual (isa-spec/README.md) from the instruction table, so the
 * manual cannot drift from the code: a test regenerates them and compares. Run {@code main} to
 * print them after changing {@link Opcode}.
 */
public final class IsaManual {
  private IsaManual() {}

  /** The instruction table: one row per instruction, grouped by ISA part. */
  public static String instructionTable() {
    StringBuilder sb = new StringBuilder();
    sb.append("| part | instruction | format | encoding (match / mask) | meaning |\n");
    sb.append("|---|---|---|---|---|\n");
    for (Opcode op : Opcode.values()) {
      String operands = op.syntax().template();
      sb.append("| ").append(op.extension().title())
          .append(" | `").append(op.mnemonic()).append(operands.isEmpty() ? "" : " " + operands)
          .append("` | ").append(op.format())
          .append(" | `").append(hex(op.match())).append(" / ").append(hex(op.mask()))
          .append("` | ").append(op.summary().replace("|", "\\|"))
          .append(" |\n");
    }
    return sb.toString();
  }

  /** The Denali virtual instructions with their fields and GNU {@code .insn} forms. */
  public static String denaliTable() {
    StringBuilder sb = new StringBuilder();
    sb.append("| instruction | funct3 | funct7 | `.insn` form (GNU as and clang, C inline assembly) |\n");
    sb.append("|---|---|---|---|\n");
    for (Opcode op : Opcode.values()) {
      if (op.extension() != Extension.DENALI) {
        continue;
      }
      Syntax s = op.syntax();
      sb.append("| `").append(op.mnemonic())
          .append(s.template().isEmpty() ? "" : " " + s.template())
          .append("` | ").append(op.funct3())
          .append(" | ").append(op.funct7())
          .append(" | `.insn r 0x0b, ").append(op.funct3()).append(", ").append(op.funct7())
          .append(", ").append(s.usesRd() ? "rd" : "x0")
          .append(", ").append(s.usesRs1() ? "rs1" : "x0")
          .append(", ").append(s.usesRs2() ? "rs2" : "x0")
          .append("` |\n");
    }
    return sb.toString();
  }

  /** The counter CSRs. */
  public static String csrTable() {
    StringBuilder sb = new StringBuilder("| csr | number | meaning |\n|---|---|---|\n");
    for (Csr c : Csr.values()) {
      sb.append("| `").append(c.asmName()).append("` | `").append(hex(c.number()))
          .append("` | ").append(c.meaning()).append(" |\n");
    }
    return sb.toString();
  }

  /** The ecall services. */
  public static String ecallTable() {
    StringBuilder sb = new StringBuilder("| a7 | service | meaning |\n|---|---|---|\n");
    for (Ecall e : Ecall.values()) {
      sb.append("| ").append(e.number()).append(" | `").append(e.name().toLowerCase(Locale.ROOT))
          .append("` | ").append(e.meaning()).append(" |\n");
    }
    return sb.toString();
  }

  private static String hex(int v) {
    return String.format("0x%08x", v);
  }

  public static void main(String[] args) {
    System.out.println(instructionTable());
    System.out.println(denaliTable());
    System.out.println(csrTable());
    System.out.println(ecallTable());
  }
}
