package dev.denali.emu.jit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.asm.Assembler;
import dev.denali.asm.AssemblerOptions;
import dev.denali.asm.AssemblyResult;
import dev.denali.asm.SourceFile;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.GuestRun;
import dev.denali.emu.LoadException;
import dev.denali.emu.ProgramLoader;
import dev.denali.emu.Runner;
import dev.denali.emu.interp.Interpreter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * The JIT's translation itself: generated classes verify and stay under HotSpot's limit for
 * compiling a method however large the function, translated code is shared, guest calls are
 * JVM calls that never overflow the JVM stack, calls through pointers and jump tables stay in
 * translated code, and a golden dump shows what a small loop becomes. (Behaviour is checked
 * against the interpreter by every engine test, the differential tests and the qemu tests.)
 */
class JitTest {
  private static final String LOOP = """
      .text
      .globl _start
      _start:
        li t0, 100
        li t1, 0
      1: add t1, t1, t0
        addi t0, t0, -1
        bnez t0, 1b
        mv a0, t1
        li a7, 93
        ecall
      """;

  /** Recursive fib(n) through jal, as a C compiler would write it. */
  private static final String FIB = """
      .text
      .globl _start
      _start:
        li a0, 22
        call fib
        li a7, 93
        ecall
      fib:
        li t0, 2
        blt a0, t0, 1f
        addi sp, sp, -16
        sw ra, 12(sp)
        sw s0, 8(sp)
        sw s1, 4(sp)
        mv s0, a0
        addi a0, a0, -1
        call fib
        mv s1, a0
        addi a0, s0, -2
        call fib
        add a0, a0, s1
        lw ra, 12(sp)
        lw s0, 8(sp)
        lw s1, 4(sp)
        addi sp, sp, 16
      1: ret
      """;

  private static GuestProgram program(String source, String memory) {
    AssemblyResult r = Assembler.assemble(List.of(SourceFile.of("guest.s", source)),
        AssemblerOptions.defaults().withSettings(Map.of("memory", memory)));
    assertThat(r.ok()).as(r.formatDiagnostics()).isTrue();
    try {
      return ProgramLoader.load("guest", r.elf());
    } catch (LoadException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  private static String verify(byte[] classFile) {
    StringWriter sw = new StringWriter();
    CheckClassAdapter.verify(new ClassReader(classFile), JitTest.class.getClassLoader(), false,
        new PrintWriter(sw));
    return sw.toString();
  }

  /**
   * Runs p on the JIT, translating every function at its first entry, with one quantum per
   * billion instructions; the engine's statistics.
   */
  private static JitContext runJit(GuestProgram p, GuestRun expected) {
    return runJit(p, expected, new JitEngine(Integer.MAX_VALUE));
  }

  private static JitContext runJit(GuestProgram p, GuestRun expected, JitEngine jit) {
    // a limit well past the expected count: a JIT that goes wrong and loops fails, not hangs
    long limit = expected.result.outcome() == Runner.Outcome.INSTRUCTION_LIMIT ? 0
        : 2 * expected.result.retired() + 1_000_000;
    GuestRun r = GuestRun.run(p, jit, new Runner.Options(limit, 0, 1_000_000_000, null, 0));
    assertThat(r.result.outcome()).isEqualTo(expected.result.outcome());
    assertThat(r.result.exitStatus()).isEqualTo(expected.result.exitStatus());
    assertThat(r.result.retired()).isEqualTo(expected.result.retired());
    assertThat(r.vm.registers()).isEqualTo(expected.vm.registers());
    return jit.context();
  }

  private static GuestRun interpret(GuestProgram p) {
    return GuestRun.run(p, new Interpreter(), new Runner.Options(0, 0, 1_000_000_000, null, 0));
  }

  /**
   * The tests run with the JVM's bytecode verifier on for our classes, so that it checks every
   * class the JIT generates in every engine test, differential test and fuzzer here; bin/denali
   * turns it off for speed (RATIONALE.md), which is only sound while these runs keep it.
   */
  @Test
  void theTestsRunWithTheJvmVerifyingTheJitsClasses() {
    // a hidden class defined as the JIT defines its classes, whose method returns an int
    // where it promises an object: only a verifying JVM refuses it
    org.objectweb.asm.ClassWriter cw = new org.objectweb.asm.ClassWriter(
        org.objectweb.asm.ClassWriter.COMPUTE_MAXS);
    cw.visit(org.objectweb.asm.Opcodes.V17, org.objectweb.asm.Opcodes.ACC_FINAL,
        "dev/denali/emu/jit/Unverifiable", null, "java/lang/Object", null);
    org.objectweb.asm.MethodVisitor m = cw.visitMethod(org.objectweb.asm.Opcodes.ACC_STATIC,
        "wrong", "()Ljava/lang/Object;", null, null);
    m.visitCode();
    m.visitInsn(org.objectweb.asm.Opcodes.ICONST_0);
    m.visitInsn(org.objectweb.asm.Opcodes.ARETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
    cw.visitEnd();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> java.lang.invoke.MethodHandles
        .lookup().defineHiddenClass(cw.toByteArray(), true))
        .as("this JVM verifies the classes it is given").isInstanceOf(VerifyError.class);
  }

  @Test
  void everyGeneratedClassVerifiesAndStaysUnderTheHugeMethodLimit() throws Exception {
    List<String> sources = new ArrayList<>(List.of(LOOP, FIB));
    try (var files = Files.list(Path.of("src/test/resources/guests"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".s")).sorted().toList()) {
        sources.add(Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    assertThat(sources).hasSizeGreaterThan(5);
    int classes = 0;
    for (String source : sources) {
      Translation t = Translation.of(GuestRun.program(source));
      for (int entry : t.map.entries()) {
        byte[] cls = t.classFile(entry);
        assertThat(verify(cls)).as("CheckClassAdapter").isEmpty();
        assertThat(ClassFiles.largestMethod(cls)).isLessThanOrEqualTo(ClassFiles.HUGE_METHOD);
        classes++;
      }
    }
    assertThat(classes).isGreaterThan(20);
  }

  @Test
  void hugeFunctionsAreCutIntoPiecesThatHotSpotCompiles() {
    // 30,000 straight-line instructions, then a function of 2,000 nested-free branches
    StringBuilder sb = new StringBuilder(".text\n.globl _start\n_start:\n  la s0, buf\n");
    for (int i = 0; i < 10_000; i++) {
      sb.append("  addi a0, a0, 1\n  sw a0, ").append(4 * (i % 64)).append("(s0)\n")
          .append("  lw a1, ").append(4 * (i % 64)).append("(s0)\n");
    }
    sb.append("  call branchy\n  andi a0, a0, 0xff\n  li a7, 93\n  ecall\nbranchy:\n");
    for (int i = 0; i < 2_000; i++) {
      sb.append("  andi t0, a0, ").append(1 << (i % 10)).append("\n  beqz t0, 1f\n")
          .append("  addi a0, a0, ").append(i % 7 + 1).append("\n  xori a0, a0, ")
          .append(i % 13).append("\n1:\n");
    }
    sb.append("  ret\n.data\nbuf: .space 256\n");
    GuestProgram p = GuestRun.program(sb.toString());
    Translation t = Translation.of(p);
    for (int entry : t.map.entries()) {
      byte[] cls = t.classFile(entry);
      assertThat(ClassFiles.largestMethod(cls)).as("function at %d", entry)
          .isLessThanOrEqualTo(ClassFiles.HUGE_METHOD);
      assertThat(ClassFiles.methodCodeLengths(cls).keySet())
          .as("cut into pieces")
          .anyMatch(m -> m.matches(FunctionCompiler.PIECE_PREFIX + "\\d+\\(.*"));
      // the launcher keeps C2 from inlining pieces by the pattern JitEngine.PIECES: it must
      // name every piece (hidden classes are named like dev.denali.emu.jit.G7_10000/0x...)
      String glob = JitEngine.PIECES.replace(".", "\\.").replace("*", ".*");
      String className = t.translate(entry).getClass().getName();
      for (String m : ClassFiles.methodCodeLengths(cls).keySet()) {
        String name = m.substring(0, m.indexOf('('));
        boolean piece = name.matches(FunctionCompiler.PIECE_PREFIX + "\\d+");
        assertThat((className + "::" + name).matches(glob)).as(name).isEqualTo(piece);
      }
    }
    runJit(p, interpret(p));
  }

  /**
   * A function that keeps 26 registers in locals, whose outer loop uses them all and holds
   * {@code inner} light loops (four registers each) of 40 turns.
   */
  private static String registerHungry(int inner) {
    StringBuilder sb = new StringBuilder(".text\n.globl _start\n_start:\n  call work\n"
        + "  andi a0, a0, 0xff\n  li a7, 93\n  ecall\nwork:\n  li s0, 30\n");
    String[] many = {"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3",
        "t4", "t5", "t6", "a1", "a2", "a3", "a4", "a5", "a6"};
    for (int i = 0; i < many.length; i++) {
      sb.append("  li ").append(many[i]).append(", ").append(i + 1).append('\n');
    }
    sb.append("outer:\n");
    for (String r : many) {
      sb.append("  add a0, a0, ").append(r).append("\n  addi ").append(r).append(", ").append(r)
          .append(", 1\n");
    }
    for (int i = 0; i < inner; i++) {
      sb.append("  li t0, 40\n").append(i + 1).append(": add t1, t1, t0\n  xor t2, t2, t1\n")
          .append("  addi t0, t0, -1\n  bnez t0, ").append(i + 1).append("b\n");
    }
    sb.append("  add a0, a0, t2\n  addi s0, s0, -1\n  bnez s0, outer\n  ret\n");
    return sb.toString();
  }

  private static boolean hasPieces(Translation t) {
    return java.util.Arrays.stream(t.map.entries())
        .anyMatch(e -> ClassFiles.methodCodeLengths(t.classFile(e)).keySet().stream()
            .anyMatch(m -> m.matches(FunctionCompiler.PIECE_PREFIX + "\\d+\\(.*")));
  }

  @Test
  void registerLightLoopsGetMethodsOfTheirOwnUnlessTheyAreTheTurnsOfATightLoop() {
    // two light loops in a register-hungry loop: each its own method, where C2 keeps its few
    // values in machine registers
    GuestProgram two = GuestRun.program(registerHungry(2));
    assertThat(hasPieces(Translation.of(two))).isTrue();
    runJit(two, interpret(two));
    // the only loop of a loop that stays: entered at every turn of it, so it stays too
    GuestProgram one = GuestRun.program(registerHungry(1));
    assertThat(hasPieces(Translation.of(one))).isFalse();
    runJit(one, interpret(one));
  }

  @Test
  void hugeFunctionsAreTranslatedOnlyOnceTheyAreHot() {
    // a 2,002-instruction function called 4,000 times: not at its first entry (HotSpot would
    // run its methods in its bytecode interpreter until it had compiled them all), but once it
    // has run the square of its size in interpreted instructions (4 M, some 3,300 calls; the
    // interpreter runs it in slices of TieredEngine.SLICE, callers included)
    StringBuilder sb = new StringBuilder(".text\n.globl _start\n_start:\n  li s1, 4000\n"
        + "again:\n  call branchy\n  addi s1, s1, -1\n  bnez s1, again\n"
        + "  andi a0, a0, 0xff\n  li a7, 93\n  ecall\nbranchy:\n");
    for (int i = 0; i < 400; i++) {
      sb.append("  andi t0, a0, ").append(1 << (i % 10)).append("\n  beqz t0, 1f\n")
          .append("  addi a0, a0, ").append(i % 7 + 1).append("\n  xori a0, a0, ")
          .append(i % 13).append("\n1:\n");
    }
    sb.append("  ret\n");
    String source = sb.toString();
    GuestRun expected = interpret(GuestRun.program(source));
    GuestProgram cold = GuestRun.program(source);
    runJit(cold, expected, new JitEngine(1000, 1_000));
    Translation t = Translation.of(cold);
    int branchy = t.map.entries()[1];
    assertThat(t.spanLength(branchy)).isGreaterThan(1000);
    assertThat(t.isTranslated(branchy)).as("never hot enough").isFalse();
    assertThat(t.isTranslated(t.map.entries()[0])).as("_start, small").isTrue();
    GuestProgram hot = GuestRun.program(source);
    runJit(hot, expected, new JitEngine(1000, 1));
    assertThat(Translation.of(hot).isTranslated(branchy)).as("hot after a few calls").isTrue();
  }

  @Test
  void translatedCodeBelongsToTheProgramAndIsSharedByItsVms() {
    GuestProgram program = GuestRun.program(LOOP);
    for (int i = 0; i < 10; i++) {
      GuestRun r = GuestRun.run(program, new JitEngine(), Runner.Options.defaults());
      assertThat(r.result.exitStatus()).isEqualTo(5050);
    }
    Translation t = Translation.of(program);
    assertThat(program.code().translation()).isSameAs(t);
    assertThat(t.functions()).isEqualTo(1);
  }

  @Test
  void guestCallsAreJvmCallsThatReturnWithoutTheDispatcher() {
    GuestProgram p = GuestRun.program(FIB);
    GuestRun expected = interpret(p);
    assertThat(expected.result.exitStatus()).isEqualTo(17711);
    JitContext stats = runJit(p, expected);
    assertThat(expected.result.retired()).isGreaterThan(300_000);
    // _start; fib at its first call (translated when first reached); _start again where fib
    // returned, since that first call went through the dispatcher; then 57,000 calls, none
    assertThat(stats.entries).as("dispatcher entries into translated code").isEqualTo(3);
    assertThat(stats.returns).isEqualTo(1);
    assertThat(stats.interpreted).isZero();
  }

  @Test
  void recursionAMillionDeepRunsOnAShortJvmStack() throws InterruptedException {
    String source = """
        .text
        .globl _start
        _start:
          li a0, 1000000
          call depth
          li a7, 93
          ecall
        depth:
          beqz a0, 1f
          addi sp, sp, -16
          sw ra, 12(sp)
          addi a0, a0, -1
          call depth
          addi a0, a0, 1
          lw ra, 12(sp)
          addi sp, sp, 16
        1: ret
        """;
    GuestProgram p = program(source, "32M");
    GuestRun expected = interpret(p);
    assertThat(expected.result.exitStatus()).isEqualTo(1_000_000);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread small = new Thread(null, () -> {
      try {
        runJit(p, expected);
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "small-stack", 256 * 1024);
    small.start();
    small.join();
    assertThat(failure.get()).as("no StackOverflowError, same result").isNull();
  }

  @Test
  void callsThroughPointersAndJumpTablesStayInTranslatedCode() {
    String source = """
        .text
        .globl _start
        _start:
          li s0, 20000
          li s1, 0
        loop:
          andi t0, s0, 3
          slli t0, t0, 2
          la t1, table
          add t1, t1, t0
          lw t1, 0(t1)
          jr t1
        case0: la t2, twice
          j call
        case1: la t2, inc
          j call
        case2: la t2, twice
          j call
        case3: la t2, inc
        call:
          mv a0, s1
          jalr t2
          mv s1, a0
          addi s0, s0, -1
          bnez s0, loop
          andi a0, s1, 0xff
          li a7, 93
          ecall
        twice: slli a0, a0, 1
          ret
        inc: addi a0, a0, 1
          ret
          .section .rodata
        table: .word case0, case1, case2, case3
        """;
    GuestProgram p = GuestRun.program(source);
    JitContext stats = runJit(p, interpret(p));
    // _start, then twice and inc at their first calls (translated then) and back: 20,000
    // calls through the pointer and jumps through the table, none through the dispatcher
    assertThat(stats.entries).as("dispatcher entries into translated code").isEqualTo(5);
    assertThat(stats.continues).isEqualTo(2);
  }

  /**
   * A program's translated classes live in a class loader of its own and are unloaded once
   * nothing uses the program any more (a kernel that runs many programs in turn does not keep
   * them all).
   */
  @Test
  void translatedClassesAreUnloadedWithTheirProgram() throws Exception {
    List<java.lang.ref.WeakReference<Object>> refs = translateAndForget();
    for (int i = 0; i < 100 && refs.stream().anyMatch(r -> r.get() != null); i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertThat(refs).allSatisfy(r -> assertThat(r.get()).as("unloaded").isNull());
  }

  /** Translates FIB and runs it; weak references to one generated class and its loader. */
  private static List<java.lang.ref.WeakReference<Object>> translateAndForget() {
    GuestProgram p = GuestRun.program(FIB);
    runJit(p, interpret(p));
    Translation t = Translation.of(p);
    Class<?> generated = t.functionAt(t.map.entries()[0]).getClass();
    assertThat(generated.isHidden()).isTrue();
    assertThat(generated.getClassLoader()).isNotSameAs(JitTest.class.getClassLoader());
    return List.of(new java.lang.ref.WeakReference<>(generated),
        new java.lang.ref.WeakReference<>(generated.getClassLoader()));
  }

  @Test
  void aLoopTranslatesAsTheGoldenDumpShows() throws Exception {
    GuestProgram p = GuestRun.program(LOOP);
    byte[] cls = Translation.of(p).classFile(0);
    StringWriter sw = new StringWriter();
    new ClassReader(cls).accept(new TraceClassVisitor(new PrintWriter(sw)), 0);
    String dump = sw.toString();
    Path golden = Path.of("src/test/resources/jit/loop.txt");
    if (Boolean.getBoolean("denali.golden.update") || !Files.exists(golden)) {
      Files.writeString(golden, dump);
    }
    assertThat(dump).isEqualTo(Files.readString(golden));
  }
}
