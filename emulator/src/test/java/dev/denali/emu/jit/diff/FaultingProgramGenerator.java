package dev.denali.emu.jit.diff;

import static dev.denali.emu.jit.diff.ProgramBuilder.WRITABLE;
import static dev.denali.emu.jit.diff.ProgramBuilder.label;
import static dev.denali.emu.jit.diff.ProgramBuilder.op;

import dev.denali.isa.MemoryMap;
import java.util.Random;

/**
 * Random programs that end in a guest fault at a random point, after random work with loops and
 * calls: a load or store outside memory, into the null or unmapped pages or straddling the end
 * of memory; a store into text, rodata or the ELF header; a jalr outside text or to a misaligned
 * address; a jal or branch whose pre-decoded target is outside text or misaligned; an illegal
 * word (zero, all ones, a compressed encoding, a CSR instruction Denali refuses, d.iret outside a
 * handler); ebreak; running off the end of text; an interrupt handler address outside text; a
 * d.idle that is the last word of text (pc = the end of text), followed by an interrupt whose
 * handler's d.iret returns there.
 *
 * <p>The fault site is at the top level of main (after up to 150 straight instructions, so it is
 * often in the middle of a block or after a 64-instruction cut), inside a loop on one of its
 * iterations, or inside a function on one of its calls. Engines must agree on the fault's
 * cause, pc, word and address, the retired count, and the registers and memory at that point.
 * The same seed always gives the same program.
 */
final class FaultingProgramGenerator {
  /** Kinds of fault, for the summary and the program's header. */
  enum Kind {
    LOAD, STORE, STORE_READ_ONLY, JALR_OUTSIDE, JALR_MISALIGNED, RAW_JUMP, RAW_BRANCH_END,
    ILLEGAL, EBREAK, FALL_OFF_END, JUMP_TO_TEXT_END, BAD_HANDLER, IDLE_AT_TEXT_END
  }

  private static final int[] ILLEGAL_WORDS = {
    0x00000000, 0xffffffff, 0x00004501 /* c.li */, 0x0000_8082 /* c.ret */,
    0xc00312f3 /* csrrw t0, cycle, t1 */, 0xc00322f3 /* csrrs t0, cycle, t1 (rs1 != 0) */,
    0x300022f3 /* csrrs t0, mstatus, zero */, 0xc0006373 /* csrrsi t1, cycle, 0 */,
    0x0000000f | 0x7 << 12 /* misc-mem, funct3 7 */, 0x30200073 /* mret */,
    0x10500073 /* wfi */, 0x0000007f /* 64-bit encoding space */
  };

  private final ProgramBuilder b;
  private final Random rnd;
  private final Kind kind;
  private final long seed;

  private FaultingProgramGenerator(long seed) {
    this.seed = seed;
    this.b = new ProgramBuilder(seed);
    this.rnd = b.rnd;
    this.kind = Kind.values()[rnd.nextInt(Kind.values().length)];
  }

  /** The program for {@code seed} and the kind of fault it ends in. */
  static GeneratedSource generate(long seed) {
    FaultingProgramGenerator g = new FaultingProgramGenerator(seed);
    return new GeneratedSource(seed, "fault-" + g.kind.name().toLowerCase(), g.build());
  }

  private String build() {
    b.prologue();
    int functions = 1 + rnd.nextInt(3);
    for (int i = 0; i < functions; i++) {
      b.leafFunction("f" + i, 2 + rnd.nextInt(8));
    }
    int before = 5 + rnd.nextInt(40);
    int after = rnd.nextInt(10);
    b.blocks(b.text, ProgramBuilder.main(), before);
    String where;
    switch (rnd.nextInt(3)) {
      case 0 -> {
        where = "top level";
        int straight = rnd.nextInt(4) == 0 ? 60 + rnd.nextInt(90) : rnd.nextInt(20);
        for (int i = 0; i < straight; i++) {
          b.straight(b.text, WRITABLE);
        }
        fault(b.text);
      }
      case 1 -> {
        int trips = 1 + rnd.nextInt(8);
        int on = 1 + rnd.nextInt(trips); // s2 counts down: trips, ..., 1
        where = "loop, iteration " + (trips - on + 1) + " of " + trips;
        String l = b.label("L_floop");
        String ok = b.label("L_fok");
        op(b.text, "li s2, " + trips);
        label(b.text, l);
        b.blocks(b.text, ProgramBuilder.main().deeperLoop(), rnd.nextInt(4));
        op(b.text, "li s5, " + on);
        op(b.text, "bne s2, s5, " + ok);
        for (int i = rnd.nextInt(12); i > 0; i--) {
          b.straight(b.text, WRITABLE);
        }
        fault(b.text);
        label(b.text, ok);
        b.blocks(b.text, ProgramBuilder.main().deeperLoop(), rnd.nextInt(3));
        op(b.text, "addi s2, s2, -1");
        op(b.text, "bnez s2, " + l);
      }
      default -> {
        int calls = 1 + rnd.nextInt(6);
        int on = 1 + rnd.nextInt(calls);
        where = "function, call " + on + " of " + calls;
        faultingFunction(on);
        for (int i = 0; i < calls; i++) {
          b.blocks(b.text, ProgramBuilder.main(), rnd.nextInt(3));
          b.call(b.text, "ffault", WRITABLE);
        }
      }
    }
    b.blocks(b.text, ProgramBuilder.main(), after);
    b.exit(b.text);
    textEnd();
    b.data.append("fcount:\n");
    op(b.data, ".word 0");
    return b.source("FaultingProgramGenerator seed " + seed + ": " + kind + " in " + where);
  }

  /** A function that faults on its {@code on}-th call (counted in fcount). */
  private void faultingFunction(int on) {
    StringBuilder f = b.functions;
    String ok = b.label("L_fok");
    label(f, "ffault");
    op(f, "addi sp, sp, -16");
    op(f, "sw ra, 12(sp)");
    b.blocks(f, ProgramBuilder.function(), rnd.nextInt(4));
    op(f, "la s6, fcount");
    op(f, "lw s7, 0(s6)");
    op(f, "addi s7, s7, 1");
    op(f, "sw s7, 0(s6)");
    op(f, "li s8, " + on);
    op(f, "bne s7, s8, " + ok);
    for (int i = rnd.nextInt(12); i > 0; i--) {
      b.straight(f, WRITABLE);
    }
    fault(f);
    label(f, ok);
    b.blocks(f, ProgramBuilder.function(), rnd.nextInt(3));
    op(f, "lw ra, 12(sp)");
    op(f, "addi sp, sp, 16");
    op(f, "ret");
  }

  /**
   * The end of text: a raw branch whose target is past the end (L_rawbr), then code that runs
   * off the end (L_fall), then the label L_text_end at the end of text.
   */
  private void textEnd() {
    StringBuilder sb = b.textEnd;
    label(sb, "L_rawbr");
    for (int i = rnd.nextInt(5); i > 0; i--) {
      b.straight(sb, WRITABLE);
    }
    int after = rnd.nextInt(3);
    int fall = 1 + rnd.nextInt(4);
    // target: at or past the end of text (after + fall instructions follow the branch)
    int offset = 4 * (1 + after + fall + rnd.nextInt(3));
    int funct3 = new int[] {0, 1, 4, 5, 6, 7}[rnd.nextInt(6)];
    int rs1 = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(32);
    int rs2 = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(32);
    op(sb, String.format(".word 0x%08x  # branch %d x%d, x%d, .+%d", ProgramBuilder.branch(
        funct3, rs1, rs2, offset), funct3, rs1, rs2, offset));
    for (int i = 0; i < after; i++) {
      b.straight(sb, WRITABLE);
    }
    label(sb, "L_fall");
    for (int i = 0; i < fall; i++) {
      b.straight(sb, WRITABLE);
    }
    if (kind == Kind.IDLE_AT_TEXT_END) {
      label(sb, "L_idle_last");
      op(sb, "d.idle " + b.rd(WRITABLE) + ", s8"); // the last word of text: pc = its end
    }
    label(sb, "L_text_end");
  }

  /** The faulting instruction(s) of {@link #kind}. */
  private void fault(StringBuilder sb) {
    String base = rnd.nextBoolean() ? "s6" : b.reg(ProgramBuilder.WRITABLE_NO_RA);
    String rd = b.rd(WRITABLE);
    switch (kind) {
      case LOAD -> {
        String op = b.pick(new String[] {"lb", "lh", "lw", "lbu", "lhu"});
        int addr = badAddress(ProgramBuilder.width(op));
        access(sb, op + " " + rd, base, addr);
      }
      case STORE -> {
        String op = b.pick(new String[] {"sb", "sh", "sw"});
        int addr = badAddress(ProgramBuilder.width(op));
        access(sb, op + " " + b.readable(), base, addr);
      }
      case STORE_READ_ONLY -> {
        String op = b.pick(new String[] {"sb", "sh", "sw"});
        int imm = rnd.nextInt(64) - 16;
        switch (rnd.nextInt(4)) {
          case 0 -> op(sb, "la " + base + ", _start");
          case 1 -> op(sb, "la " + base + ", rodata_blob");
          case 2 -> op(sb, "la " + base + ", ffault_target");
          default -> op(sb, "li " + base + ", 0xf000");
        }
        if (rnd.nextInt(3) == 0) {
          op(sb, "addi " + base + ", " + base + ", " + (32 + rnd.nextInt(64)));
        }
        op(sb, op + " " + b.readable() + ", " + Math.max(imm, 0) + "(" + base + ")");
      }
      case JALR_OUTSIDE -> {
        switch (rnd.nextInt(5)) {
          case 0 -> op(sb, "la " + base + ", rodata_blob");
          case 1 -> op(sb, "la " + base + ", buf");
          case 2 -> op(sb, "li " + base + ", 0");
          case 3 -> op(sb, "li " + base + ", " + ProgramBuilder.literal(rnd.nextInt() & ~3));
          default -> op(sb, "li " + base + ", 0xf000");
        }
        op(sb, "jalr " + rd + ", " + 4 * (rnd.nextInt(8) - 2) + "(" + base + ")");
      }
      case JALR_MISALIGNED -> {
        op(sb, "la " + base + ", " + b.pick(new String[] {"_start", "ffault_target", "L_fall"}));
        int imm = 4 * rnd.nextInt(4) + (rnd.nextBoolean() ? 2 : 3); // bit 0 is cleared
        op(sb, "jalr " + rd + ", " + imm + "(" + base + ")");
      }
      case RAW_JUMP -> {
        int offset = switch (rnd.nextInt(4)) {
          case 0 -> 2;
          case 1 -> -2 - 4 * rnd.nextInt(4);
          case 2 -> 0xff000 + 4 * rnd.nextInt(256); // far past the end of text
          default -> -0x80000 - 2 * rnd.nextInt(256); // far below text
        };
        int r = rnd.nextInt(32);
        op(sb, String.format(".word 0x%08x  # jal x%d, .%+d", ProgramBuilder.jal(r, offset), r,
            offset));
      }
      case RAW_BRANCH_END -> {
        int offset = rnd.nextBoolean() ? 2 + 4 * rnd.nextInt(8) : -(2 + 4 * rnd.nextInt(8));
        if (rnd.nextBoolean()) {
          op(sb, String.format(".word 0x%08x  # beq x0, x0, .%+d", ProgramBuilder.branch(0, 0,
              0, offset), offset));
        }
        op(sb, "j L_rawbr");
      }
      case ILLEGAL -> {
        if (rnd.nextInt(6) == 0) {
          op(sb, "d.iret");
        } else {
          op(sb, String.format(".word 0x%08x", ILLEGAL_WORDS[rnd.nextInt(ILLEGAL_WORDS.length)]));
        }
      }
      case EBREAK -> op(sb, "ebreak");
      case FALL_OFF_END -> op(sb, rnd.nextBoolean() ? "j L_fall" : "tail L_fall");
      case JUMP_TO_TEXT_END -> {
        op(sb, "la " + base + ", L_text_end");
        op(sb, "jalr " + rd + ", " + 4 * rnd.nextInt(3) + "(" + base + ")");
      }
      case BAD_HANDLER -> {
        // the timer fires at once; the next quantum enters a handler outside text
        op(sb, "li s6, 0x1000");
        if (rnd.nextBoolean()) { // in rodata
          op(sb, "la s7, rodata_blob");
          op(sb, "addi s7, s7, " + 4 * rnd.nextInt(4));
        } else { // in text, misaligned
          op(sb, "la s7, ffault_target");
          op(sb, "addi s7, s7, " + (2 + 4 * rnd.nextInt(4)));
        }
        op(sb, "sw s7, 0x20(s6)"); // HANDLER
        op(sb, "li s7, 1");
        op(sb, "sw s7, 0x1c(s6)"); // ENABLED: the timer
        op(sb, "sw s7, 0x2c(s6)"); // TIMER_LO: a deadline long past
        op(sb, "li s8, " + rnd.nextInt(3));
        op(sb, "d.idle " + rd + ", s8");
        for (int i = rnd.nextInt(10); i > 0; i--) {
          b.straight(sb, WRITABLE);
        }
        op(sb, "ebreak"); // not reached
      }
      case IDLE_AT_TEXT_END -> {
        // d.idle is the last word of text, so the VM idles with pc = the end of text; with a
        // handler installed and the timer due, the next quantum enters the handler with
        // SAVED_PC = the end of text, and its d.iret returns there
        if (rnd.nextInt(3) != 0) {
          String h = b.label("L_ihandler");
          op(sb, "li s6, 0x1000");
          op(sb, "la s7, " + h);
          op(sb, "sw s7, 0x20(s6)"); // HANDLER
          op(sb, "li s7, 1");
          op(sb, "sw s7, 0x1c(s6)"); // ENABLED: the timer
          op(sb, "sw s7, 0x2c(s6)"); // TIMER_LO: a deadline long past
          StringBuilder f = b.handlers;
          label(f, h);
          for (int i = rnd.nextInt(6); i > 0; i--) {
            b.straight(f, ProgramBuilder.WRITABLE_NO_RA);
          }
          op(f, "d.iret");
        }
        op(sb, "li s8, " + rnd.nextInt(3));
        op(sb, rnd.nextBoolean() ? "j L_idle_last" : "tail L_idle_last");
      }
      default -> throw new IllegalStateException("BUG: kind " + kind);
    }
    label(sb, "ffault_target"); // a text address after the fault site
  }

  /** Sets {@code base} so that {@code insn imm(base)} accesses {@code addr}. */
  private void access(StringBuilder sb, String insn, String base, int addr) {
    int imm = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(4096) - 2048;
    op(sb, "li " + base + ", " + ProgramBuilder.literal(addr - imm));
    op(sb, insn + ", " + imm + "(" + base + ")");
  }

  /** An address where an access of {@code width} bytes faults (1 MiB of memory). */
  private int badAddress(int width) {
    int memory = MemoryMap.DEFAULT_MEMORY;
    return switch (rnd.nextInt(6)) {
      case 0 -> rnd.nextInt(0x1000 - width + 1); // the null page
      case 1 -> 0x2000 + rnd.nextInt(0xd000 - width); // unmapped
      case 2 -> memory + rnd.nextInt(0x10000); // past the end of memory
      case 3 -> memory - width + 1 + rnd.nextInt(width); // straddles the end (width > 1)
      case 4 -> -1 - rnd.nextInt(64); // the top of the address space
      default -> width == 1 ? 0xfff : 0x1000 - width + 1 + rnd.nextInt(width - 1); // null|vreg
    };
  }
}
