package dev.denali.cli;

import dev.denali.asm.Assembler;
import dev.denali.asm.AssemblerOptions;
import dev.denali.asm.AssemblyResult;
import dev.denali.asm.Diagnostic;
import dev.denali.asm.SourceFile;
import dev.denali.asm.elf.ElfReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A guest named on the command line: one ELF file, or assembly sources assembled on the fly.
 * Problems are printed, prefixed with the command's name, and give null.
 */
final class GuestInput {
  private GuestInput() {}

  /**
   * The ELF bytes of the guest in {@code files}.
   *
   * @param settings note settings for assembled sources (memory, stack)
   * @param command e.g. "denali run", for messages
   */
  static byte[] elf(List<Path> files, Map<String, String> settings, List<Path> includeDirs,
      PrintWriter err, String command) {
    Path first = files.get(0);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(first);
    } catch (NoSuchFileException e) {
      err.println(command + ": " + first + ": no such file");
      return null;
    } catch (IOException e) {
      err.println(command + ": cannot read " + first + ": " + e.getMessage());
      return null;
    }
    if (ElfReader.hasElfMagic(bytes)) {
      if (files.size() > 1) {
        err.println(command + ": give one ELF file, or assembly sources");
        return null;
      }
      return bytes;
    }
    List<SourceFile> sources = new ArrayList<>();
    for (Path f : files) {
      try {
        sources.add(SourceFile.read(f));
      } catch (SourceFile.NotAssembly e) {
        err.println(command + ": " + e.getMessage());
        return null;
      } catch (IOException e) {
        err.println(command + ": cannot read " + f + ": " + e.getMessage());
        return null;
      }
    }
    AssemblyResult result = Assembler.assemble(sources,
        new AssemblerOptions(settings, false, GuestSdk.includeDirs(includeDirs, sources)));
    for (Diagnostic d : result.diagnostics()) {
      err.println(d.format());
    }
    if (!result.ok()) {
      err.println(result.errors().size() + " error(s) in the sources; nothing run");
      return null;
    }
    return result.elf();
  }

  /** The service name a file gives by default: its name without the extension. */
  static String baseName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
