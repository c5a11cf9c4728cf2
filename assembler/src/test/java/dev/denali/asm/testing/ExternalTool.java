package dev.denali.asm.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds programs on the PATH for tests that use real peers (GNU binutils, qemu) as oracles.
 *
 * <p>A test that needs one calls {@link #require} first. When the program is missing, the test is
 * skipped on a developer machine (with one line on stderr saying what to install, so a plain
 * {@code mvn test} shows what it did not run) and fails in CI (environment {@code CI=true}),
 * where a missing tool is a broken build image and must not silently turn a test off.
 */
public final class ExternalTool {
  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

  private ExternalTool() {}

  /** The program's path: {@code program} itself when it names a file, else searched on PATH. */
  public static Optional<Path> find(String program) {
    if (program.indexOf('/') >= 0 || program.indexOf(File.separatorChar) >= 0) {
      Path p = Path.of(program);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code program} can be found. */
  public static boolean available(String program) {
    return find(program).isPresent();
  }

  /** Whether this run is on CI (environment variable {@code CI} is {@code true}). */
  public static boolean onCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * Returns the path of {@code program}; when it is missing, fails the current test on CI and
   * aborts (skips) it elsewhere, saying which Debian package provides it.
   *
   * @param program a program name looked up on PATH, e.g. {@code "qemu-riscv32"}
   * @param debianPackage the package that installs it, e.g. {@code "qemu-user"}
   */
  public static Path require(String program, String debianPackage) {
    Optional<Path> found = find(program);
    if (found.isPresent()) {
      return found.get();
    }
    if (onCi()) {
      return fail(program + " missing in CI: apt-get install " + debianPackage);
    }
    String testClass = callerClass();
    if (REPORTED.add(testClass + "\0" + program)) {
      System.err.println("[denali-tests] SKIPPED " + testClass + ": needs " + program
          + "; install Debian package " + debianPackage);
    }
    Assumptions.abort("skipped: needs " + program + " (apt-get install " + debianPackage + ")");
    throw new AssertionError("unreachable");
  }

  /** The simple name of the first class on the stack outside the testing helpers. */
  private static String callerClass() {
    return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
        .walk(frames -> frames
            .map(StackWalker.StackFrame::getDeclaringClass)
            .filter(c -> !c.getPackageName().equals(ExternalTool.class.getPackageName()))
            .findFirst()
            .map(Class::getSimpleName)
            .orElse("?"));
  }
}
