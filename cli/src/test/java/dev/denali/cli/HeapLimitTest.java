package dev.denali.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guest whose memory the JVM heap cannot hold is refused before its VM is made, with a
 * message naming the heap and {@code DENALI_JAVA_OPTS}, by {@code denali run} and {@code denali
 * kernel} (it ended in "internal error: java.lang.OutOfMemoryError", exit status 70). Each case
 * runs {@code denali} in a JVM of its own with a 256 MiB heap.
 */
class HeapLimitTest {
  private static final String HEAP = "-Xmx256m";
  /**
   * G1 reports the whole -Xmx as the heap's maximum; the serial collector, which the JVM picks
   * when it may use one processor (a build pinned with taskset), reports 9 MiB less.
   */
  private static final String GC = "-XX:+UseG1GC";

  @TempDir Path dir;
  private Path source;

  private record Outcome(int status, String out, String err) {}

  @BeforeEach
  void writeGuest() throws IOException {
    source = dir.resolve("guest.s");
    Files.writeString(source, "\t.text\n\t.globl _start\n_start:\n\tli a0, 7\n\tli a7, 93\n"
        + "\tecall\n");
  }

  /** {@code denali ARGS} in a child JVM with a 256 MiB heap. */
  private static Outcome denali(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP, GC,
        "-cp", System.getProperty("java.class.path"), "dev.denali.cli.Main"));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("denali-out", ".txt");
    Path err = Files.createTempFile("denali-err", ".txt");
    try {
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
          .redirectError(err.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("denali " + String.join(" ", args) + " did not end");
      }
      return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static void refusedForTheHeap(Outcome r, String prefix) {
    assertThat(r.status()).as(r.err()).isEqualTo(Main.EXIT_USER_ERROR);
    assertThat(r.err()).startsWith(prefix)
        .contains("needs 511 MiB of guest memory, more than the JVM heap can hold (it is 256 MiB")
        .contains("DENALI_JAVA_OPTS=-Xmx1g")
        .doesNotContain("internal error").doesNotContain("OutOfMemoryError");
  }

  @Test
  void runRefusesMoreMemoryThanTheHeapHolds() throws Exception {
    refusedForTheHeap(denali("run", "--timeout", "1s", "--mem", "512M", source.toString()),
        "denali run: guest.s needs");
  }

  @Test
  void runRefusesABinaryWhoseNoteAsksForMoreThanTheHeapHolds() throws Exception {
    Path elf = dir.resolve("big.elf");
    assertThat(Main.run(new String[] {"asm", "--memory", "512M", "-o", elf.toString(),
        source.toString()}, System.out, System.err)).isZero();
    refusedForTheHeap(denali("run", "--timeout", "1s", elf.toString()),
        "denali run: big.elf needs");
  }

  @Test
  void kernelRefusesVmsTheHeapCannotHold() throws Exception {
    refusedForTheHeap(denali("kernel", "-n", "1", "--mem", "512M", source.toString()),
        "denali kernel: a VM of guest needs");
  }

  @Test
  void aMemoryBudgetTheHeapCannotHoldIsRefused() throws Exception {
    for (String command : new String[] {"kernel", "serve"}) {
      Outcome r = denali(command, "-n", "1", "--memory-budget", "1G", source.toString());
      assertThat(r.status()).as(r.err()).isEqualTo(Main.EXIT_USAGE);
      assertThat(r.err()).contains("--memory-budget 1G is more than the JVM heap (256 MiB)")
          .contains("DENALI_JAVA_OPTS");
    }
  }

  @Test
  void aGuestThatFitsRuns() throws Exception {
    Outcome r = denali("run", "--mem", "64M", source.toString());
    assertThat(r.status()).as(r.err()).isEqualTo(7);
  }
}
