package dev.denali.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.asm.testing.ExternalTool;
import dev.denali.asm.testing.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Builds C guests with the SDK exactly as guest-sdk/README.md says (the flags below are the
 * README's; {@link CGuestTest} checks that the README still shows them), from the repository
 * root so that the relative paths are the README's too. Builds go to guest-sdk/target/c-guests
 * and are cached for the JVM's lifetime, so the interpreter and qemu tests share them.
 */
final class CBuild {
  private CBuild() {}

  static final String GCC = "riscv64-unknown-elf-gcc";
  static final String GCC_PACKAGE = "gcc-riscv64-unknown-elf";
  static final String CLANG = "clang";
  static final String CLANG_PACKAGE = "clang";
  static final String LLD = "ld.lld";
  static final String LLD_PACKAGE = "lld";
  static final String QEMU = "qemu-riscv32";
  static final String QEMU_PACKAGE = "qemu-user";

  /** The flags of the README's gcc command, before the sources. */
  static final List<String> GCC_FLAGS = List.of("-march=rv32im", "-mabi=ilp32", "-O2",
      "-ffreestanding", "-nostdlib", "-static", "-T", "guest-sdk/c/denali.ld", "-I",
      "guest-sdk/c");
  /** The flags of the README's clang command, before the sources. */
  static final List<String> CLANG_FLAGS = List.of("--target=riscv32", "-march=rv32im",
      "-mabi=ilp32", "-mno-relax", "-O2", "-ffreestanding", "-nostdlib", "-static",
      "-fuse-ld=lld", "-T", "guest-sdk/c/denali.ld", "-I", "guest-sdk/c");
  /** What the tests add: the SDK and its examples must compile without a warning. */
  static final List<String> STRICT = List.of("-Wall", "-Wextra", "-Werror");

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final Map<String, Path> BUILT = new ConcurrentHashMap<>();

  enum Compiler {
    GCC,
    CLANG
  }

  /** Skips (or, on CI, fails) the test when the compiler is missing. */
  static void require(Compiler c) {
    if (c == Compiler.GCC) {
      ExternalTool.require(GCC, GCC_PACKAGE);
    } else {
      ExternalTool.require(CLANG, CLANG_PACKAGE);
      ExternalTool.require(LLD, LLD_PACKAGE);
    }
  }

  /** crt0.S, then guest-sdk/c/libc/*.c in name order, as paths relative to the root. */
  static List<String> sdkSources() {
    List<String> s = new ArrayList<>();
    s.add("guest-sdk/c/crt0.S");
    try (Stream<Path> files = Files.list(Sdk.cDir().resolve("libc"))) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".c")).sorted()
          .forEach(n -> s.add("guest-sdk/c/libc/" + n));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return s;
  }

  /**
   * Builds {@code sources} (paths relative to the repository root, after crt0.S and the libc)
   * into {@code name}.elf, failing the test with the compiler's messages if it does not build.
   */
  static Path build(Compiler c, String name, List<String> sources) {
    require(c);
    String key = c + ":" + name + ":" + sources;
    return BUILT.computeIfAbsent(key, k -> compile(c, name, sources));
  }

  /** Builds guest-sdk/examples/{@code example}. */
  static Path example(Compiler c, String example) {
    return build(c, example.replace(".c", ""), List.of("guest-sdk/examples/" + example));
  }

  static List<String> command(Compiler c, Path out, List<String> sources) {
    List<String> cmd = new ArrayList<>();
    cmd.add(c == Compiler.GCC ? GCC : CLANG);
    cmd.addAll(c == Compiler.GCC ? GCC_FLAGS : CLANG_FLAGS);
    cmd.addAll(STRICT);
    cmd.addAll(sdkSources());
    cmd.addAll(sources);
    if (c == Compiler.GCC) {
      cmd.add("-lgcc");
    }
    cmd.add("-o");
    cmd.add(out.toString());
    return cmd;
  }

  private static Path compile(Compiler c, String name, List<String> sources) {
    Path out = Sdk.buildDir("c-guests").resolve(name + "-" + c.name().toLowerCase() + ".elf");
    List<String> cmd = command(c, out, sources);
    Processes.Result r = Processes.run(cmd, TIMEOUT, null, Sdk.root());
    assertThat(r.ok()).as("build failed:%n%s", r.describe()).isTrue();
    assertThat(r.stderrText()).as("compiler warnings:%n%s", r.describe()).isEmpty();
    return out;
  }

  /** Runs an ELF under qemu-riscv32 (skipped or failed when it is missing). */
  static Processes.Result qemu(Path elf) {
    Path qemu = ExternalTool.require(QEMU, QEMU_PACKAGE);
    return Processes.run(List.of(qemu.toString(), elf.toString()), TIMEOUT, null);
  }
}
