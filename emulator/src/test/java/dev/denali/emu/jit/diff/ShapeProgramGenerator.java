package dev.denali.emu.jit.diff;

import static dev.denali.emu.jit.diff.ProgramBuilder.WRITABLE;
import static dev.denali.emu.jit.diff.ProgramBuilder.WRITABLE_NO_RA;
import static dev.denali.emu.jit.diff.ProgramBuilder.label;
import static dev.denali.emu.jit.diff.ProgramBuilder.op;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Random programs with the shapes that stress the JIT's structure rather than single
 * instructions: jump tables in .rodata or .data entered with {@code lw} + {@code jr} (some entries
 * pointing into the middle of a case), deep and mutual recursion, a stack overflow that ends in a
 * store fault, loops whose bodies are longer than a block ({@code Code.MAX_BLOCK} = 64) or span
 * several regions, straight runs of thousands of instructions (split into many regions), calls
 * into the middle of blocks, auipc+jalr pairs entered at the jalr with another base, pairs cut
 * apart by the 64-instruction limit, and timer interrupts whose handler runs and returns
 * ({@code d.iret}) wherever a quantum begins.
 *
 * <p>Each program has one to three of these features with random work between them. The same
 * seed always gives the same program.
 */
final class ShapeProgramGenerator {
  enum Feature {
    JUMP_TABLE, RECURSION, LONG_LOOP_BODY, LONG_STRAIGHT, MID_BLOCK_CALLS, PAIRS, INTERRUPTS,
    STACK_OVERFLOW
  }

  /** Writable registers without a0 (the recursion's argument and result) and ra. */
  private static final int[] NO_A0_RA = IntStream.of(WRITABLE_NO_RA).filter(r -> r != 10)
      .toArray();

  private final ProgramBuilder b;
  private final Random rnd;
  private final long seed;
  private int id;

  private ShapeProgramGenerator(long seed) {
    this.seed = seed;
    this.b = new ProgramBuilder(seed);
    this.rnd = b.rnd;
  }

  static GeneratedSource generate(long seed) {
    ShapeProgramGenerator g = new ShapeProgramGenerator(seed);
    List<Feature> features = g.pickFeatures();
    String source = g.build(features);
    return new GeneratedSource(seed, "shape-" + String.join("+", features.stream()
        .map(f -> f.name().toLowerCase()).toList()), source);
  }

  private List<Feature> pickFeatures() {
    List<Feature> out = new ArrayList<>();
    int n = 1 + rnd.nextInt(3);
    Feature[] all = Feature.values();
    for (int i = 0; i < n; i++) {
      Feature f = all[rnd.nextInt(all.length)];
      if (f == Feature.STACK_OVERFLOW && rnd.nextInt(3) != 0) {
        f = Feature.RECURSION; // rarer: it ends the program
      }
      if (f == Feature.LONG_STRAIGHT && rnd.nextBoolean()) {
        f = Feature.LONG_LOOP_BODY; // a long run costs the most to translate
      }
      if (!out.contains(f)) {
        out.add(f);
      }
    }
    if (out.remove(Feature.INTERRUPTS)) {
      out.add(0, Feature.INTERRUPTS); // the handler is installed first
    }
    if (out.remove(Feature.STACK_OVERFLOW)) {
      out.add(Feature.STACK_OVERFLOW); // it ends the program
    }
    return out;
  }

  private String build(List<Feature> features) {
    b.prologue();
    int functions = 1 + rnd.nextInt(3);
    for (int i = 0; i < functions; i++) {
      b.leafFunction("f" + i, 1 + rnd.nextInt(6));
    }
    boolean interrupts = features.contains(Feature.INTERRUPTS);
    for (Feature f : features) {
      id++;
      b.blocks(b.text, ProgramBuilder.main(), rnd.nextInt(8));
      switch (f) {
        case JUMP_TABLE -> jumpTable();
        case RECURSION -> recursion(false);
        case STACK_OVERFLOW -> recursion(true);
        case LONG_LOOP_BODY -> longLoop();
        case LONG_STRAIGHT -> longStraight();
        case MID_BLOCK_CALLS -> midBlockCalls();
        case PAIRS -> pairs();
        case INTERRUPTS -> interrupts();
        default -> throw new IllegalStateException("BUG: feature " + f);
      }
      if (interrupts) {
        idle(b.text);
      }
    }
    b.blocks(b.text, ProgramBuilder.main(), rnd.nextInt(8));
    b.exit(b.text);
    b.data.append("irqcount:\n");
    op(b.data, ".word 0, 0, 0, 0");
    return b.source("ShapeProgramGenerator seed " + seed + ": " + features);
  }

  // ------------------------------------------------------------------ jump tables

  /**
   * A loop on s5 that picks a case by {@code remu} of a random register and enters it through
   * a table of addresses: {@code jr} (cases end by jumping to the join or fall into the next) or
   * {@code jalr ra} (cases are functions that return).
   */
  private void jumpTable() {
    StringBuilder t = b.text;
    int n = 2 + rnd.nextInt(9);
    boolean calls = rnd.nextInt(3) == 0;
    boolean inData = rnd.nextInt(3) == 0;
    String table = "jt" + id;
    String loop = "L_jt" + id;
    String join = "L_jtjoin" + id;
    String done = "L_jtdone" + id;
    int[] prefix = new int[n];
    if (inData && rnd.nextBoolean()) { // patch an entry before the loop
      op(t, "la s7, " + table);
      op(t, "la s6, L_case" + id + "_" + rnd.nextInt(n));
      op(t, "sw s6, " + 4 * rnd.nextInt(n) + "(s7)");
    }
    op(t, "li s5, " + (1 + rnd.nextInt(24)));
    label(t, loop);
    b.work(t, WRITABLE, false);
    op(t, "li s7, " + n);
    op(t, "xor s6, s5, " + b.readable());
    op(t, "remu s6, s6, s7");
    op(t, "slli s6, s6, 2");
    op(t, "la s7, " + table);
    op(t, "add s7, s7, s6");
    op(t, "lw s7, 0(s7)");
    op(t, calls ? "jalr ra, 0(s7)" : rnd.nextBoolean() ? "jr s7" : "jalr zero, 0(s7)");
    if (calls) {
      op(t, "j " + join);
    }
    for (int i = 0; i < n; i++) {
      label(t, "L_case" + id + "_" + i);
      prefix[i] = rnd.nextInt(6);
      for (int k = 0; k < prefix[i]; k++) {
        b.straight(t, calls ? WRITABLE_NO_RA : WRITABLE);
      }
      if (calls) {
        for (int k = rnd.nextInt(4); k > 0; k--) {
          b.work(t, WRITABLE_NO_RA, false);
        }
        op(t, "ret");
      } else {
        b.blocks(t, ProgramBuilder.main(), rnd.nextInt(4));
        if (i == n - 1 || rnd.nextInt(4) != 0) {
          op(t, rnd.nextBoolean() ? "j " + join : "la s8, " + join + "; jr s8");
        } // else it falls into the next case
      }
    }
    label(t, join);
    op(t, "addi s5, s5, -1");
    op(t, "bnez s5, " + loop);
    op(t, "j " + done);
    StringBuilder sec = inData ? b.data : b.rodata;
    sec.append("        .balign 4\n").append(table).append(":\n");
    for (int i = 0; i < n; i++) {
      int into = prefix[i] > 0 && rnd.nextInt(4) == 0 ? 4 * rnd.nextInt(prefix[i] + 1) : 0;
      op(sec, ".word L_case" + id + "_" + i + (into > 0 ? " + " + into : ""));
    }
    label(t, done);
  }

  // ------------------------------------------------------------------ recursion

  /**
   * Calls a recursive function with a0 = depth; each frame saves ra and a0, works, recurses
   * (directly or through a second function), then adds the saved a0 to the result. With
   * {@code overflow} there is no base case and memory is 128 KiB: the stack runs into read-only
   * memory and a store faults.
   */
  private void recursion(boolean overflow) {
    String rec = "rec" + id;
    String other = rnd.nextInt(3) == 0 ? "recb" + id : rec;
    int depth = overflow ? 1_000_000 : rnd.nextInt(4) == 0 ? 2000 + rnd.nextInt(3000)
        : 1 + rnd.nextInt(300);
    if (overflow) {
      b.memory = "128K";
    }
    op(b.text, "li a0, " + depth);
    b.call(b.text, rec, NO_A0_RA);
    op(b.text, "sw a0, " + 4 * rnd.nextInt(ProgramBuilder.BUF / 4) + "(s1)");
    op(b.text, "mv " + b.reg(WRITABLE) + ", a0");
    recursiveFunction(rec, other, overflow);
    if (!other.equals(rec)) {
      recursiveFunction(other, rec, overflow);
    }
  }

  private void recursiveFunction(String name, String callee, boolean overflow) {
    StringBuilder f = b.functions;
    String base = b.label("L_base");
    label(f, name);
    op(f, "addi sp, sp, -16");
    op(f, "sw ra, 12(sp)");
    op(f, "sw a0, 8(sp)");
    for (int k = rnd.nextInt(6); k > 0; k--) {
      b.straight(f, NO_A0_RA);
    }
    op(f, (overflow ? "beq a0, zero, " : "blez a0, ") + base);
    op(f, "addi a0, a0, -1");
    switch (rnd.nextInt(4)) {
      case 0 -> op(f, "call " + callee);
      case 1 -> op(f, "jal " + callee);
      case 2 -> {
        op(f, "la t0, " + callee);
        op(f, "jalr ra, 0(t0)");
      }
      default -> {
        String l = b.label("L_pc");
        label(f, l);
        op(f, "auipc t1, %pcrel_hi(" + callee + ")");
        op(f, "jalr ra, %pcrel_lo(" + l + ")(t1)");
      }
    }
    String r = b.reg(NO_A0_RA);
    op(f, "lw " + r + ", 8(sp)");
    op(f, b.pick(new String[] {"add", "xor", "sub", "mul"}) + " a0, a0, " + r);
    for (int k = rnd.nextInt(4); k > 0; k--) {
      b.straight(f, NO_A0_RA);
    }
    label(f, base);
    op(f, "lw ra, 12(sp)");
    op(f, "addi sp, sp, 16");
    op(f, "ret");
  }

  // ------------------------------------------------------------------ long code

  /** A loop (s2) whose body is 65..400 instructions with forward branches inside it. */
  private void longLoop() {
    StringBuilder t = b.text;
    String l = "L_long" + id;
    int length = 65 + rnd.nextInt(336);
    op(t, "li s2, " + (1 + rnd.nextInt(10)));
    label(t, l);
    String pending = null;
    int closeAt = -1;
    for (int i = 0; i < length; i++) {
      if (pending == null && rnd.nextInt(40) == 0) {
        pending = b.label("L_fwd");
        closeAt = i + 1 + rnd.nextInt(80);
        op(t, b.pick(ProgramBuilder.BRANCHES) + " " + b.readable() + ", " + b.readable() + ", "
            + pending);
      }
      b.straight(t, WRITABLE);
      if (pending != null && i == closeAt) {
        label(t, pending);
        pending = null;
      }
    }
    if (pending != null) {
      label(t, pending);
    }
    op(t, "addi s2, s2, -1");
    op(t, "bnez s2, " + l);
  }

  /** 1000..6000 straight instructions, run 1..3 times (a loop on s3 around them). */
  private void longStraight() {
    StringBuilder t = b.text;
    String l = "L_straight" + id;
    int length = 1000 + rnd.nextInt(5001);
    op(t, "li s3, " + (1 + rnd.nextInt(3)));
    label(t, l);
    for (int i = 0; i < length; i++) {
      b.straight(t, WRITABLE);
    }
    op(t, "addi s3, s3, -1");
    op(t, "bnez s3, " + l);
  }

  // ------------------------------------------------------------------ entries inside blocks

  /** Calls (jalr ra) into the middle of a straight block that ends in ret. */
  private void midBlockCalls() {
    StringBuilder t = b.text;
    String blk = "L_blk" + id;
    String loop = "L_mb" + id;
    String done = "L_mbdone" + id;
    int length = 16 + rnd.nextInt(80);
    op(t, "li s5, " + (1 + rnd.nextInt(12)));
    label(t, loop);
    op(t, "andi s6, " + b.readable() + ", 15");
    op(t, "slli s6, s6, 2");
    op(t, "la s7, " + blk);
    op(t, "add s7, s7, s6");
    op(t, "jalr ra, 0(s7)");
    b.work(t, WRITABLE, false);
    op(t, "addi s5, s5, -1");
    op(t, "bnez s5, " + loop);
    op(t, "j " + done);
    label(t, blk);
    for (int i = 0; i < length; i++) {
      b.straight(t, WRITABLE_NO_RA);
    }
    op(t, "ret");
    label(t, done);
  }

  /**
   * auipc+jalr pairs: one entered at its jalr (a branch target) with another base, one entered
   * at its jalr by an indirect jump (not a block leader), and a call whose auipc ends a
   * 64-instruction block so that its jalr starts the next one.
   */
  private void pairs() {
    StringBuilder t = b.text;
    String x = "L_pX" + id;
    String j = "L_pJ" + id;
    String a = "L_pA" + id;
    String done = "L_pDone" + id;
    boolean indirect = rnd.nextBoolean();
    op(t, "la s6, " + a);
    op(t, "addi s6, s6, -16");
    if (indirect) {
      op(t, "la s8, " + j);
      op(t, "jr s8");
    } else {
      op(t, "j " + j);
    }
    label(t, x);
    op(t, "auipc s6, 0");
    label(t, j);
    op(t, "jalr s7, 16(s6)"); // from the auipc: its pc + 16
    op(t, "j " + done);
    op(t, "ebreak");
    b.work(t, WRITABLE, false); // the pair's target
    op(t, "j " + done);
    label(t, a);
    b.work(t, WRITABLE, false);
    op(t, "j " + x);
    label(t, done);
    // a call whose jalr is cut from its auipc by the 64-instruction block limit
    String cut = "L_cut" + id;
    op(t, "li s5, " + (1 + rnd.nextInt(3)));
    label(t, cut);
    int n = 60 + rnd.nextInt(7);
    for (int i = 0; i < n; i++) {
      b.straight(t, WRITABLE);
    }
    op(t, "call " + (b.leafFunctions.isEmpty() ? "f0" : b.leafFunctions.get(0)));
    op(t, "addi s5, s5, -1");
    op(t, "bnez s5, " + cut);
    // jump pseudo: auipc + jalr zero
    String far = "L_far" + id;
    op(t, "jump " + far + ", s6");
    op(t, "ebreak");
    label(t, far);
  }

  // ------------------------------------------------------------------ interrupts

  /**
   * Installs a timer interrupt handler: it counts deliveries, records DELIVERED, SAVED_PC and
   * instret, re-arms the timer a bounded number of times and returns with d.iret. Its entry is
   * sometimes in the middle of a block, and sometimes it does not preserve a register.
   */
  private void interrupts() {
    StringBuilder t = b.text;
    String h = "L_handler" + id;
    int limit = 1 + rnd.nextInt(30);
    int delta = rnd.nextInt(60);
    op(t, "li s6, 0x1000");
    op(t, "la s7, " + h);
    op(t, "sw s7, 0x20(s6)"); // HANDLER
    op(t, "li s7, 1");
    op(t, "sw s7, 0x1c(s6)"); // ENABLED
    op(t, "lw s7, 0x10(s6)"); // TIME_LO
    op(t, "addi s7, s7, " + delta);
    op(t, "sw s7, 0x2c(s6)"); // TIMER_LO
    StringBuilder f = b.functions;
    String noArm = b.label("L_noarm");
    for (int i = rnd.nextInt(3); i > 0; i--) {
      op(f, "nop"); // never run: the handler is entered in the middle of a block
    }
    label(f, h);
    op(f, "addi sp, sp, -32");
    op(f, "sw t0, 0(sp)");
    op(f, "sw t1, 4(sp)");
    op(f, "sw t2, 8(sp)");
    op(f, "sw a0, 12(sp)");
    op(f, "li t0, 0x1000");
    op(f, "la t2, irqcount");
    op(f, "lw t1, 0(t2)");
    op(f, "addi t1, t1, 1");
    op(f, "sw t1, 0(t2)");
    op(f, "lw a0, 0x28(t0)"); // DELIVERED
    op(f, "sw a0, 4(t2)");
    op(f, "lw a0, 0x24(t0)"); // SAVED_PC
    op(f, "sw a0, 8(t2)");
    op(f, "rdinstret a0");
    op(f, "sw a0, 12(t2)");
    op(f, "li a0, " + limit);
    op(f, "bge t1, a0, " + noArm);
    op(f, "lw t1, 0x10(t0)"); // TIME_LO
    op(f, "addi t1, t1, " + (1 + rnd.nextInt(40)));
    op(f, "sw t1, 0x2c(t0)"); // TIMER_LO
    label(f, noArm);
    if (rnd.nextInt(4) == 0) { // a handler that does not preserve a register
      op(f, "li " + b.pick(new String[] {"a1", "a5", "t3", "t6", "s10"}) + ", "
          + ProgramBuilder.literal(b.value()));
    }
    op(f, "lw a0, 12(sp)");
    op(f, "lw t2, 8(sp)");
    op(f, "lw t1, 4(sp)");
    op(f, "lw t0, 0(sp)");
    op(f, "addi sp, sp, 32");
    op(f, "d.iret");
    // work that the timer interrupts, with some idles
    String l = "L_irqwork" + id;
    op(t, "li s5, " + (2 + rnd.nextInt(20)));
    label(t, l);
    b.blocks(t, ProgramBuilder.main(), 1 + rnd.nextInt(5));
    if (rnd.nextBoolean()) {
      idle(t);
    }
    op(t, "addi s5, s5, -1");
    op(t, "bnez s5, " + l);
  }

  /** d.idle with a short timeout (0..20 microseconds): ends the quantum. */
  private void idle(StringBuilder t) {
    op(t, "li s8, " + rnd.nextInt(21));
    op(t, "d.idle " + b.reg(WRITABLE) + ", s8");
  }
}
