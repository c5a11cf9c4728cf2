package dev.denali.perf.c;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * How a C guest is compiled against the guest SDK: the compiler (guest-sdk/README.md's gcc or
 * clang command line), the optimisation level, extra flags (such as {@code -DITERS=1}) and the
 * SDK's C directory. Immutable; equal builds give the same ELF, so a build is a cache key. The
 * README's one command is run in two halves ({@link #sdkObjectsCommand}, {@link #linkCommand})
 * with the same flags, so that {@link CResources} compiles the SDK once per build.
 *
 * <p>gcc is {@code riscv64-unknown-elf-gcc}, or the system property {@code denali.gcc}; clang is
 * {@code clang} with {@code ld.lld}, linked with gcc's rv32im libgcc (clang on Debian has no
 * riscv32 compiler-rt) when gcc is there.
 */
public record GuestBuild(Compiler compiler, String optimization, List<String> extraFlags,
    Path sdk) {

  /** The two toolchains guest-sdk/README.md documents. */
  public enum Compiler {
    GCC("gcc-riscv64-unknown-elf"),
    CLANG("clang lld");

    private final String debianPackages;

    Compiler(String debianPackages) {
      this.debianPackages = debianPackages;
    }

    /** What to install when the compiler is missing: "apt-get install ...". */
    public String installHint() {
      return "apt-get install " + debianPackages;
    }
  }

  public GuestBuild {
    extraFlags = List.copyOf(extraFlags);
    sdk = sdk.toAbsolutePath().normalize();
  }

  /** gcc -O2 against the default SDK ({@link #defaultSdk}): what the C kernels use. */
  public static GuestBuild gccO2() {
    return new GuestBuild(Compiler.GCC, "-O2", List.of(), defaultSdk());
  }

  /** This build with {@code flags} added after the standard ones. */
  public GuestBuild withFlags(String... flags) {
    List<String> all = new ArrayList<>(extraFlags);
    all.addAll(List.of(flags));
    return new GuestBuild(compiler, optimization, all, sdk);
  }

  /** This build at another optimisation level ("-Os", "-O3"). */
  public GuestBuild withOptimization(String level) {
    return new GuestBuild(compiler, level, extraFlags, sdk);
  }

  /** This build with another compiler. */
  public GuestBuild withCompiler(Compiler c) {
    return new GuestBuild(c, optimization, extraFlags, sdk);
  }

  /** This build against the SDK in {@code sdkDir} (a guest-sdk/c directory). */
  public GuestBuild withSdk(Path sdkDir) {
    return new GuestBuild(compiler, optimization, extraFlags, sdkDir);
  }

  /**
   * The guest SDK's C directory: {@code <denali.root>/guest-sdk/c}, where the system property
   * {@code denali.root} defaults to the current directory; throws when it holds no SDK.
   */
  public static Path defaultSdk() {
    Path root = Path.of(System.getProperty("denali.root", ".")).toAbsolutePath().normalize();
    Path sdk = root.resolve("guest-sdk").resolve("c");
    if (!Files.isRegularFile(sdk.resolve("denali.h"))) {
      throw new IllegalStateException("no guest SDK at " + sdk + ": run from the repository"
          + " root or pass -Ddenali.root=<repository root>");
    }
    return sdk;
  }

  /** The compiler's program name. */
  public String program() {
    return compiler == Compiler.GCC ? gcc() : "clang";
  }

  /** A short description: "riscv64-unknown-elf-gcc -O2 -DITERS=1". */
  public String describe() {
    StringBuilder sb = new StringBuilder(program()).append(' ').append(optimization);
    extraFlags.forEach(f -> sb.append(' ').append(f));
    return sb.toString();
  }

  /**
   * The first half of guest-sdk/README.md's command line: compiles the SDK's start file and
   * libc ({@code crt0.S}, {@code libc/*.c}) into objects, in the working directory. Split from
   * {@link #linkCommand} so that the SDK is compiled once per build, not once per program.
   */
  public List<String> sdkObjectsCommand() {
    List<String> cmd = compilerAndFlags();
    cmd.addAll(List.of("-c", "-I", sdk.toString(), sdk.resolve("crt0.S").toString()));
    cmd.addAll(libcSources());
    return cmd;
  }

  /**
   * The object files {@link #sdkObjectsCommand} leaves in {@code dir}, start file first: what
   * {@link #linkCommand} takes.
   */
  public List<Path> sdkObjects(Path dir) {
    List<Path> objects = new ArrayList<>();
    objects.add(dir.resolve("crt0.o"));
    for (String source : libcSources()) {
      String file = Path.of(source).getFileName().toString();
      objects.add(dir.resolve(file.substring(0, file.length() - 2) + ".o"));
    }
    return objects;
  }

  /**
   * The second half: compiles {@code sources} (C files) and links them with the SDK's objects
   * (and libgcc) into {@code elf} at the SDK's layout ({@code denali.ld}).
   */
  public List<String> linkCommand(List<Path> sdkObjects, List<Path> sources, Path elf) {
    List<String> cmd = compilerAndFlags();
    if (compiler == Compiler.CLANG) {
      cmd.add("-fuse-ld=lld"); // a link flag: clang -Werror refuses it with -c
    }
    cmd.addAll(List.of("-T", sdk.resolve("denali.ld").toString(), "-I", sdk.toString()));
    sdkObjects.forEach(p -> cmd.add(p.toString()));
    sources.forEach(p -> cmd.add(p.toString()));
    if (compiler == Compiler.GCC) {
      cmd.add("-lgcc");
    } else {
      String libgcc = gccLibgcc();
      if (libgcc != null) {
        cmd.add(libgcc);
      }
    }
    cmd.add("-o");
    cmd.add(elf.toString());
    return cmd;
  }

  /** The compiler and the flags of both halves (README order, then the extra flags). */
  private List<String> compilerAndFlags() {
    List<String> cmd = new ArrayList<>();
    cmd.add(program());
    if (compiler == Compiler.CLANG) {
      cmd.addAll(List.of("--target=riscv32", "-march=rv32im", "-mabi=ilp32", "-mno-relax",
          optimization, "-ffreestanding", "-nostdlib", "-static"));
    } else {
      cmd.addAll(List.of("-march=rv32im", "-mabi=ilp32", optimization, "-ffreestanding",
          "-nostdlib", "-static"));
    }
    cmd.addAll(extraFlags);
    return cmd;
  }

  private List<String> libcSources() {
    try (Stream<Path> libc = Files.list(sdk.resolve("libc"))) {
      return libc.filter(p -> p.toString().endsWith(".c")).sorted().map(Path::toString)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String gcc() {
    return System.getProperty("denali.gcc", "riscv64-unknown-elf-gcc");
  }

  private static volatile String libgcc;

  /** gcc's rv32im/ilp32 libgcc.a, for clang links; null when gcc cannot tell. */
  private static String gccLibgcc() {
    if (libgcc == null) {
      try {
        String path = CResources.exec(List.of(gcc(), "-march=rv32im", "-mabi=ilp32",
            "-print-libgcc-file-name"), Path.of("."), Compiler.GCC.installHint()).strip();
        libgcc = Files.isRegularFile(Path.of(path)) ? path : "";
      } catch (IllegalStateException | IOException e) {
        libgcc = "";
      }
    }
    return libgcc.isEmpty() ? null : libgcc;
  }
}
