package dev.denali.cli;

import dev.denali.asm.Disassembler;
import dev.denali.asm.elf.ElfFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code denali disasm}: disassemble a guest ELF. */
@Command(
    name = "disasm",
    mixinStandardHelpOptions = true,
    description = {
      "Disassemble a guest ELF (ours, GNU ld's or ld.lld's), with labels from its symbol table.",
      "With --source, print assembly that `denali asm` turns back into the same bytes."
    })
final class DisasmCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "guest ELF executable")
  Path file;

  @Option(names = "--source", description = "print reassemblable assembly source")
  boolean source;

  @Option(names = {"-o", "--output"}, paramLabel = "OUT",
      description = "write to OUT instead of standard output")
  Path output;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    byte[] elf;
    try {
      elf = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      err.println("denali disasm: " + file + ": no such file");
      return Main.EXIT_USER_ERROR;
    } catch (IOException e) {
      err.println("denali disasm: cannot read " + file + ": " + e.getMessage());
      return Main.EXIT_USER_ERROR;
    }
    String text;
    try {
      String name = file.getFileName().toString();
      text = source ? Disassembler.source(elf, name) : Disassembler.listing(elf, name);
    } catch (ElfFormatException e) {
      err.println("denali disasm: " + file + ": " + e.getMessage());
      return Main.EXIT_USER_ERROR;
    }
    if (output != null) {
      try {
        Files.writeString(output, text);
      } catch (IOException e) {
        err.println("denali disasm: cannot write " + output + ": " + e.getMessage());
        return Main.EXIT_USER_ERROR;
      }
    } else {
      spec.commandLine().getOut().print(text);
      spec.commandLine().getOut().flush();
    }
    return 0;
  }
}
