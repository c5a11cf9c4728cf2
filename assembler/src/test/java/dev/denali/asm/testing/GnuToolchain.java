package dev.denali.asm.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The GNU RISC-V binutils as an oracle: assembles and links one source the way the Denali
 * assembler is meant to (RV32IM + Zicsr, ilp32, no linker relaxation, .text at 0x10000, entry
 * {@code _start}):
 *
 * <pre>
 * riscv64-unknown-elf-as -march=rv32im_zicsr -mabi=ilp32 -mno-relax x.s -o x.o
 * riscv64-unknown-elf-ld -m elf32lriscv --no-relax -Ttext=0x10000 -e _start x.o -o x.elf
 * riscv64-unknown-elf-objcopy -O binary -j .text x.elf x.bin
 * </pre>
 *
 * <p>gas leaves relocations even with {@code -mno-relax}, so the output is only comparable after
 * linking. The .text bytes equal ours for position-independent code.
 */
public final class GnuToolchain {
  public static final String AS = "riscv64-unknown-elf-as";
  public static final String LD = "riscv64-unknown-elf-ld";
  public static final String OBJCOPY = "riscv64-unknown-elf-objcopy";
  public static final String OBJDUMP = "riscv64-unknown-elf-objdump";
  /** The Debian package that has all of the above. */
  public static final String PACKAGE = "binutils-riscv64-unknown-elf";
  /** Where the linked .text starts. */
  public static final int TEXT_ADDRESS = 0x10000;

  private static final List<String> AS_FLAGS =
      List.of("-march=rv32im_zicsr", "-mabi=ilp32", "-mno-relax");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private GnuToolchain() {}

  /** Requires as, ld and objcopy (see {@link ExternalTool#require}). */
  public static void require() {
    ExternalTool.require(AS, PACKAGE);
    ExternalTool.require(LD, PACKAGE);
    ExternalTool.require(OBJCOPY, PACKAGE);
  }

  /** Whether as, ld and objcopy are all on the PATH. */
  public static boolean available() {
    return ExternalTool.available(AS) && ExternalTool.available(LD)
        && ExternalTool.available(OBJCOPY);
  }

  /** gas or ld refused a source; the message has the tool's stderr. */
  public static final class ToolchainException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String toolOutput;

    ToolchainException(String message, String toolOutput) {
      super(message + "\n" + toolOutput);
      this.toolOutput = toolOutput;
    }

    /** What the tool printed on stderr (and stdout). */
    public String toolOutput() {
      return toolOutput;
    }
  }

  /**
   * The result of a build: the folder it happened in (deleted by {@link #close}), the linked ELF
   * and the bytes of its .text section.
   */
  public record Build(Path directory, Path elf, byte[] text) implements AutoCloseable {
    /** Deletes the build folder and everything in it. */
    @Override
    public void close() {
      deleteTree(directory);
    }
  }

  /**
   * Assembles and links {@code source} in a fresh temporary folder.
   *
   * @param name a file name for the source (used in gas's messages), e.g. {@code "hello.s"}
   * @throws ToolchainException when gas or ld rejects the source (with their messages)
   */
  public static Build build(String name, String source) {
    return build(name, source, null);
  }

  /**
   * Assembles {@code source} and links it with the GNU ld linker script {@code linkerScript}
   * (instead of {@code -Ttext=0x10000 -e _start}), in a fresh temporary folder.
   *
   * @throws ToolchainException when gas or ld rejects the source or the script
   */
  public static Build buildWithLinkerScript(String name, String source, String linkerScript) {
    return build(name, source, linkerScript);
  }

  private static Build build(String name, String source, String linkerScript) {
    Path dir;
    try {
      dir = Files.createTempDirectory("denali-gas-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return build(dir, name, source, linkerScript);
    } catch (RuntimeException e) {
      deleteTree(dir);
      throw e;
    }
  }

  private static Build build(Path dir, String name, String source, String linkerScript) {
    String base = baseName(name);
    Path src = dir.resolve(base + ".s");
    Path obj = dir.resolve(base + ".o");
    Path elf = dir.resolve(base + ".elf");
    Path bin = dir.resolve(base + ".text.bin");
    write(src, source);

    List<String> as = new ArrayList<>(List.of(AS));
    as.addAll(AS_FLAGS);
    as.addAll(List.of(src.getFileName().toString(), "-o", obj.getFileName().toString()));
    Processes.Result r = Processes.run(as, TIMEOUT, null, dir);
    if (!r.ok()) {
      throw new ToolchainException("GNU as rejected " + name + ":", output(r));
    }
    List<String> ld = new ArrayList<>(List.of(LD, "-m", "elf32lriscv", "--no-relax"));
    if (linkerScript == null) {
      ld.addAll(List.of("-Ttext=0x" + Integer.toHexString(TEXT_ADDRESS), "-e", "_start"));
    } else {
      write(dir.resolve("link.ld"), linkerScript);
      ld.addAll(List.of("-T", "link.ld"));
    }
    ld.addAll(List.of(obj.getFileName().toString(), "-o", elf.getFileName().toString()));
    r = Processes.run(ld, TIMEOUT, null, dir);
    if (!r.ok()) {
      throw new ToolchainException("GNU ld could not link " + name + ":", output(r));
    }
    r = Processes.run(List.of(OBJCOPY, "-O", "binary", "-j", ".text",
        elf.getFileName().toString(), bin.getFileName().toString()), TIMEOUT, null, dir);
    if (!r.ok()) {
      throw new ToolchainException("objcopy failed on " + name + ":", output(r));
    }
    try {
      byte[] text = Files.exists(bin) ? Files.readAllBytes(bin) : new byte[0];
      return new Build(dir, elf, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Assembles and links {@code source}, returning only its .text bytes (at {@link
   * #TEXT_ADDRESS}); the build folder is deleted.
   */
  public static byte[] text(String name, String source) {
    try (Build b = build(name, source)) {
      return b.text();
    }
  }

  /**
   * What GNU as says about {@code source} (its warnings and errors, one per line, without the
   * "Assembler messages:" heading); empty when it has nothing to say. Only assembles.
   */
  public static String messages(String name, String source) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("denali-gas-msg-");
      Path src = dir.resolve(baseName(name) + ".s");
      write(src, source);
      List<String> as = new ArrayList<>(List.of(AS));
      as.addAll(AS_FLAGS);
      as.addAll(List.of(src.getFileName().toString(), "-o", "messages.o"));
      Processes.Result r = Processes.run(as, TIMEOUT, null, dir);
      return output(r).lines().filter(l -> !l.endsWith("Assembler messages:"))
          .collect(Collectors.joining("\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (dir != null) {
        deleteTree(dir);
      }
    }
  }

  /**
   * The source line (1-based) that produced each .text offset, from gas's listing ({@code
   * -al}): the map's floor entry for an offset names the line whose output covers it. Only
   * meaningful for sources that put everything in .text (offsets of other sections are mixed
   * in). Empty when gas rejects the source.
   */
  public static NavigableMap<Integer, Integer> lineTable(String name, String source) {
    NavigableMap<Integer, Integer> table = new TreeMap<>();
    Path dir = null;
    try {
      dir = Files.createTempDirectory("denali-gas-lst-");
      Path src = dir.resolve(baseName(name) + ".s");
      write(src, source);
      List<String> as = new ArrayList<>(List.of(AS));
      as.addAll(AS_FLAGS);
      as.addAll(List.of("-aln", src.getFileName().toString(), "-o", "listing.o"));
      Processes.Result r = Processes.run(as, TIMEOUT, null, dir);
      if (!r.ok()) {
        return table;
      }
      // "  12 0004 13050500 \taddi a0, a0, 5": line number, offset, bytes, source.
      Pattern row = Pattern.compile("^\\s*(\\d+) ([0-9a-f]{4,8}) [0-9A-Fa-f]");
      for (String line : r.stdoutText().split("\n")) {
        Matcher m = row.matcher(line);
        if (m.find()) {
          int lineNo = Integer.parseInt(m.group(1));
          int offset = Integer.parseInt(m.group(2), 16);
          table.putIfAbsent(offset, lineNo);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (dir != null) {
        deleteTree(dir);
      }
    }
    return table;
  }

  /** objdump -d of a linked ELF, for failure messages; the error text when objdump fails. */
  public static String disassemble(Path elf) {
    if (!ExternalTool.available(OBJDUMP)) {
      return "(" + OBJDUMP + " not installed)";
    }
    Processes.Result r = Processes.run(List.of(OBJDUMP, "-d", elf.toString()), TIMEOUT, null);
    return r.ok() ? r.stdoutText() : output(r);
  }

  private static String output(Processes.Result r) {
    String s = (r.stderrText() + r.stdoutText()).strip();
    return r.timedOut() ? s + "\n(timed out)" : s;
  }

  private static String baseName(String name) {
    String n = Path.of(name).getFileName().toString();
    if (n.endsWith(".s") || n.endsWith(".S")) {
      n = n.substring(0, n.length() - 2);
    }
    n = n.replaceAll("[^A-Za-z0-9_.-]", "_");
    return n.isEmpty() ? "source" : n;
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // Best effort: a temp folder left behind is harmless.
        }
      });
    } catch (IOException ignored) {
      // Same.
    }
  }
}
