package dev.denali.samples;

import dev.denali.asm.Assembler;
import dev.denali.asm.AssemblerOptions;
import dev.denali.asm.AssemblyResult;
import dev.denali.asm.SourceFile;
import dev.denali.emu.HostPrograms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds every sample service into {@code OUT/NAME.elf}: a folder {@code NAME/} holding {@code
 * NAME.s} is assembled (all its {@code .s} files, with the SDK's asm/ on the include path); one
 * holding {@code NAME.c} is compiled with riscv64-unknown-elf-gcc and the SDK, exactly as
 * guest-sdk/README.md shows; a folder with a {@code site/} folder also gets {@code OUT/NAME.img},
 * a disk image of it ({@link DiskImage}). Without gcc the C services are skipped with a message, unless
 * {@code CI=true}, where that is an error.
 *
 * <p>Usage: {@code BuildServices SERVICES_DIR GUEST_SDK_DIR OUT_DIR}
 */
public final class BuildServices {
  static final String GCC = "riscv64-unknown-elf-gcc";

  private BuildServices() {}

  public static void main(String[] args) throws Exception {
    Path services = Path.of(args[0]);
    Path sdk = Path.of(args[1]);
    Path out = Path.of(args[2]);
    Files.createDirectories(out);
    List<String> failures = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(services)) {
      for (Path dir : dirs.sorted().toList()) {
        String name = dir.getFileName().toString();
        if (!Files.isDirectory(dir) || name.equals("src") || name.equals("target")) {
          continue;
        }
        String error = null;
        if (Files.exists(dir.resolve(name + ".s"))) {
          error = assemble(dir, sdk, out.resolve(name + ".elf"));
        } else if (Files.exists(dir.resolve(name + ".c"))) {
          error = compile(dir, sdk, out.resolve(name + ".elf"));
        }
        if (error == null && Files.isDirectory(dir.resolve("site"))) {
          DiskImage.build(dir.resolve("site"), out.resolve(name + ".img"));
          System.out.println("[sample-services] disk image " + name + ".img from " + name
              + "/site");
        }
        if (error != null) {
          failures.add(name + ": " + error);
        }
      }
    }
    if (!failures.isEmpty()) {
      failures.forEach(f -> System.err.println("[sample-services] " + f));
      throw new IllegalStateException("sample services failed to build: " + failures);
    }
  }

  /** Assembles every .s file of {@code dir}; returns an error message or null. */
  static String assemble(Path dir, Path sdk, Path elf) throws IOException {
    List<SourceFile> sources = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".s")).sorted().toList()) {
        sources.add(SourceFile.read(f));
      }
    }
    AssemblyResult r = Assembler.assemble(sources,
        new AssemblerOptions(Map.of(), false, List.of(sdk.resolve("asm"))));
    if (!r.ok()) {
      return "\n" + r.formatDiagnostics();
    }
    Files.write(elf, r.elf());
    System.out.println("[sample-services] assembled " + elf.getFileName());
    return null;
  }

  /** Compiles every .c file of {@code dir} with the SDK; returns an error message or null. */
  static String compile(Path dir, Path sdk, Path elf) throws IOException, InterruptedException {
    if (HostPrograms.find(GCC).isEmpty()) {
      String msg = "needs " + GCC + " (apt-get install gcc-riscv64-unknown-elf)";
      if ("true".equals(System.getenv("CI"))) {
        return msg;
      }
      System.out.println("[sample-services] skipped " + dir.getFileName() + ": " + msg);
      return null;
    }
    List<String> cmd = new ArrayList<>(List.of(GCC, "-march=rv32im", "-mabi=ilp32", "-O2",
        "-ffreestanding", "-nostdlib", "-static", "-T", sdk.resolve("c/denali.ld").toString(),
        "-I", sdk.resolve("c").toString(), "-I", dir.toString(),
        sdk.resolve("c/crt0.S").toString()));
    try (Stream<Path> libc = Files.list(sdk.resolve("c/libc"))) {
      libc.filter(p -> p.toString().endsWith(".c")).sorted().forEach(p -> cmd.add(p.toString()));
    }
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(p -> p.toString().endsWith(".c")).sorted().forEach(p -> cmd.add(p.toString()));
    }
    cmd.addAll(List.of("-lgcc", "-o", elf.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      return "gcc failed:\n" + String.join(" ", cmd) + "\n" + output;
    }
    System.out.println("[sample-services] compiled " + elf.getFileName());
    return null;
  }
}
