package dev.denali.emu.qemu;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A random RV32IM program made by {@link RandomBehaviourGenerator}, kept as a tree of numbered
 * blocks so that it can be printed whole or with some blocks left out ({@link #source(Set)}):
 * that is how {@link ProgramReducer} shrinks a program on which two executions disagree.
 *
 * <p>Printed layout: {@code _start} loads the data pointer and gives every free register its
 * initial value (the prologue, which is never left out), then the main blocks, then the fixed
 * checksum epilogue ({@link ChecksumEpilogue}: registers and data buffer as hex text through
 * ecall write, then ecall exit), then the leaf functions the main blocks call.
 */
public final class GeneratedProgram {
  /** One piece of the program; every block has a number unique within its program. */
  public sealed interface Block permits Straight, Skip, Loop {
    int id();
  }

  /** Straight-line instructions (the last may be a call, which returns). */
  public record Straight(int id, List<String> lines) implements Block {}

  /** A forward branch over {@code body}: {@code branch} names the label {@code L_skip<id>}. */
  public record Skip(int id, String branch, List<Block> body) implements Block {}

  /**
   * A bounded loop: {@code counter = trips}, then {@code body}, {@code counter -= 1}, and the
   * back edge {@code backEdge} (which names the label {@code L_loop<id>}) while it is not zero.
   */
  public record Loop(int id, String counter, int trips, String backEdge, List<Block> body)
      implements Block {}

  /** A leaf function {@code name}: saves ra on the stack, runs {@code body}, returns. */
  public record Function(String name, List<Block> body) {}

  private final long seed;
  private final List<String> prologue;
  private final List<Block> main;
  private final List<Function> functions;
  private final byte[] data;
  private final int exitRegister;

  GeneratedProgram(long seed, List<String> prologue, List<Block> main, List<Function> functions,
      byte[] data, int exitRegister) {
    this.seed = seed;
    this.prologue = List.copyOf(prologue);
    this.main = List.copyOf(main);
    this.functions = List.copyOf(functions);
    this.data = data.clone();
    this.exitRegister = exitRegister;
  }

  public long seed() {
    return seed;
  }

  /** The whole program as assembly text. */
  public String source() {
    return source(Set.of());
  }

  /** The program without the blocks numbered in {@code omitted} (and everything inside them). */
  public String source(Set<Integer> omitted) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Random RV32IM program, RandomBehaviourGenerator seed ").append(seed).append('\n');
    if (!omitted.isEmpty()) {
      sb.append("# (reduced: ").append(omitted.size()).append(" blocks left out)\n");
    }
    sb.append("        .text\n        .globl _start\n_start:\n");
    prologue.forEach(l -> line(sb, l));
    sb.append("# ---- main blocks\n");
    print(sb, main, omitted);
    sb.append("# ---- checksum and exit\n");
    ChecksumEpilogue.append(sb, exitRegister);
    for (Function f : functions) {
      sb.append("# ---- leaf function\n").append(f.name()).append(":\n");
      line(sb, "addi sp, sp, -16");
      line(sb, "sw ra, 12(sp)");
      line(sb, "sw zero, 0(sp)");
      line(sb, "sw zero, 4(sp)");
      line(sb, "sw zero, 8(sp)");
      print(sb, f.body(), omitted);
      line(sb, "lw ra, 12(sp)");
      line(sb, "addi sp, sp, 16");
      line(sb, "ret");
    }
    ChecksumEpilogue.appendData(sb, data);
    return sb.toString();
  }

  /** The numbers of all blocks, outermost first (a block comes before the blocks inside it). */
  public List<Integer> blockIds() {
    List<Integer> ids = new ArrayList<>();
    Consumer<List<Block>> walk = new Consumer<>() {
      @Override
      public void accept(List<Block> blocks) {
        for (Block b : blocks) {
          ids.add(b.id());
          if (b instanceof Skip s) {
            accept(s.body());
          } else if (b instanceof Loop l) {
            accept(l.body());
          }
        }
      }
    };
    walk.accept(main);
    functions.forEach(f -> walk.accept(f.body()));
    return ids;
  }

  private static void print(StringBuilder sb, List<Block> blocks, Set<Integer> omitted) {
    for (Block b : blocks) {
      if (omitted.contains(b.id())) {
        continue;
      }
      if (b instanceof Straight s) {
        s.lines().forEach(l -> line(sb, l));
      } else if (b instanceof Skip s) {
        line(sb, s.branch());
        print(sb, s.body(), omitted);
        sb.append("L_skip").append(s.id()).append(":\n");
      } else if (b instanceof Loop l) {
        line(sb, "li " + l.counter() + ", " + l.trips());
        sb.append("L_loop").append(l.id()).append(":\n");
        print(sb, l.body(), omitted);
        line(sb, "addi " + l.counter() + ", " + l.counter() + ", -1");
        line(sb, l.backEdge());
      } else {
        throw new IllegalStateException("BUG: block " + b);
      }
    }
  }

  static void line(StringBuilder sb, String text) {
    sb.append("        ").append(text).append('\n');
  }
}
