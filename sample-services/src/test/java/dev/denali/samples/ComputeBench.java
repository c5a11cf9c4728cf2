package dev.denali.samples;

import dev.denali.emu.EngineKind;
import dev.denali.kernel.KernelConfig;
import dev.denali.kernel.VmOptions;
import dev.denali.samples.HttpResponses.Response;
import java.util.Arrays;

/**
 * Measures the compute service under each engine: guest instructions and wall-clock latency per
 * request (through ServiceHarness: request in, complete response out), the median of
 * `repetitions` requests after as many warm-up requests (the numbers in compute/README.md). Not a test: run
 * it after a build, from sample-services/:
 *
 * <pre>
 * mvn -B -ntp -pl sample-services -am test-compile -q
 * java -cp "$(cat target/bench.cp):target/classes:target/test-classes" \
 *     dev.denali.samples.ComputeBench [repetitions]
 * </pre>
 *
 * where target/bench.cp comes from {@code mvn -pl sample-services dependency:build-classpath
 * -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test}.
 */
public final class ComputeBench {
  private ComputeBench() {}

  static final String[] TARGETS = {"/primes?n=100000", "/primes?n=1000000",
      "/primes?n=10000000", "/mandelbrot?w=80&h=40&iter=256",
      "/mandelbrot?w=200&h=100&iter=1000"};

  public static void main(String[] args) throws Exception {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    System.out.printf("%-36s %-7s %15s %12s %12s%n", "request", "engine", "instructions",
        "median ms", "Minstr/s");
    for (String target : TARGETS) {
      for (EngineKind engine : new EngineKind[] {EngineKind.INTERP, EngineKind.JIT,
          EngineKind.AUTO}) {
        try (ServiceHarness h = ServiceHarness.start("compute",
            KernelConfig.defaults().withWorkers(1).withEngine(engine), VmOptions.defaults())) {
          long instructions = 0;
          double[] ms = new double[reps];
          for (int i = 0; i < reps; i++) {
            get(h, target); // warm-up: the host JVM's own JIT, the guest JIT's translation
          }
          for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            Response r = get(h, target);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            instructions = Long.parseLong(r.header("X-Guest-Instructions"));
          }
          Arrays.sort(ms);
          double median = ms[reps / 2];
          System.out.printf("%-36s %-7s %,15d %12.1f %12.0f%n", target, engine.label(),
              instructions, median, instructions / median / 1000);
        }
      }
    }
  }

  static Response get(ServiceHarness h, String target) {
    return HttpResponses.one(KvServiceTest.call(h,
        "GET " + target + " HTTP/1.1\r\nHost: bench\r\n\r\n"));
  }
}
