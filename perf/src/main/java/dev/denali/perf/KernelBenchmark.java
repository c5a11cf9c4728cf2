package dev.denali.perf;

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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: each kernel on the interpreter, on the JIT and in plain Java, time per complete run (a fresh VM each
 * time for the guest). Guest MIPS = the kernel's retired instructions (printed by
 * {@link KernelReport}) / score.
 *
 * <pre>
 *   taskset -c 0 java -jar perf/target/denali-perf.jar KernelBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KernelBenchmark {
  @Param({"loop", "sieve", "crc32", "fib", "matmul", "sort"})
  String kernel;

  GuestProgram program;
  Interpreter interpreter;
  JitEngine jit;

  @Setup
  public void setup() {
    program = Kernels.load(kernel);
    interpreter = new Interpreter();
    jit = new JitEngine();
  }

  @Benchmark
  public long interpreter() {
    return Kernels.run(program, interpreter)[0];
  }

  @Benchmark
  public long jit() {
    return Kernels.run(program, jit)[0];
  }

  @Benchmark
  public int java() {
    return JavaKernels.run(kernel);
  }
}
