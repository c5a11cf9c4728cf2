package dev.denali.gateway.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The admin API's bearer token: a random secret that a kernel creates when it starts and writes
 * to a file only its user can read, where {@code denali admin} (run by the same user) finds it.
 * Whoever can read the file can deploy code into the kernel; nobody else can.
 */
public final class AdminToken {
  /** The environment variable that sets the token (for the kernel and for the client). */
  public static final String ENV = "DENALI_ADMIN_TOKEN";

  private AdminToken() {}

  /**
   * Where the kernel whose admin API listens on {@code port} keeps its token:
   * {@code ~/.denali/admin-PORT.token}, or under {@code $DENALI_HOME} (or the system property
   * {@code denali.home}) when set.
   */
  public static Path defaultFile(int port) {
    String home = System.getProperty("denali.home", System.getenv("DENALI_HOME"));
    Path dir = home != null && !home.isBlank() ? Path.of(home)
        : Path.of(System.getProperty("user.home"), ".denali");
    return dir.resolve("admin-" + port + ".token");
  }

  /** A new token: 32 random bytes from a {@link SecureRandom}, in hexadecimal. */
  public static String generate() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** The token the environment gives ({@link #ENV}), or null. */
  public static String fromEnvironment() {
    String t = System.getenv(ENV);
    return t == null || t.isBlank() ? null : t.strip();
  }

  /**
   * Writes {@code token} to {@code file}, readable and writable by the owner only (its directory
   * created owner-only when missing), replacing the file atomically.
   */
  public static void write(Path file, String token) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(dir)) {
      if (posix) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
    }
    Path tmp = posix
        ? Files.createTempFile(dir, ".admin", ".tmp", PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------")))
        : Files.createTempFile(dir, ".admin", ".tmp");
    try {
      Files.writeString(tmp, token + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The token in {@code file}, or null when there is none. */
  public static String read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    String t = Files.readString(file, StandardCharsets.US_ASCII).strip();
    return t.isEmpty() ? null : t;
  }

  /**
   * The token a client of the admin API at {@code url} sends: the one in {@code file} when
   * given, else {@link #ENV}'s, else the one in the default file for the URL's port (written
   * there by a kernel of the same user); null when there is none.
   */
  public static String forClient(java.net.URI url, Path file) throws IOException {
    if (file != null) {
      String t = read(file);
      if (t == null) {
        throw new IOException("no admin token in " + file);
      }
      return t;
    }
    String t = fromEnvironment();
    if (t != null) {
      return t;
    }
    int port = url.getPort() > 0 ? url.getPort()
        : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    return read(defaultFile(port));
  }

  /** Compares two tokens in time that does not depend on where they differ. */
  static boolean matches(String expected, String given) {
    return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        given.getBytes(StandardCharsets.UTF_8));
  }
}
