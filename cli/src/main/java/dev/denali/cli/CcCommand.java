package dev.denali.cli;

import dev.denali.emu.HostPrograms;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code denali cc}: compiles C guests with the RISC-V gcc or clang that is installed, and the
 * guest SDK (headers, start file, linker script, libc) that this denali carries, so it works
 * from any directory. The flags are guest-sdk/README.md's; options the command does not know
 * ({@code -O0}, {@code -g}, {@code -Wall}, {@code -std=c11}, ...) go to the compiler.
 */
@Command(
    name = "cc",
    mixinStandardHelpOptions = true,
    description = {
      "Compile and link C guests (and .S/.s files) into one guest ELF, with the guest SDK"
          + " this denali carries (denali.h, http.h, net.h, stdio.h, string.h, stdlib.h, its"
          + " libc, start file and linker script).",
      "Uses riscv64-unknown-elf-gcc (Debian: gcc-riscv64-unknown-elf), else clang with"
          + " ld.lld (Debian: clang, lld). Options it does not know, such as -O0, -g, -Wall,"
          + " go to the compiler (write them in one word: -O0, not -O 0)."
    })
final class CcCommand implements Callable<Integer> {
  static final String GCC = "riscv64-unknown-elf-gcc";
  static final String CLANG = "clang";
  static final String LLD = "ld.lld";

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "C sources (.c, .S, .s, .o)")
  List<Path> files;

  @Option(names = {"-o", "--output"}, paramLabel = "OUT",
      description = "output ELF (default: the first source with extension .elf)")
  Path output;

  @Option(names = "-I", paramLabel = "DIR", description = "also search DIR for headers")
  List<String> includeDirs = new ArrayList<>();

  @Option(names = "-D", paramLabel = "NAME[=VALUE]", description = "define a macro")
  List<String> defines = new ArrayList<>();

  @Option(names = "--compiler", paramLabel = "gcc|clang",
      description = "which compiler (default: gcc when installed, else clang)")
  String compiler;

  @Option(names = {"-v", "--verbose"}, description = "print the compiler's command line")
  boolean verbose;

  @CommandLine.Unmatched List<String> compilerFlags = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    for (String flag : compilerFlags) {
      if (!flag.startsWith("-")) {
        err.println("denali cc: " + flag + ": unexpected; compiler options are one word each"
            + " (-O0, -DNAME=1), sources come after them or before");
        return Main.EXIT_USAGE;
      }
    }
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        err.println("denali cc: " + f + ": no such file");
        return Main.EXIT_USER_ERROR;
      }
    }
    String chosen;
    try {
      chosen = chooseCompiler();
    } catch (IllegalArgumentException e) {
      err.println("denali cc: " + e.getMessage());
      return Main.EXIT_USER_ERROR;
    }
    Path sdk;
    try {
      sdk = GuestSdk.c();
    } catch (IOException e) {
      err.println("denali cc: cannot unpack the guest SDK: " + e.getMessage());
      return Main.EXIT_USER_ERROR;
    }
    Path target = output != null ? output : AsmCommand.defaultOutput(files.get(0));
    List<String> flags = flags(chosen, sdk);
    List<String> command = new ArrayList<>(flags);
    command.addAll(linkFlags(chosen, sdk));
    try {
      command.addAll(sdkObjects(flags, sdk, err));
    } catch (IOException e) {
      err.println("denali cc: cannot build the guest SDK's start file and libc: "
          + e.getMessage());
      return Main.EXIT_USER_ERROR;
    } catch (CompileFailed e) {
      err.println("denali cc: " + chosen + " failed on the guest SDK with these options"
          + " (exit status " + e.status + "); no output written");
      return Main.EXIT_USER_ERROR;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Main.EXIT_USER_ERROR;
    }
    for (Path f : files) {
      command.add(f.toString());
    }
    if (chosen.equals("gcc")) {
      command.add("-lgcc");
    }
    command.addAll(List.of("-o", target.toString()));
    try {
      int status = run(command, err);
      if (status != 0) {
        err.println("denali cc: " + chosen + " failed (exit status " + status
            + "); no output written");
        return Main.EXIT_USER_ERROR;
      }
    } catch (IOException e) {
      err.println("denali cc: cannot run " + command.get(0) + ": " + e.getMessage());
      return Main.EXIT_USER_ERROR;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Main.EXIT_USER_ERROR;
    }
    return 0;
  }

  /** A compiler run that failed, with its exit status (its output is printed already). */
  private static final class CompileFailed extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    CompileFailed(int status) {
      super(null, null, false, false);
      this.status = status;
    }
  }

  /** Runs {@code command}, printing what it says (with -v, the command too); its status. */
  private int run(List<String> command, PrintWriter err) throws IOException, InterruptedException {
    if (verbose) {
      err.println(String.join(" ", command));
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    err.print(said);
    err.flush();
    return p.waitFor();
  }

  /**
   * The SDK's start file and libc compiled with {@code flags}, as object files: built once per
   * set of flags (a folder named after their hash, next to the unpacked SDK) and reused, so a
   * build compiles only the user's sources.
   */
  private List<String> sdkObjects(List<String> flags, Path sdk, PrintWriter err)
      throws IOException, InterruptedException, CompileFailed {
    List<Path> sources = new ArrayList<>();
    sources.add(sdk.resolve("crt0.S"));
    try (Stream<Path> libc = Files.list(sdk.resolve("libc"))) {
      libc.filter(p -> p.toString().endsWith(".c")).sorted().forEach(sources::add);
    }
    Path dir = sdk.getParent().resolve("obj-" + hash(flags));
    Files.createDirectories(dir);
    List<String> objects = new ArrayList<>();
    for (Path src : sources) {
      String base = src.getFileName().toString();
      Path obj = dir.resolve(base.substring(0, base.lastIndexOf('.')) + ".o");
      if (!Files.isRegularFile(obj)) {
        Path tmp = Files.createTempFile(dir, ".obj", ".o");
        List<String> compile = new ArrayList<>(flags);
        compile.addAll(List.of("-c", src.toString(), "-o", tmp.toString()));
        int status = run(compile, err);
        if (status != 0) {
          Files.deleteIfExists(tmp);
          throw new CompileFailed(status);
        }
        Files.move(tmp, obj, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      objects.add(obj.toString());
    }
    return objects;
  }

  /** The first 16 hex digits of the SHA-256 of {@code flags}, a folder name for them. */
  private static String hash(List<String> flags) {
    return dev.denali.kernel.Binary.digestOf(String.join("\0", flags)
        .getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }

  /** "gcc" or "clang": the one asked for, else gcc if installed, else clang. */
  private String chooseCompiler() {
    boolean gcc = HostPrograms.find(GCC).isPresent();
    boolean clang = HostPrograms.find(CLANG).isPresent() && HostPrograms.find(LLD).isPresent();
    if (compiler == null) {
      if (gcc) {
        return "gcc";
      }
      if (clang) {
        return "clang";
      }
      throw new IllegalArgumentException("no RISC-V C compiler found: install " + GCC
          + " (Debian: apt-get install gcc-riscv64-unknown-elf), or clang and ld.lld"
          + " (apt-get install clang lld)");
    }
    switch (compiler) {
      case "gcc":
        if (!gcc) {
          throw new IllegalArgumentException(GCC + " is not installed (Debian: apt-get install"
              + " gcc-riscv64-unknown-elf)");
        }
        return "gcc";
      case "clang":
        if (!clang) {
          throw new IllegalArgumentException("clang and ld.lld are needed (Debian: apt-get"
              + " install clang lld)");
        }
        return "clang";
      default:
        throw new IllegalArgumentException("--compiler: gcc or clang, not " + compiler);
    }
  }

  /**
   * The compiler and its compiling options, before any file: guest-sdk/README.md's flags (those
   * for linking come with the link: {@link #linkFlags}), the user's folders and macros, then the
   * options the user gave (after -O2, so that theirs win).
   */
  private List<String> flags(String chosen, Path sdk) {
    List<String> cmd = new ArrayList<>();
    if (chosen.equals("gcc")) {
      cmd.addAll(List.of(GCC, "-march=rv32im", "-mabi=ilp32"));
    } else {
      cmd.addAll(List.of(CLANG, "--target=riscv32", "-march=rv32im", "-mabi=ilp32",
          "-mno-relax"));
    }
    cmd.addAll(List.of("-O2", "-ffreestanding"));
    for (String dir : includeDirs) {
      cmd.add("-I" + dir);
    }
    cmd.add("-I" + sdk);
    for (String d : defines) {
      cmd.add("-D" + d);
    }
    cmd.addAll(compilerFlags);
    return cmd;
  }

  /** README's options for linking: no host libraries, our linker script (and clang: lld). */
  private static List<String> linkFlags(String chosen, Path sdk) {
    List<String> flags = new ArrayList<>(List.of("-nostdlib", "-static", "-T",
        sdk.resolve("denali.ld").toString()));
    if (chosen.equals("clang")) {
      flags.add("-fuse-ld=lld");
    }
    return flags;
  }
}
