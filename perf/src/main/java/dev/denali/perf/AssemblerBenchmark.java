package dev.denali.perf;

import dev.denali.asm.Assembler;
import dev.denali.asm.AssemblerOptions;
import dev.denali.asm.AssemblyResult;
import dev.denali.asm.SourceFile;
import java.util.List;
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
 * JMH: time to assemble and link a generated source. Lines per second = lines / score.
 *
 * <pre>
 *   java -jar perf/target/denali-perf.jar AssemblerBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AssemblerBenchmark {
  @Param({"100000"})
  int lines;

  List<SourceFile> source;

  @Setup
  public void setup() {
    source = List.of(SourceFile.of("synthetic.s", SyntheticSource.generate(lines, 42)));
  }

  @Benchmark
  public AssemblyResult assemble() {
    return Assembler.assemble(source, AssemblerOptions.defaults());
  }
}
