package dev.denali.asm.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external program to completion, with a time limit, capturing its output. */
public final class Processes {
  private Processes() {}

  /**
   * What a finished (or killed) process left: its exit status, everything it wrote, and whether
   * it was killed for running out of time (then {@code exitCode} is -1).
   */
  public record Result(List<String> command, int exitCode, byte[] stdout, byte[] stderr,
      boolean timedOut) {

    public String stdoutText() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
      return new String(stderr, StandardCharsets.UTF_8);
    }

    /** True when the process finished in time with status 0. */
    public boolean ok() {
      return !timedOut && exitCode == 0;
    }

    /** A one-paragraph account of the run, for failure messages. */
    public String describe() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.join(" ", command)).append('\n');
      sb.append(timedOut ? "killed: timed out" : "exit status " + exitCode);
      if (stdout.length > 0) {
        sb.append("\n--- stdout ---\n").append(stdoutText());
      }
      if (stderr.length > 0) {
        sb.append("\n--- stderr ---\n").append(stderrText());
      }
      return sb.toString();
    }
  }

  /** Runs {@code cmd} in the current directory; see {@link #run(List, Duration, byte[], Path)}. */
  public static Result run(List<String> cmd, Duration timeout, byte[] stdin) {
    return run(cmd, timeout, stdin, null);
  }

  /**
   * Runs {@code cmd} (program and arguments, no shell) in {@code directory} (null: the current
   * one), feeds it {@code stdin} (null: nothing, the stream is closed at once), and waits up to
   * {@code timeout}. A process still running then is killed together with its descendants.
   *
   * @throws UncheckedIOException when the program cannot be started
   */
  public static Result run(List<String> cmd, Duration timeout, byte[] stdin, Path directory) {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    if (directory != null) {
      pb.directory(directory.toFile());
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + cmd.get(0) + ": " + e.getMessage(), e);
    }
    Collector out = new Collector(p.getInputStream(), "stdout of " + cmd.get(0));
    Collector err = new Collector(p.getErrorStream(), "stderr of " + cmd.get(0));
    out.start();
    err.start();
    Thread feeder = new Thread(() -> {
      try (OutputStream os = p.getOutputStream()) {
        if (stdin != null) {
          os.write(stdin);
        }
      } catch (IOException ignored) {
        // The program closed its input early; not our concern.
      }
    }, "stdin of " + cmd.get(0));
    feeder.setDaemon(true);
    feeder.start();

    boolean finished;
    try {
      finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    }
    if (!finished) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      try {
        p.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] o = out.finish();
    byte[] e = err.finish();
    return new Result(List.copyOf(cmd), finished ? p.exitValue() : -1, o, e, !finished);
  }

  /** Drains one stream of the child on its own thread so the child never blocks on a pipe. */
  private static final class Collector extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    Collector(InputStream in, String name) {
      super(name);
      this.in = in;
      setDaemon(true);
    }

    @Override
    public void run() {
      byte[] chunk = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(chunk)) >= 0) {
          synchronized (buf) {
            buf.write(chunk, 0, n);
          }
        }
      } catch (IOException ignored) {
        // The stream closes when the process is killed.
      }
    }

    byte[] finish() {
      try {
        join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (buf) {
        return buf.toByteArray();
      }
    }
  }
}
