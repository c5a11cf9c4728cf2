package dev.denali.perf.suite;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of an external program (qemu-riscv32, a child JVM), timed from just before it is
 * started until it has exited. Its stdout and stderr go to temporary files, so nothing in this
 * JVM competes with it for the CPU while it runs.
 */
public final class ProcessRun {
  private ProcessRun() {}

  /** How it ended; {@code exitStatus} is -1 when it was killed for taking too long. */
  public record Result(int exitStatus, String stdout, String stderr, long nanos,
      boolean timedOut) {}

  /** Runs {@code cmd} (no shell) with stdin closed; kills it after {@code timeout}. */
  public static Result run(List<String> cmd, Duration timeout) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("denali-suite", ".out");
      err = Files.createTempFile("denali-suite", ".err");
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile())
          .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile()));
      long start = System.nanoTime();
      Process p = pb.start();
      boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      long nanos = System.nanoTime() - start;
      if (!finished) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
      return new Result(finished ? p.exitValue() : -1,
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8), nanos, !finished);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + cmd.get(0), e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static File nullFile() {
    return new File(File.separatorChar == '\\' ? "NUL" : "/dev/null");
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // a leftover temporary file is harmless
      }
    }
  }
}
