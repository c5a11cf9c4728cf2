package dev.denali.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.emu.EngineKind;
import dev.denali.kernel.KernelConfig;
import dev.denali.kernel.VmOptions;
import dev.denali.samples.HttpResponses.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The compute service (sample-services/compute): answers, limits, and engine independence. */
class ComputeServiceTest {
  static ServiceHarness h;

  @BeforeAll
  static void boot() throws Exception {
    h = ServiceHarness.start("compute");
  }

  @AfterAll
  static void shutdown() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  static Response get(ServiceHarness s, String target) {
    return HttpResponses.one(KvServiceTest.call(s, "GET " + target + " HTTP/1.1\r\nHost: c\r\n\r\n"));
  }

  @Test
  void countsPrimes() {
    assertThat(get(h, "/primes?n=100").body()).isEqualTo("primes below 100: 25 (largest 97)\n");
    assertThat(get(h, "/primes?n=2").body()).isEqualTo("primes below 2: 0 (largest 0)\n");
    assertThat(get(h, "/primes?n=3").body()).isEqualTo("primes below 3: 1 (largest 2)\n");
    assertThat(get(h, "/primes?n=10").body()).isEqualTo("primes below 10: 4 (largest 7)\n");
    Response r = get(h, "/primes");
    assertThat(r.body()).isEqualTo("primes below 1000000: 78498 (largest 999983)\n");
    assertThat(Long.parseLong(r.header("X-Guest-Instructions"))).isGreaterThan(1_000_000);
  }

  @Test
  void theLargestSieveAllowed() {
    assertThat(get(h, "/primes?n=10000000").body())
        .isEqualTo("primes below 10000000: 664579 (largest 9999991)\n");
  }

  @Test
  void rejectsRunawayOrBadParameters() {
    for (String q : new String[] {"/primes?n=1", "/primes?n=10000001", "/primes?n=abc",
        "/primes?n=", "/primes?n=99999999999999999999", "/mandelbrot?w=201",
        "/mandelbrot?h=0", "/mandelbrot?iter=1001", "/mandelbrot?w=-5"}) {
      assertThat(get(h, q).status()).as(q).isEqualTo(400);
    }
    assertThat(get(h, "/nope").status()).isEqualTo(404);
    assertThat(HttpResponses.one(KvServiceTest.call(h,
        "POST /primes HTTP/1.1\r\nHost: c\r\n\r\n")).status()).isEqualTo(405);
  }

  @Test
  void drawsTheMandelbrotSet() {
    Response small = get(h, "/mandelbrot");
    String[] lines = small.body().split("\n");
    assertThat(lines).hasSize(40).allSatisfy(l -> assertThat(l).hasSize(80));
    assertThat(lines[20].charAt(60)).isEqualTo('@'); // (-0.875, 0): inside the set
    assertThat(lines[0].charAt(0)).isEqualTo(' '); // (-2.5, -1.2): escapes at once
    // 200 x 100 + newlines: larger than one network message
    Response big = get(h, "/mandelbrot?w=200&h=100&iter=50");
    assertThat(big.body()).hasSize(201 * 100);
  }

  /** The interpreter and the JIT give the same answers and retire the same instructions. */
  @Test
  void enginesAgree() throws Exception {
    String[] targets = {"/primes?n=200000", "/mandelbrot?w=60&h=20&iter=100"};
    String[][] seen = new String[2][];
    EngineKind[] engines = {EngineKind.INTERP, EngineKind.JIT};
    for (int e = 0; e < engines.length; e++) {
      try (ServiceHarness s = ServiceHarness.start("compute",
          KernelConfig.defaults().withWorkers(1).withEngine(engines[e]), VmOptions.defaults())) {
        seen[e] = new String[targets.length * 2];
        for (int i = 0; i < targets.length; i++) {
          Response r = get(s, targets[i]);
          seen[e][2 * i] = r.body();
          seen[e][2 * i + 1] = r.header("X-Guest-Instructions");
        }
      }
    }
    assertThat(seen[1]).containsExactly(seen[0]);
  }
}
