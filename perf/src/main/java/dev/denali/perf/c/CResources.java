package dev.denali.perf.c;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * C programs kept as class-path resources in one directory (perf's {@code ckernels/} or
 * {@code suite/}), with any headers they share, compiled at run time: for the guest
 * ({@link #compile}, a {@link GuestBuild}) or for the host ({@link NativeBench}). Each
 * compilation copies the whole directory into a fresh temporary directory and deletes it
 * afterwards.
 */
public final class CResources {
  private final String directory;

  /** The resources under {@code /directory} on the class path. */
  public CResources(String directory) {
    this.directory = directory;
  }

  /** The resource directory's name. */
  public String directory() {
    return directory;
  }

  /** The programs: the names of the directory's .c files without ".c", sorted. */
  public List<String> names() {
    TreeSet<String> names = new TreeSet<>();
    for (String file : files()) {
      if (file.endsWith(".c")) {
        names.add(file.substring(0, file.length() - 2));
      }
    }
    return List.copyOf(names);
  }

  /** The source text of {@code file} (e.g. "crc32.c"). */
  public String text(String file) {
    try (InputStream in = CResources.class.getResourceAsStream("/" + directory + "/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no " + file + " in " + directory);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compiles program {@code name} for the guest with {@code build}; returns the ELF. */
  public byte[] compile(String name, GuestBuild build) {
    String missing = "the C programs need the RISC-V compiler; "
        + build.compiler().installHint();
    List<Path> sdkObjects = sdkObjects(build, missing);
    Path dir = null;
    try {
      dir = extract(name);
      Path elf = dir.resolve(name + ".elf");
      exec(build.linkCommand(sdkObjects, List.of(dir.resolve(name + ".c")), elf), dir, missing);
      return Files.readAllBytes(elf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (dir != null) {
        deleteTree(dir);
      }
    }
  }

  /** The SDK compiled with each build so far: its object files, kept until the JVM exits. */
  private static final Map<GuestBuild, List<Path>> SDK_OBJECTS = new ConcurrentHashMap<>();

  private static List<Path> sdkObjects(GuestBuild build, String missing) {
    return SDK_OBJECTS.computeIfAbsent(build, b -> {
      try {
        Path dir = Files.createTempDirectory("denali-sdk-objects");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        exec(b.sdkObjectsCommand(), dir, missing);
        return b.sdkObjects(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /**
   * A new temporary directory holding every file of the resource directory; throws if there is
   * no {@code name.c}. The caller deletes it ({@link #deleteTree}).
   */
  public Path extract(String name) throws IOException {
    if (!names().contains(name)) {
      throw new IllegalArgumentException("no C program named " + name + " in " + directory
          + " (there are " + names() + ")");
    }
    Path dir = Files.createTempDirectory("denali-" + directory);
    for (String file : files()) {
      Files.writeString(dir.resolve(file), text(file), StandardCharsets.UTF_8);
    }
    return dir;
  }

  /**
   * Runs {@code cmd} in {@code dir}; returns its output (stdout and stderr). Throws
   * IllegalStateException if it cannot be started ({@code missing} says what to install), fails
   * or takes more than 5 minutes.
   */
  public static String exec(List<String> cmd, Path dir, String missing) throws IOException {
    Process p;
    try {
      p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + cmd.get(0) + " (" + e.getMessage()
          + "): " + missing, e);
    }
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int status;
    try {
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException(cmd.get(0) + " did not finish in 5 minutes");
      }
      status = p.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IllegalStateException("interrupted while running " + cmd.get(0), e);
    }
    if (status != 0) {
      throw new IllegalStateException(cmd.get(0) + " failed (exit " + status + "):\n"
          + String.join(" ", cmd) + "\n" + log);
    }
    return log;
  }

  /** Deletes {@code dir} and everything in it, quietly (a leftover is harmless). */
  public static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }

  /** The file names in the resource directory (from a jar or a directory), sorted. */
  private List<String> files() {
    URL url = CResources.class.getResource("/" + directory);
    if (url == null) {
      throw new IllegalStateException("no " + directory + " resources on the class path");
    }
    try {
      if (url.getProtocol().equals("jar")) {
        FileSystem fs;
        try {
          fs = FileSystems.newFileSystem(url.toURI(), Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          return list(FileSystems.getFileSystem(url.toURI()).getPath("/" + directory));
        }
        try (fs) {
          return list(fs.getPath("/" + directory));
        }
      }
      return list(Path.of(url.toURI()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
          .sorted().toList();
    }
  }
}
