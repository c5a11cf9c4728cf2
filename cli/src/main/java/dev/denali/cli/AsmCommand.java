package dev.denali.cli;

import dev.denali.asm.Assembler;
import dev.denali.asm.AssemblerOptions;
import dev.denali.asm.AssemblyResult;
import dev.denali.asm.Diagnostic;
import dev.denali.asm.SourceFile;
import dev.denali.isa.GuestConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code denali asm}: assemble and link sources into a guest ELF. */
@Command(
    name = "asm",
    mixinStandardHelpOptions = true,
    description = {
      "Assemble and link Denali assembly (GNU as syntax, RV32IM + Denali instructions)"
          + " into one guest ELF executable.",
      "Errors name file:line:column; on any error no output is written and the exit status"
          + " is 1."
    })
final class AsmCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "assembly sources (.s)")
  List<Path> files;

  @Option(names = {"-o", "--output"}, paramLabel = "OUT",
      description = "output ELF (default: the first source with extension .elf)")
  Path output;

  @Option(names = "--listing", description = "print address, encoding and source side by side")
  boolean listing;

  @Option(names = {"-I", "--include"}, paramLabel = "DIR",
      description = "also search DIR for .include files (before the guest SDK's own folder, "
          + "searched last: denali.inc, start.s, lib.s, net.s, http.s, ...)")
  List<Path> includeDirs = new ArrayList<>();

  @Option(names = "--memory", paramLabel = "SIZE",
      description = "guest memory, e.g. 4M (default 1M; stored in the binary's Denali note)")
  String memory;

  @Option(names = "--stack", paramLabel = "SIZE",
      description = "stack reserved at the top of memory, e.g. 64K (default 64K)")
  String stack;

  @Option(names = "--service", paramLabel = "NAME", description = "service name for routing")
  String service;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    var out = spec.commandLine().getOut();
    Map<String, String> settings = new LinkedHashMap<>();
    try {
      if (memory != null) {
        settings.put(GuestConfig.KEY_MEMORY,
            Integer.toString(GuestConfig.parseSize("memory", memory)));
      }
      if (stack != null) {
        settings.put(GuestConfig.KEY_STACK,
            Integer.toString(GuestConfig.parseSize("stack", stack)));
      }
    } catch (IllegalArgumentException e) {
      err.println("denali asm: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    if (service != null) {
      settings.put(GuestConfig.KEY_SERVICE, service);
    }
    List<SourceFile> sources = new ArrayList<>();
    for (Path f : files) {
      try {
        sources.add(SourceFile.read(f));
      } catch (NoSuchFileException e) {
        err.println("denali asm: " + f + ": no such file");
        return Main.EXIT_USER_ERROR;
      } catch (SourceFile.NotAssembly e) {
        err.println("denali asm: " + e.getMessage());
        return Main.EXIT_USER_ERROR;
      } catch (IOException e) {
        err.println("denali asm: cannot read " + f + ": " + e.getMessage());
        return Main.EXIT_USER_ERROR;
      }
    }
    AssemblerOptions options =
        new AssemblerOptions(settings, listing, GuestSdk.includeDirs(includeDirs, sources));
    AssemblyResult result = Assembler.assemble(sources, options);
    for (Diagnostic d : result.diagnostics()) {
      err.println(d.format());
    }
    if (!result.ok()) {
      int n = result.errors().size();
      err.println(n + " error" + (n == 1 ? "" : "s") + "; no output written");
      return Main.EXIT_USER_ERROR;
    }
    Path target = output != null ? output : defaultOutput(files.get(0));
    try {
      Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".denali", ".tmp");
      Files.write(tmp, result.elf());
      makeExecutable(tmp);
      Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      err.println("denali asm: cannot write " + target + ": " + e.getMessage());
      return Main.EXIT_USER_ERROR;
    }
    if (listing) {
      out.print(result.listing());
      out.flush();
    }
    return 0;
  }

  /** Sets rwxr-xr-x, as linkers do: loaders such as qemu-user refuse files without x bits. */
  private static void makeExecutable(Path file) {
    try {
      Files.setPosixFilePermissions(file,
          java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException | IOException e) {
      // not a POSIX file system: nothing to do
    }
  }

  static Path defaultOutput(Path source) {
    String name = source.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    return source.resolveSibling(stem + ".elf");
  }
}
