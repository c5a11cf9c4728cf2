package dev.denali.perf.c;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The native baseline of a C program (a C kernel, or a program of the benchmark suite): the same
 * source compiled for the host with {@code gcc -O2 -DNATIVE_BENCH} (the host compiler is
 * {@code gcc}, or the system property {@code denali.hostcc}). A program that supports it has,
 * under {@code NATIVE_BENCH}, a {@code main(argc, argv)} that runs the work {@code argv[1]}
 * times, prints the same line as the guest and then {@code median-ns <n>}, the median time of
 * one run, measured by the program itself.
 */
public final class NativeBench {
  private static final Pattern MEDIAN = Pattern.compile("(?m)^median-ns (\\d+)$");

  /**
   * A native measurement: median milliseconds of one run, what it printed before the median
   * line, and its exit status.
   */
  public record Result(double medianMs, String output, int exitStatus) {}

  private static final Pattern LOCAL_INCLUDE = Pattern.compile("(?m)^#include \"([^\"]+)\"");

  private NativeBench() {}

  /** Whether {@code file} in {@code dir}, or a header it includes from there, has the mode. */
  private static boolean hasNativeMode(Path dir, String file) throws IOException {
    String source = Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
    if (source.contains("NATIVE_BENCH")) {
      return true;
    }
    Matcher m = LOCAL_INCLUDE.matcher(source);
    while (m.find()) {
      if (Files.isRegularFile(dir.resolve(m.group(1)))
          && Files.readString(dir.resolve(m.group(1)), StandardCharsets.UTF_8)
              .contains("NATIVE_BENCH")) {
        return true;
      }
    }
    return false;
  }

  /** {@link #measure(CResources, String, int, StringBuilder)} for a C kernel. */
  public static Optional<Result> measure(String name, int runs, StringBuilder why) {
    return measure(CKernels.SOURCES, name, runs, why);
  }

  /**
   * Measures program {@code name} of {@code sources} natively over {@code runs} runs; empty when
   * the program has no native mode, the host compiler is missing or the system property
   * {@code denali.native} is {@code false}. {@code why} receives the reason when empty.
   */
  public static Optional<Result> measure(CResources sources, String name, int runs,
      StringBuilder why) {
    if (!Boolean.parseBoolean(System.getProperty("denali.native", "true"))) {
      why.append("disabled (-Ddenali.native=false)");
      return Optional.empty();
    }
    Path dir = null;
    try {
      dir = sources.extract(name);
      if (!hasNativeMode(dir, name + ".c")) {
        why.append(name + ".c has no NATIVE_BENCH mode");
        return Optional.empty();
      }
      String cc = System.getProperty("denali.hostcc", "gcc");
      Path exe = dir.resolve(name + "-native");
      try {
        CResources.exec(List.of(cc, "-O2", "-DNATIVE_BENCH", dir.resolve(name + ".c").toString(),
            "-o", exe.toString()), dir, "apt-get install gcc");
      } catch (IllegalStateException e) {
        why.append("host compiler failed: " + e.getMessage().lines().findFirst().orElse(""));
        return Optional.empty();
      }
      Process p = new ProcessBuilder(exe.toString(), Integer.toString(runs))
          .directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = p.waitFor(); // the checksum byte: any status is fine
      Matcher m = MEDIAN.matcher(out);
      if (!m.find()) {
        throw new IllegalStateException(name + "-native printed no median-ns line:\n" + out);
      }
      return Optional.of(new Result(Long.parseLong(m.group(1)) / 1e6,
          out.substring(0, m.start()), status));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      if (dir != null) {
        CResources.deleteTree(dir);
      }
    }
  }
}
