package dev.denali.emu.jit.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.denali.asm.Assembler;
import dev.denali.asm.AssemblerOptions;
import dev.denali.asm.AssemblyResult;
import dev.denali.asm.SourceFile;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.LoadException;
import dev.denali.emu.ProgramLoader;
import dev.denali.emu.Runner;
import dev.denali.emu.jit.Translation;
import dev.denali.emu.jit.diff.EngineComparison.Config;
import dev.denali.emu.jit.diff.EngineComparison.Pair;
import dev.denali.emu.qemu.RandomBehaviourGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Interpreter against JIT (BRIEF.md section 6): every program runs under both engines with the
 * same {@link Runner} options and a deterministic clock, and the whole final state must be the
 * same ({@link EngineState}: outcome, exit status, stdout and stderr bytes, all 32 registers, pc,
 * retired instructions, the whole writable memory, the fault's cause, pc, word and address, the
 * virtual registers, interrupt counters and the number of clock reads).
 *
 * <p>Programs: the guest corpus ({@code src/test/resources/guests}, {@code examples/*.s} and,
 * when built, the guest-sdk's C and assembly ELFs), and {@code denali.engines.count} generated
 * programs (default {@value #DEFAULT_COUNT}) with seeds from {@code denali.engines.seed}, a
 * third each from {@link RandomBehaviourGenerator} (the qemu differential's generator),
 * {@link FaultingProgramGenerator} and {@link ShapeProgramGenerator}. Each generated program runs
 * in four configurations: one quantum of a million instructions; a small odd quantum (1, 7, 97
 * or 1013, so that budgets end inside blocks); a random instruction limit that stops it midway
 * (the state at the stop is compared); and interpreter against an engine that alternates
 * interpreter and JIT every quantum (the Engine contract: the state is complete whenever run
 * returns).
 *
 * <p>The default 300 programs take about 5 s on a 2-core machine (the corpus about as long);
 * run thousands locally with {@code -Ddenali.engines.count=3000} (about 30 s); rerun one
 * program with {@code -Ddenali.engines.seed=N -Ddenali.engines.count=1}. A program on which the
 * engines disagree is written to {@code target/engine-failures/seed-N.s}, reduced line by line
 * to {@code seed-N.min.s} ({@link LineReducer}), and the test fails naming its seed,
 * configuration and first difference. Kinds of program with a known, reported disagreement
 * ({@link #KNOWN_DISAGREEMENTS}) are still run and their disagreements printed, but they fail
 * the test only with {@code -Ddenali.engines.strict=true}.
 */
class EngineDifferentialTest {
  static final int DEFAULT_COUNT = 300;
  static final long DEFAULT_SEED = 40_040_000L;
  /** No generated program runs this long; reaching it is a generator bug. */
  static final long INSTRUCTION_CAP = 50_000_000L;
  static final long TIMEOUT_NANOS = 60_000_000_000L;
  /** The corpus's guests sleep for milliseconds: a coarser clock ends their sleeps sooner. */
  static final long CORPUS_CLOCK_STEP = 250;
  static final int MAX_REDUCED = 3;
  static final int MAX_REDUCER_CHECKS = 600;
  private static final Path FAILURES = Path.of("target", "engine-failures");

  /**
   * Kinds of generated program on which the engines are known to disagree, each with its bug
   * report. Their disagreements are printed and counted but fail the test only with
   * {@code -Ddenali.engines.strict=true}. Remove an entry when its bug is fixed.
   */
  static final Map<String, String> KNOWN_DISAGREEMENTS = Map.of();

  @Test
  void generatedProgramsEndInTheSameStateOnBothEngines() {
    int count = Integer.getInteger("denali.engines.count", DEFAULT_COUNT);
    long first = Long.getLong("denali.engines.seed", DEFAULT_SEED);
    long start = System.nanoTime();
    Stats stats = new Stats();
    boolean strict = Boolean.getBoolean("denali.engines.strict");
    List<String> problems = new ArrayList<>();
    Map<String, Integer> known = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      long seed = first + i;
      GeneratedSource g = generate(seed);
      boolean isKnown = !strict && KNOWN_DISAGREEMENTS.containsKey(g.kind());
      String problem = check(g, stats, !isKnown && problems.size() < MAX_REDUCED);
      if (problem != null && isKnown) {
        if (known.merge(g.kind(), 1, Integer::sum) <= 2) {
          System.err.println("[engine-diff] KNOWN DISAGREEMENT " + problem);
        }
      } else if (problem != null) {
        System.err.println("[engine-diff] DISAGREEMENT " + problem);
        problems.add(problem);
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.err.printf("[engine-diff] %d programs (seeds %d..%d), %d runs compared in %d ms;"
        + " %d guest instructions retired (reference runs), %d functions translated by the JIT, %d"
        + " translated by the tiered engine%n", count, first,
        first + count - 1, stats.runs, millis, stats.instructions, stats.regions,
        stats.tieredRegions);
    System.err.println("[engine-diff] kinds: " + stats.kinds);
    System.err.println("[engine-diff] ends (quantum 1M): " + stats.ends);
    System.err.println("[engine-diff] ends (all configurations): " + stats.allEnds);
    known.forEach((kind, n) -> System.err.println("[engine-diff] " + n + " programs of kind "
        + kind + " showed the known disagreement (not failing; -Ddenali.engines.strict=true"
        + " fails on it): " + KNOWN_DISAGREEMENTS.get(kind)));
    if (!problems.isEmpty()) {
      fail(problems.size() + " of " + count + " programs disagreed; first:\n" + problems.get(0));
    }
  }

  /**
   * Seeds beyond the default range that once found a disagreement, each with what it was:
   * 40040755, control falling off the end of the text with the last instruction of a quantum
   * (quantum 7), where the JIT's dispatcher returned at the end of the budget and faulted only
   * in the next quantum, after one more clock read (the TIME register differed; an interrupt
   * could have been taken there).
   */
  static final long[] REGRESSION_SEEDS = {40_040_755L};

  @Test
  void seedsThatOnceDisagreedAgree() {
    Stats stats = new Stats();
    for (long seed : REGRESSION_SEEDS) {
      assertThat(check(generate(seed), stats, false)).as("seed %d", seed).isNull();
    }
  }

  @Test
  void corpusEndsInTheSameStateOnBothEngines() {
    List<String> problems = new ArrayList<>();
    int n = 0;
    Map<String, GuestProgram> corpus = corpus();
    Map<String, Long> retired = new TreeMap<>();
    long start = System.nanoTime();
    for (Map.Entry<String, GuestProgram> e : corpus.entrySet()) {
      n++;
      GuestProgram p = e.getValue();
      EngineComparison.Result ref = EngineComparison.compare(p, new Config(1_000_000,
          INSTRUCTION_CAP, Pair.INTERP_JIT), TIMEOUT_NANOS, CORPUS_CLOCK_STEP);
      long total = ref.reference().retired();
      retired.put(e.getKey(), total);
      List<EngineComparison.Result> results = new ArrayList<>(List.of(ref));
      // quanta of 1 and 7 cost an engine call per few instructions: only for short guests
      long small = total > 30_000 ? 97 : 1;
      for (Config c : new Config[] {new Config(small, INSTRUCTION_CAP, Pair.INTERP_JIT),
          new Config(small * 7, INSTRUCTION_CAP, Pair.INTERP_JIT),
          new Config(1013, INSTRUCTION_CAP, Pair.INTERP_JIT),
          new Config(1_000_000, Math.max(1, total / 2), Pair.INTERP_JIT),
          new Config(1_000_000, Math.max(1, total / 3 + 1), Pair.INTERP_JIT),
          new Config(4099, INSTRUCTION_CAP, Pair.INTERP_ALTERNATING)}) {
        results.add(EngineComparison.compare(p, c, TIMEOUT_NANOS, CORPUS_CLOCK_STEP));
      }
      for (EngineComparison.Result r : results) {
        if (r.difference() != null) {
          problems.add(e.getKey() + " (" + r.config() + "): " + r.difference() + "\n  "
              + r.reference().summary() + "\n  " + r.other().summary());
        }
      }
      assertThat(ref.reference().outcome()).as(e.getKey() + ": " + ref.reference().summary())
          .isIn(Runner.Outcome.EXITED, Runner.Outcome.FAULTED);
    }
    System.err.printf("[engine-diff] corpus: %d guests in %d ms, instructions retired: %s%n", n,
        (System.nanoTime() - start) / 1_000_000, retired);
    if (!problems.isEmpty()) {
      fail(problems.size() + " corpus runs disagreed:\n" + String.join("\n", problems));
    }
    assertThat(n).isGreaterThanOrEqualTo(11);
  }

  // ------------------------------------------------------------------ generated programs

  /** The program of {@code seed}: a third from each generator. */
  static GeneratedSource generate(long seed) {
    return switch ((int) Math.floorMod(seed, 3L)) {
      case 0 -> new GeneratedSource(seed, "random-behaviour",
          RandomBehaviourGenerator.generate(seed).source());
      case 1 -> FaultingProgramGenerator.generate(seed);
      default -> ShapeProgramGenerator.generate(seed);
    };
  }

  /** The configurations a generated program runs in, given its length under quantum 1M. */
  static List<Config> configs(long seed, long total) {
    Random r = new Random(seed * 0x9E3779B97F4A7C15L + 11);
    List<Config> out = new ArrayList<>();
    long small = new long[] {1, 7, 97, 1013}[r.nextInt(4)];
    if (total > 300_000 && small < 97) {
      small = 97;
    }
    out.add(new Config(small, INSTRUCTION_CAP, Pair.INTERP_JIT));
    if (total > 1) {
      long limit = 1 + (long) (r.nextDouble() * (total - 1));
      long q = new long[] {1_000_000, 4099, 61}[r.nextInt(3)];
      out.add(new Config(q, limit, Pair.INTERP_JIT));
    }
    out.add(new Config(new long[] {97, 1013, 4099}[r.nextInt(3)], INSTRUCTION_CAP,
        Pair.INTERP_ALTERNATING));
    return out;
  }

  /** Runs {@code g} in every configuration; returns a report of the first disagreement. */
  private static String check(GeneratedSource g, Stats stats, boolean reduce) {
    GuestProgram program;
    try {
      program = load(g.source());
    } catch (RuntimeException | AssertionError e) {
      return "seed " + g.seed() + " (" + g.kind() + "): the generated program is refused: " + e
          + "\nsource: " + write("seed-" + g.seed() + ".s", g.source());
    }
    stats.kinds.merge(g.kind().replaceAll("\\+.*", "+..."), 1, Integer::sum);
    Config base = new Config(1_000_000, INSTRUCTION_CAP, Pair.INTERP_JIT);
    List<EngineComparison.Result> results = new ArrayList<>();
    EngineComparison.Result first = EngineComparison.compare(program, base, TIMEOUT_NANOS);
    results.add(first);
    // the tiered engine on a copy that no eager JIT has translated yet
    GuestProgram fresh = load(g.source());
    results.add(EngineComparison.compare(fresh, new Config(
        new long[] {61, 1013, 1_000_000}[(int) Math.floorMod(g.seed(), 3L)], INSTRUCTION_CAP,
        Pair.INTERP_TIERED), TIMEOUT_NANOS));
    stats.tieredRegions += Translation.of(fresh).functions();
    EngineState ref = first.reference();
    stats.instructions += ref.retired();
    stats.ends.merge(end(ref), 1, Integer::sum);
    if (first.difference() == null) {
      for (Config c : configs(g.seed(), ref.retired())) {
        EngineComparison.Result r = EngineComparison.compare(program, c, TIMEOUT_NANOS);
        results.add(r);
        if (r.difference() != null) {
          break;
        }
      }
    }
    stats.regions += Translation.of(program).functions();
    for (EngineComparison.Result r : results) {
      stats.runs++;
      stats.allEnds.merge(end(r.reference()), 1, Integer::sum);
      if (r.difference() != null) {
        return report(g, r, reduce);
      }
    }
    if (ref.outcome() != Runner.Outcome.EXITED && ref.outcome() != Runner.Outcome.FAULTED) {
      return "seed " + g.seed() + " (" + g.kind() + "): the program did not end (a generator"
          + " bug): " + ref.summary() + "\nsource: " + write("seed-" + g.seed() + ".s",
          g.source());
    }
    return null;
  }

  private static String end(EngineState s) {
    if (s.crash() != null) {
      return "CRASH";
    }
    return s.outcome() == Runner.Outcome.FAULTED ? "FAULTED " + s.fault().cause()
        : String.valueOf(s.outcome());
  }

  private static String report(GeneratedSource g, EngineComparison.Result r, boolean reduce) {
    String file = write("seed-" + g.seed() + ".s", g.source());
    StringBuilder sb = new StringBuilder();
    sb.append("seed ").append(g.seed()).append(" (").append(g.kind()).append("), ")
        .append(r.config()).append(":\n  first difference: ").append(r.difference())
        .append("\n  ").append(r.reference().summary()).append("\n  ")
        .append(r.other().summary()).append("\n  source: ").append(file);
    if (r.other().crash() != null) {
      sb.append("\n  ").append(r.other().crash());
    }
    if (reduce) {
      Config c = r.config();
      long cap = Math.max(1_000_000, 4 * r.reference().retired());
      Config capped = new Config(c.quantum(), c.maxInstructions() > 0
          ? Math.min(c.maxInstructions(), cap) : cap, c.pair());
      String reduced = LineReducer.reduce(g.source(), s -> {
        try {
          EngineComparison.Result again = EngineComparison.compare(load(s), capped,
              5_000_000_000L);
          return again.difference() != null
              && again.reference().outcome() != Runner.Outcome.TIMEOUT;
        } catch (RuntimeException | AssertionError e) {
          return false;
        }
      }, MAX_REDUCER_CHECKS);
      EngineComparison.Result again = EngineComparison.compare(load(reduced), capped,
          TIMEOUT_NANOS);
      sb.append("\n  reduced (").append(reduced.lines().count()).append(" lines): ")
          .append(write("seed-" + g.seed() + ".min.s", reduced)).append("\n    ")
          .append(again.config()).append(": ").append(again.difference()).append("\n    ")
          .append(again.reference().summary()).append("\n    ")
          .append(again.other().summary());
    }
    return sb.toString();
  }

  static final class Stats {
    long runs;
    long instructions;
    long regions;
    long tieredRegions;
    final Map<String, Integer> kinds = new TreeMap<>();
    final Map<String, Integer> ends = new TreeMap<>();
    final Map<String, Integer> allEnds = new TreeMap<>();
  }

  // ------------------------------------------------------------------ programs

  static GuestProgram load(String source) {
    AssemblyResult r = Assembler.assemble(List.of(SourceFile.of("guest.s", source)),
        AssemblerOptions.defaults());
    if (!r.ok()) {
      throw new AssertionError("refused by the assembler:\n" + r.formatDiagnostics());
    }
    return loadElf("guest", r.elf());
  }

  static GuestProgram loadElf(String name, byte[] elf) {
    try {
      return ProgramLoader.load(name, elf);
    } catch (LoadException e) {
      throw new AssertionError("refused by the loader: " + e.getMessage(), e);
    }
  }

  /** The corpus: test guests, examples, and the guest-sdk's ELFs when they are built. */
  static Map<String, GuestProgram> corpus() {
    Map<String, GuestProgram> out = new TreeMap<>();
    URL url = EngineDifferentialTest.class.getResource("/guests");
    assertThat(url).as("test resource folder guests/").isNotNull();
    try {
      addSources(out, "guests/", Path.of(url.toURI()));
      addSources(out, "examples/", Path.of("..", "examples"));
      for (String dir : new String[] {"c-guests", "asm-guests"}) {
        Path d = Path.of("..", "guest-sdk", "target", dir);
        if (Files.isDirectory(d)) {
          try (Stream<Path> files = Files.list(d)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".elf")).sorted().toList()) {
              out.put("guest-sdk/" + dir + "/" + f.getFileName(),
                  loadElf(f.getFileName().toString(), Files.readAllBytes(f)));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private static void addSources(Map<String, GuestProgram> out, String prefix, Path dir)
      throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".s")).sorted().toList()) {
        out.put(prefix + f.getFileName(), load(Files.readString(f, StandardCharsets.UTF_8)));
      }
    }
  }

  private static String write(String name, String text) {
    try {
      Files.createDirectories(FAILURES);
      Path f = FAILURES.resolve(name);
      Files.writeString(f, text, StandardCharsets.UTF_8);
      return f.toAbsolutePath().toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
