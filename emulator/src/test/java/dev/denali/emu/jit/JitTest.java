package dev.denali.emu.jit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.emu.Code;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.GuestRun;
import dev.denali.emu.Runner;
import dev.denali.emu.interp.Interpreter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * The JIT's translation itself: generated classes verify, regions stay under the JVM's method
 * limits however large the code, translated code is shared, and a golden dump shows what a small
 * loop becomes. (Behaviour is checked against the interpreter by every engine test and by the
 * qemu differential tests.)
 */
class JitTest {
  /** C2 does not compile methods with more bytecode than this (-XX:+DontCompileHugeMethods). */
  private static final int HUGE_METHOD = 8000;

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

  /** Regions of a program as (start, end) pairs, the way CompiledCode cuts them. */
  private static List<int[]> regions(Code code) {
    CompiledCode cc = CompiledCode.of(code);
    List<int[]> out = new ArrayList<>();
    int start = 0;
    for (int k = 1; k <= code.length(); k++) {
      if (k == code.length() || code.isLeader(k) && cc.regionAt(k) != cc.regionAt(start)) {
        out.add(new int[] {start, k});
        start = k;
      }
    }
    return out;
  }

  private static String verify(byte[] classFile) {
    StringWriter sw = new StringWriter();
    CheckClassAdapter.verify(new ClassReader(classFile), JitTest.class.getClassLoader(), false,
        new PrintWriter(sw));
    return sw.toString();
  }

  /** The bytecode length of method {@code name} in a class file. */
  static int codeLength(byte[] classFile, String name) {
    ClassReader cr = new ClassReader(classFile);
    char[] buf = new char[cr.getMaxStringLength()];
    int p = cr.header + 6;
    p += 2 + 2 * cr.readUnsignedShort(p); // interfaces
    int fields = cr.readUnsignedShort(p);
    p += 2;
    for (int i = 0; i < fields; i++) {
      p += 6;
      int attrs = cr.readUnsignedShort(p);
      p += 2;
      for (int a = 0; a < attrs; a++) {
        p += 6 + cr.readInt(p + 2);
      }
    }
    int methods = cr.readUnsignedShort(p);
    p += 2;
    for (int m = 0; m < methods; m++) {
      String methodName = cr.readUTF8(p + 2, buf);
      int attrs = cr.readUnsignedShort(p + 6);
      p += 8;
      for (int a = 0; a < attrs; a++) {
        String attr = cr.readUTF8(p, buf);
        int len = cr.readInt(p + 2);
        if (attr.equals("Code") && methodName.equals(name)) {
          return cr.readInt(p + 6 + 4);
        }
        p += 6 + len;
      }
    }
    throw new AssertionError("no method " + name);
  }

  @Test
  void everyGeneratedClassVerifiesAndStaysUnderTheHugeMethodLimit() throws Exception {
    List<String> sources = new ArrayList<>();
    sources.add(LOOP);
    Path guests = Path.of("src/test/resources/guests");
    try (var files = Files.list(guests)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".s")).sorted().toList()) {
        sources.add(Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    assertThat(sources).hasSizeGreaterThan(5);
    for (String source : sources) {
      Code code = GuestRun.program(source).code();
      for (int[] r : regions(code)) {
        byte[] cls = CompiledCode.classFile(code, r[0], r[1]);
        assertThat(verify(cls)).as("CheckClassAdapter").isEmpty();
        assertThat(codeLength(cls, "run")).isLessThan(HUGE_METHOD);
      }
    }
  }

  @Test
  void hugeFunctionsAreSplitIntoRegionsThatAllCompile() {
    // 30,000 straight-line instructions with loads, stores and calls in between
    StringBuilder sb = new StringBuilder(".text\n.globl _start\n_start:\n  la s0, buf\n");
    for (int i = 0; i < 10_000; i++) {
      sb.append("  addi a0, a0, 1\n  sw a0, ").append(4 * (i % 64)).append("(s0)\n")
          .append("  lw a1, ").append(4 * (i % 64)).append("(s0)\n");
    }
    sb.append("  andi a0, a1, 0xff\n  li a7, 93\n  ecall\n.data\nbuf: .space 256\n");
    GuestProgram program = GuestRun.program(sb.toString());
    Code code = program.code();
    List<int[]> regions = regions(code);
    assertThat(regions.size()).isGreaterThan(10);
    for (int[] r : regions) {
      byte[] cls = CompiledCode.classFile(code, r[0], r[1]);
      assertThat(codeLength(cls, "run")).as("region %d..%d", r[0], r[1])
          .isLessThan(HUGE_METHOD);
    }
    GuestRun jit = GuestRun.run(program, new JitEngine(), Runner.Options.defaults());
    GuestRun interp = GuestRun.run(program, new Interpreter(), Runner.Options.defaults());
    assertThat(jit.result.exitStatus()).isEqualTo(10_000 & 0xff).isEqualTo(
        interp.result.exitStatus());
    assertThat(jit.result.retired()).isEqualTo(interp.result.retired());
  }

  @Test
  void translatedCodeBelongsToTheProgramAndIsSharedByItsVms() {
    GuestProgram program = GuestRun.program(LOOP);
    for (int i = 0; i < 10; i++) {
      GuestRun r = GuestRun.run(program, new JitEngine(), Runner.Options.defaults());
      assertThat(r.result.exitStatus()).isEqualTo(5050);
    }
    CompiledCode cc = CompiledCode.of(program.code());
    assertThat(program.code().translation()).isSameAs(cc);
    assertThat(cc.regions()).isEqualTo(1);
  }

  @Test
  void aLoopTranslatesAsTheGoldenDumpShows() throws Exception {
    Code code = GuestRun.program(LOOP).code();
    byte[] cls = CompiledCode.classFile(code, 0, code.length());
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
