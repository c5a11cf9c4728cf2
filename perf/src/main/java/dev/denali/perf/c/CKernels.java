package dev.denali.perf.c;

import dev.denali.emu.Clock;
import dev.denali.emu.Engine;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.LoadException;
import dev.denali.emu.ProgramLoader;
import dev.denali.emu.StopReason;
import dev.denali.emu.Vm;
import dev.denali.perf.Kernels;
import java.io.ByteArrayOutputStream;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * The C benchmark kernels: {@code perf/src/main/resources/ckernels/*.c}, compiled at run time with
 * {@code riscv64-unknown-elf-gcc -O2} against the guest SDK (the command line of
 * guest-sdk/README.md) into a temporary directory. The ELF is built once per JVM and cached; every
 * {@link #load} returns a freshly loaded {@link GuestProgram}, so its JIT translation is made
 * anew.
 *
 * <p>The SDK is found at {@code <denali.root>/guest-sdk/c}; the system property
 * {@code denali.root} defaults to the current directory (the repository root when run as the perf
 * README shows). The compiler is {@code riscv64-unknown-elf-gcc}, or the system property
 * {@code denali.gcc}.
 */
public final class CKernels {
  private CKernels() {}

  /** The resource directory of the C sources. */
  static final String RESOURCE_DIR = "ckernels";

  /** The kernel with a plain-Java twin; the one the reports measure by default. */
  public static final String WORKLOAD = "workload";

  /** Plain-Java twins: the guest's exit status, computed in Java. */
  private static final Map<String, IntSupplier> TWINS = Map.of(WORKLOAD, JavaWorkload::run);

  /** Compile flags: guest-sdk/README.md's gcc command line (sources and output added). */
  static final List<String> FLAGS = List.of("-march=rv32im", "-mabi=ilp32", "-O2",
      "-ffreestanding", "-nostdlib", "-static");

  private static final Map<String, byte[]> ELF_CACHE = new ConcurrentHashMap<>();

  /** The names of the C kernels (the .c files in the ckernels resources), sorted. */
  public static List<String> names() {
    TreeSet<String> names = new TreeSet<>();
    for (String file : resourceFiles()) {
      if (file.endsWith(".c")) {
        names.add(file.substring(0, file.length() - 2));
      }
    }
    return List.copyOf(names);
  }

  /** The plain-Java twin of kernel {@code name}, or null if it has none. */
  public static IntSupplier javaTwin(String name) {
    return TWINS.get(name);
  }

  /** Kernel {@code name}, freshly loaded from its (cached) ELF. */
  public static GuestProgram load(String name) {
    try {
      return ProgramLoader.load(name, elf(name));
    } catch (LoadException e) {
      throw new IllegalStateException("C kernel " + name + " does not load: " + e.getMessage(),
          e);
    }
  }

  /** The ELF of kernel {@code name}, compiled on first use in this JVM. */
  public static byte[] elf(String name) {
    byte[] elf = ELF_CACHE.get(name);
    if (elf == null) {
      synchronized (ELF_CACHE) {
        elf = ELF_CACHE.get(name);
        if (elf == null) {
          elf = compile(name);
          ELF_CACHE.put(name, elf);
        }
      }
    }
    return elf;
  }

  /** Runs a fresh VM of {@code program} to its exit; returns {exit status, retired}. */
  public static long[] run(GuestProgram program, Engine engine) {
    return Kernels.run(program, engine);
  }

  /** Runs a fresh VM of {@code program} to its exit and returns what it wrote to stdout/stderr. */
  public static String output(GuestProgram program, Engine engine) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Vm vm = new Vm(program, 0, (stream, b, off, len) -> out.write(b, off, len), Clock.system());
    while (true) {
      StopReason r = engine.run(vm, 100_000_000L);
      if (r == StopReason.EXITED) {
        return out.toString(StandardCharsets.UTF_8);
      }
      if (r != StopReason.BUDGET) {
        throw new IllegalStateException(program.name() + " stopped: " + r + " "
            + (vm.fault() == null ? "" : vm.fault().report(vm.registers())));
      }
    }
  }

  /** The guest SDK's C directory: {@code <denali.root>/guest-sdk/c}. */
  static Path sdkDir() {
    Path root = Path.of(System.getProperty("denali.root", ".")).toAbsolutePath().normalize();
    Path sdk = root.resolve("guest-sdk").resolve("c");
    if (!Files.isRegularFile(sdk.resolve("denali.h"))) {
      throw new IllegalStateException("no guest SDK at " + sdk + ": run from the repository"
          + " root or pass -Ddenali.root=<repository root>");
    }
    return sdk;
  }

  private static byte[] compile(String name) {
    Path sdk = sdkDir();
    Path dir = null;
    try {
      dir = sources(name);
      List<String> cmd = new ArrayList<>();
      cmd.add(System.getProperty("denali.gcc", "riscv64-unknown-elf-gcc"));
      cmd.addAll(FLAGS);
      cmd.add("-T");
      cmd.add(sdk.resolve("denali.ld").toString());
      cmd.add("-I");
      cmd.add(sdk.toString());
      cmd.add(sdk.resolve("crt0.S").toString());
      try (Stream<Path> libc = Files.list(sdk.resolve("libc"))) {
        libc.filter(p -> p.toString().endsWith(".c")).sorted()
            .forEach(p -> cmd.add(p.toString()));
      }
      cmd.add(dir.resolve(name + ".c").toString());
      cmd.add("-lgcc");
      cmd.add("-o");
      Path out = dir.resolve(name + ".elf");
      cmd.add(out.toString());
      exec(cmd, dir, "the C kernels need the RISC-V cross compiler;"
          + " apt-get install gcc-riscv64-unknown-elf");
      return Files.readAllBytes(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (dir != null) {
        deleteTree(dir);
      }
    }
  }

  /**
   * A new temporary directory holding the ckernels resources (sources and any headers); throws
   * if there is no {@code name.c}. The caller deletes it ({@link #deleteTree}).
   */
  static Path sources(String name) throws IOException {
    Path dir = Files.createTempDirectory("denali-ckernels");
    boolean found = false;
    for (String file : resourceFiles()) {
      try (InputStream in = CKernels.class.getResourceAsStream("/" + RESOURCE_DIR + "/"
          + file)) {
        Files.write(dir.resolve(file), in.readAllBytes());
      }
      found |= file.equals(name + ".c");
    }
    if (!found) {
      deleteTree(dir);
      throw new IllegalArgumentException("no C kernel named " + name + " (there are "
          + names() + ")");
    }
    return dir;
  }

  /**
   * Runs {@code cmd} in {@code dir}; returns its output (stdout and stderr). Throws if it cannot
   * be started ({@code missing} says what to install) or exits with a failure.
   */
  static String exec(List<String> cmd, Path dir, String missing) throws IOException {
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
      throw new IllegalStateException("interrupted while compiling", e);
    }
    if (status != 0) {
      throw new IllegalStateException(cmd.get(0) + " failed (exit " + status + "):\n"
          + String.join(" ", cmd) + "\n" + log);
    }
    return log;
  }

  /** The file names in the ckernels resource directory (from a jar or a directory). */
  static List<String> resourceFiles() {
    URL url = CKernels.class.getResource("/" + RESOURCE_DIR);
    if (url == null) {
      throw new IllegalStateException("no " + RESOURCE_DIR + " resources on the class path");
    }
    try {
      if (url.getProtocol().equals("jar")) {
        FileSystem fs;
        try {
          fs = FileSystems.newFileSystem(url.toURI(), Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          return list(FileSystems.getFileSystem(url.toURI()).getPath("/" + RESOURCE_DIR));
        }
        try (fs) {
          return list(fs.getPath("/" + RESOURCE_DIR));
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

  static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }
}
