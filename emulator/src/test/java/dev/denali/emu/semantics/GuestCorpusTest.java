package dev.denali.emu.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.denali.asm.testing.ExternalTool;
import dev.denali.asm.testing.GnuToolchain;
import dev.denali.asm.testing.Processes;
import dev.denali.emu.Engine;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.Runner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus of self-checking guests in {@code src/test/resources/guests/*.s}: each exits 0
 * when every check passed, else with the number of the first failed check. Each runs on every
 * engine of {@link Engines#all()}, twice, and every run must agree (exit status, output,
 * retired instructions). A guest's first line names the peers it also runs under:
 *
 * <pre>
 * # oracles: gnu qemu
 * </pre>
 *
 * {@code gnu}: also built by GNU as + ld, loaded by our loader and run on every engine;
 * {@code qemu}: the Denali-built binary also exits 0 under qemu-riscv32 (the behavioural
 * oracle; only for guests that use nothing Denali-specific). Without the tools those tests are
 * skipped, except in CI. An optional line {@code # stdout: text} gives the expected output
 * ({@code \n} for a newline).
 */
class GuestCorpusTest {
  private static final Duration QEMU_TIMEOUT = Duration.ofSeconds(30);

  @TempDir
  static Path work;

  record CorpusGuest(String name, String source, List<String> oracles, String stdout) {}

  static List<CorpusGuest> corpus() {
    URL url = GuestCorpusTest.class.getResource("/guests");
    assertThat(url).as("test resource folder guests/").isNotNull();
    List<CorpusGuest> guests = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".s")).sorted().toList()) {
        String source = Files.readString(p, StandardCharsets.UTF_8);
        String name = p.getFileName().toString().replaceAll("\\.s$", "");
        List<String> oracles = List.of();
        String stdout = "";
        for (String line : source.lines().toList()) {
          if (line.startsWith("# oracles:")) {
            oracles = List.of(line.substring(10).trim().split("\\s+"));
          } else if (line.startsWith("# stdout:")) {
            stdout = line.substring(9).trim().replace("\\n", "\n");
          }
        }
        guests.add(new CorpusGuest(name, source, oracles, stdout));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return guests;
  }

  @TestFactory
  Stream<DynamicNode> everyGuestPassesItsChecksOnEveryEngine() {
    List<CorpusGuest> guests = corpus();
    assertThat(guests).as("self-checking guests").hasSizeGreaterThanOrEqualTo(8);
    return guests.stream().map(g -> {
      List<DynamicNode> tests = new ArrayList<>();
      tests.add(dynamicTest("all engines agree, run after run",
          () -> runOnEveryEngine(g, Guest.program(g.source()))));
      if (g.oracles().contains("gnu")) {
        tests.add(dynamicTest("built by GNU as + ld", () -> runGnuBuild(g)));
      }
      if (g.oracles().contains("qemu")) {
        tests.add(dynamicTest("under qemu-riscv32", () -> runUnderQemu(g)));
      }
      return dynamicContainer(g.name(), tests);
    });
  }

  /** Runs {@code program} twice on each engine; every run passes and all agree. */
  private static void runOnEveryEngine(CorpusGuest g, GuestProgram program) {
    Guest.Run first = null;
    for (Engine engine : Engines.all()) {
      for (int i = 0; i < 2; i++) {
        Guest.Run r = Guest.of(program).on(engine).run();
        assertThat(r.outcome()).as("%s: %s", g.name(), r.describe())
            .isEqualTo(Runner.Outcome.EXITED);
        assertThat(r.exitStatus()).as("%s on %s: the number of the failed check", g.name(),
            engine.name()).isZero();
        if (!g.stdout().isEmpty()) {
          assertThat(r.stdout()).isEqualTo(g.stdout());
        }
        if (first == null) {
          first = r;
        } else {
          assertThat(r.result.retired()).as("%s: retired on %s vs %s", g.name(), engine.name(),
              first.engine.name()).isEqualTo(first.result.retired());
          assertThat(r.stdout()).isEqualTo(first.stdout());
        }
      }
    }
  }

  private static void runGnuBuild(CorpusGuest g) throws IOException {
    GnuToolchain.require();
    try (GnuToolchain.Build b = GnuToolchain.build(g.name() + ".s", g.source())) {
      GuestProgram program = Guest.load(Files.readAllBytes(b.elf()));
      runOnEveryEngine(g, program);
    }
  }

  private static void runUnderQemu(CorpusGuest g) throws IOException {
    Path qemu = ExternalTool.require("qemu-riscv32", "qemu-user");
    Path elf = work.resolve(g.name() + ".elf");
    Files.write(elf, Guest.elf(g.source(), Map.of()));
    Files.setPosixFilePermissions(elf, PosixFilePermissions.fromString("rwxr-xr-x"));
    Processes.Result r = Processes.run(List.of(qemu.toString(), elf.toString()), QEMU_TIMEOUT,
        null);
    assertThat(r.timedOut()).as(r::describe).isFalse();
    assertThat(r.exitCode()).as("%s under qemu: the number of the failed check%n%s", g.name(),
        r.describe()).isZero();
    if (!g.stdout().isEmpty()) {
      assertThat(r.stdoutText()).isEqualTo(g.stdout());
    }
  }
}
