package dev.denali.perf.c;

import dev.denali.emu.GuestProgram;
import dev.denali.emu.interp.Interpreter;
import dev.denali.emu.jit.JitEngine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: the C workload ({@code ckernels/workload.c}, built with riscv64-unknown-elf-gcc -O2) on
 * the interpreter, on the JIT and as its plain-Java twin ({@link JavaWorkload}); time per
 * complete run (a fresh VM each time for the guest). Guest MIPS = the retired instructions
 * (printed by {@link CKernelReport}) / score. Run from the repository root (the forked JVM
 * compiles the C source against guest-sdk/c; or pass {@code -jvmArgs -Ddenali.root=...}).
 *
 * <pre>
 *   taskset -c 0 java -jar perf/target/denali-perf.jar CWorkloadBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CWorkloadBenchmark {
  GuestProgram program;
  Interpreter interpreter;
  JitEngine jit;

  @Setup
  public void setup() {
    program = CKernels.load(CKernels.WORKLOAD);
    interpreter = new Interpreter();
    jit = new JitEngine();
    int expected = JavaWorkload.run();
    long[] i = CKernels.run(program, interpreter);
    long[] j = CKernels.run(program, jit);
    if (i[0] != expected || j[0] != expected || i[1] != j[1]) {
      throw new IllegalStateException("results differ: interpreter " + i[0] + "/" + i[1]
          + ", JIT " + j[0] + "/" + j[1] + ", Java " + expected);
    }
  }

  @Benchmark
  public long interpreter() {
    return CKernels.run(program, interpreter)[0];
  }

  @Benchmark
  public long jit() {
    return CKernels.run(program, jit)[0];
  }

  @Benchmark
  public int java() {
    return JavaWorkload.run();
  }
}
