package dev.denali.emu.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.emu.GuestProgram;
import dev.denali.emu.Runner;
import dev.denali.isa.MemoryMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random operands through every engine of {@link Engines#all()}, compared with {@link
 * ReferenceModel}: each try runs a tiny guest (the operands are put in registers before the VM
 * starts, the immediates assembled in), and checks the result register. Register aliasing (rd
 * equal to a source) is part of the draw.
 */
class InstructionPropertiesTest {
  private static final List<String> R_OPS = List.of("add", "sub", "sll", "slt", "sltu", "xor",
      "srl", "sra", "or", "and", "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu");
  private static final List<String> I_OPS =
      List.of("addi", "slti", "sltiu", "xori", "ori", "andi");
  private static final List<String> SHIFT_OPS = List.of("slli", "srli", "srai");
  private static final List<String> BRANCHES =
      List.of("beq", "bne", "blt", "bge", "bltu", "bgeu");
  /** Small memory: each try makes a fresh VM per engine. */
  private static final Map<String, String> SMALL = Map.of("memory", "128K", "stack", "4K");

  private static final Map<String, GuestProgram> PROGRAMS = new ConcurrentHashMap<>();

  private static GuestProgram program(String body, String sections) {
    return PROGRAMS.computeIfAbsent(body + "\0" + sections,
        k -> Guest.load(Guest.elf(Snippets.program(body, sections), SMALL)));
  }

  /** Runs {@code program} on every engine with a0 = a, a1 = b; returns the finished runs. */
  private static List<Guest.Run> runAll(GuestProgram program, int a, int b) {
    return Engines.all().stream().map(e -> {
      Guest.Run r = Guest.of(program).on(e).limit(1000).prepare();
      r.vm.x[10] = a;
      r.vm.x[11] = b;
      r.finish();
      assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
      return r;
    }).toList();
  }

  @Provide
  Arbitrary<Integer> words() {
    return Arbitraries.oneOf(
        Arbitraries.integers(),
        Arbitraries.integers().between(-40, 40),
        Arbitraries.of(0, 1, -1, 2, 31, 32, 33, 63, -31, -32, Integer.MIN_VALUE,
            Integer.MAX_VALUE, Integer.MIN_VALUE + 1, 0x7fff, 0x8000, 0xffff, 0x10000,
            0x80000001, 0xfffffffe),
        Arbitraries.integers().between(0, 30).map(n -> 1 << n),
        Arbitraries.integers().between(0, 30).map(n -> -(1 << n)));
  }

  @Provide
  Arbitrary<String> rOps() {
    return Arbitraries.of(R_OPS);
  }

  @Provide
  Arbitrary<String> iOps() {
    return Arbitraries.of(I_OPS);
  }

  @Provide
  Arbitrary<String> shiftOps() {
    return Arbitraries.of(SHIFT_OPS);
  }

  @Provide
  Arbitrary<String> branches() {
    return Arbitraries.of(BRANCHES);
  }

  @Provide
  Arbitrary<Integer> imm12() {
    return Arbitraries.oneOf(Arbitraries.integers().between(-2048, 2047),
        Arbitraries.of(-2048, -1, 0, 1, 2047, 0x7ff, -0x800, 0x555, -0x556));
  }

  /** R-type: register forms, including rd == rs1, rd == rs2 and rs1 == rs2. */
  @Property(tries = 3000)
  @Covers({"add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and", "mul", "mulh",
      "mulhsu", "mulhu", "div", "divu", "rem", "remu"})
  void registerRegisterOpsMatchTheModel(@ForAll("rOps") String op, @ForAll("words") int a,
      @ForAll("words") int b, @ForAll @IntRange(min = 0, max = 3) int form) {
    String[] forms = {
        op + " a2, a0, a1", // distinct registers
        op + " a0, a0, a1\nmv a2, a0", // rd == rs1
        op + " a1, a0, a1\nmv a2, a1", // rd == rs2
        op + " a2, a0, a0", // rs1 == rs2
    };
    int expected = form == 3 ? ReferenceModel.r(op, a, a) : ReferenceModel.r(op, a, b);
    for (Guest.Run r : runAll(program(forms[form], ""), a, b)) {
      assertThat(r.reg("a2")).as("%s: %s a=0x%08x b=0x%08x", r.engine.name(), forms[form], a, b)
          .isEqualTo(expected);
      assertThat(r.reg("zero")).isZero();
    }
  }

  @Property(tries = 600)
  @Covers({"addi", "slti", "sltiu", "xori", "ori", "andi"})
  void registerImmediateOpsMatchTheModel(@ForAll("iOps") String op, @ForAll("words") int a,
      @ForAll("imm12") int imm) {
    String insn = op + " a2, a0, " + imm;
    int expected = ReferenceModel.i(op, a, imm);
    for (Guest.Run r : runAll(program(insn, ""), a, 0)) {
      assertThat(r.reg("a2")).as("%s: %s with a0=0x%08x", r.engine.name(), insn, a)
          .isEqualTo(expected);
    }
  }

  @Property(tries = 400)
  @Covers({"slli", "srli", "srai"})
  void immediateShiftsMatchTheModel(@ForAll("shiftOps") String op, @ForAll("words") int a,
      @ForAll @IntRange(min = 0, max = 31) int shamt) {
    String insn = op + " a2, a0, " + shamt;
    int expected = ReferenceModel.i(op, a, shamt);
    for (Guest.Run r : runAll(program(insn, ""), a, 0)) {
      assertThat(r.reg("a2")).as("%s: %s with a0=0x%08x", r.engine.name(), insn, a)
          .isEqualTo(expected);
    }
  }

  @Property(tries = 2000)
  @Covers({"beq", "bne", "blt", "bge", "bltu", "bgeu"})
  void branchesMatchTheModelInBothDirections(@ForAll("branches") String op,
      @ForAll("words") int a, @ForAll("words") int b, @ForAll boolean backward) {
    String body = backward
        ? "j 2f\n1: li a2, 2\nd.exit zero\n2: " + op + " a0, a1, 1b\nli a2, 1\n"
        : op + " a0, a1, 1f\nli a2, 1\nd.exit zero\n1: li a2, 2\n";
    int expected = ReferenceModel.taken(op, a, b) ? 2 : 1;
    for (Guest.Run r : runAll(program(body, ""), a, b)) {
      assertThat(r.reg("a2")).as("%s: %s a=0x%08x b=0x%08x %s", r.engine.name(), op, a, b,
          backward ? "backward" : "forward").isEqualTo(expected);
    }
  }

  @Property(tries = 300)
  @Covers({"lui", "auipc"})
  void upperImmediatesMatchTheModel(@ForAll @IntRange(min = 0, max = 0xfffff) int imm20) {
    String body = "lui a2, " + imm20 + "\nauipc a3, " + imm20 + "\n";
    for (Guest.Run r : runAll(program(body, ""), 0, 0)) {
      assertThat(r.reg("a2")).isEqualTo(imm20 << 12);
      assertThat(r.reg("a3")).isEqualTo(MemoryMap.TEXT_BASE + 4 + (imm20 << 12));
    }
  }

  private static final String LOAD_STORE = """
      la t0, buf
      add t0, t0, a1
      sw a0, 0(t0)
      lw a2, 0(t0)
      lh a3, 0(t0)
      lhu a4, 0(t0)
      lb a5, 0(t0)
      lbu a6, 3(t0)
      lh a7, 2(t0)
      sh a0, 9(t0)
      lw s2, 8(t0)
      sb a0, 17(t0)
      lw s3, 16(t0)
      lw s4, -4(t0)
      """;

  @Property(tries = 500)
  @Covers({"lw", "lh", "lhu", "lb", "lbu", "sw", "sh", "sb"})
  void loadsAndStoresAtAnyAlignmentMatchTheModel(@ForAll("words") int v,
      @ForAll @IntRange(min = 4, max = 64) int offset) {
    for (Guest.Run r : runAll(program(LOAD_STORE, ".data\nbuf: .zero 96\n"), v, offset)) {
      String at = String.format("%s: value 0x%08x at buf+%d", r.engine.name(), v, offset);
      assertThat(r.reg("a2")).as(at).isEqualTo(v);
      assertThat(r.reg("a3")).as(at).isEqualTo((int) (short) v);
      assertThat(r.reg("a4")).as(at).isEqualTo(v & 0xffff);
      assertThat(r.reg("a5")).as(at).isEqualTo((int) (byte) v);
      assertThat(r.reg("a6")).as(at).isEqualTo(v >>> 24);
      assertThat(r.reg("a7")).as(at).isEqualTo((int) (short) (v >>> 16));
      assertThat(r.reg("s2")).as(at).isEqualTo((v & 0xffff) << 8);
      assertThat(r.reg("s3")).as(at).isEqualTo((v & 0xff) << 8);
      assertThat(r.reg("s4")).as(at).isZero();
    }
  }
}
