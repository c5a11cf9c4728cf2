package dev.denali.emu;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Programs of the host that Denali's tools run (the guest compilers, qemu-riscv32, the host's
 * gcc): where they are. One lookup for {@code denali cc}, the sample services' build and the
 * benchmarks.
 */
public final class HostPrograms {
  private HostPrograms() {}

  /**
   * The executable {@code program} found on the PATH, or {@code program} itself when it names a
   * path (contains a separator) to an executable; empty when there is none.
   */
  public static Optional<Path> find(String program) {
    if (program.contains(File.separator)) {
      Path p = Path.of(program);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, program);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }
}
