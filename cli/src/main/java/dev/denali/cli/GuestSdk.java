package dev.denali.cli;

import dev.denali.asm.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The guest SDK that the denali distribution carries (the guest-sdk module's {@code asm/} and
 * {@code c/}, resources of the jar under {@code guest-sdk/}), as files that the assembler and
 * the C compilers can read: unpacked once into a cache folder named after a hash of the
 * contents, so every version of denali has its own and a rebuilt jar never sees stale headers.
 * The folder is {@code $DENALI_CACHE}, else {@code $XDG_CACHE_HOME/denali}, else
 * {@code ~/.cache/denali}, else a folder of the system's temporary directory.
 */
final class GuestSdk {
  private GuestSdk() {}

  /** A resource every SDK has; where it is found says where the SDK is (a jar or a folder). */
  private static final String MARKER = "guest-sdk/asm/denali.inc";

  private static Path unpacked;

  /** The SDK's assembly folder: {@code denali.inc}, {@code start.s}, {@code http.s}, ... */
  static Path asm() throws IOException {
    return root().resolve("asm");
  }

  /** The SDK's C folder: headers, {@code crt0.S}, {@code denali.ld}, {@code libc/}. */
  static Path c() throws IOException {
    return root().resolve("c");
  }

  /** The folder with {@code asm/} and {@code c/}, unpacked on first use. */
  static synchronized Path root() throws IOException {
    if (unpacked == null) {
      unpacked = unpack(files());
    }
    return unpacked;
  }

  /** The SDK's files (asm/ and c/ only), by path relative to guest-sdk/. */
  private static Map<String, byte[]> files() throws IOException {
    URL marker = GuestSdk.class.getClassLoader().getResource(MARKER);
    if (marker == null) {
      throw new IOException("this build of denali carries no guest SDK (" + MARKER
          + " is not among its resources)");
    }
    URI uri;
    try {
      uri = marker.toURI();
    } catch (URISyntaxException e) {
      throw new IOException("cannot locate the guest SDK: " + marker, e);
    }
    if (uri.getScheme().equals("jar")) {
      try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
        return read(jar.getPath("/guest-sdk"));
      } catch (java.nio.file.FileSystemAlreadyExistsException e) {
        // someone in this JVM has the jar open as a file system: read through theirs
        return read(FileSystems.getFileSystem(uri).getPath("/guest-sdk"));
      }
    }
    return read(Path.of(uri).getParent().getParent());
  }

  private static Map<String, byte[]> read(Path sdk) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    for (String part : new String[] {"asm", "c"}) {
      try (Stream<Path> walk = Files.walk(sdk.resolve(part))) {
        for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
          files.put(sdk.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
        }
      }
    }
    return files;
  }

  /**
   * Writes {@code files} into {@code <cache>/sdk-<hash>} unless a complete copy is there (it is
   * written to a temporary folder and renamed into place, so a reader never sees half of it).
   */
  private static Path unpack(Map<String, byte[]> files) throws IOException {
    Path target = cacheFolder().resolve("sdk-" + hash(files));
    if (Files.isDirectory(target)) {
      return target;
    }
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempDirectory(target.getParent(), ".sdk-");
    try {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Path p = tmp.resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.write(p, f.getValue());
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
      // another denali unpacked the same SDK meanwhile: use theirs
    } finally {
      if (Files.exists(tmp)) {
        deleteTree(tmp);
      }
    }
    return target;
  }

  private static Path cacheFolder() {
    String explicit = System.getenv("DENALI_CACHE");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "denali");
    }
    Path home = Path.of(System.getProperty("user.home", ""));
    if (!home.toString().isEmpty() && Files.isWritable(home)) {
      return home.resolve(".cache").resolve("denali");
    }
    return Path.of(System.getProperty("java.io.tmpdir"),
        "denali-" + System.getProperty("user.name", "user"));
  }

  private static String hash(Map<String, byte[]> files) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        d.update(f.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        d.update((byte) 0);
        d.update(f.getValue());
      }
      return HexFormat.of().formatHex(d.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // a leftover temporary folder is harmless
    }
  }

  /**
   * The include folders for assembling {@code sources}: {@code dirs}, then the SDK's assembly
   * folder when a source has an {@code .include} (so {@code .include "http.inc"} works from any
   * directory). Without an SDK (it cannot be unpacked) just {@code dirs}: an include that is not
   * found is then reported as such.
   */
  static List<Path> includeDirs(List<Path> dirs, List<SourceFile> sources) {
    if (sources.stream().noneMatch(s -> s.text().contains(".include"))) {
      return List.copyOf(dirs);
    }
    List<Path> all = new ArrayList<>(dirs);
    try {
      all.add(asm());
    } catch (IOException | RuntimeException e) {
      // no SDK: the includes the sources name are looked for in dirs only
    }
    return List.copyOf(all);
  }
}
