package dev.denali.asm;

import dev.denali.asm.elf.ElfWriter;
import dev.denali.asm.link.Assembly;
import dev.denali.asm.link.LinkResult;
import dev.denali.asm.source.Line;
import dev.denali.asm.source.Preprocessor;
import dev.denali.asm.source.SourceParser;
import dev.denali.asm.source.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The Denali assembler: assembles and links GNU-as-syntax RV32IM sources, with Denali's virtual
 * instructions, into one guest ELF executable. Every error of every file is reported; no
 * exception escapes for any input.
 *
 * <pre>{@code
 * AssemblyResult r = Assembler.assemble(List.of(SourceFile.read(path)), AssemblerOptions.defaults());
 * if (r.ok()) Files.write(out, r.elf()); else System.err.println(r.formatDiagnostics());
 * }</pre>
 */
public final class Assembler {
  private Assembler() {}

  public static AssemblyResult assemble(List<SourceFile> sources, AssemblerOptions options) {
    List<Diagnostic> diagnostics = new ArrayList<>();
    if (sources.isEmpty()) {
      diagnostics.add(Diagnostic.error(SourceLocation.ofFile("denali asm"), "no source files"));
      return new AssemblyResult(null, null, diagnostics, "");
    }
    try {
      List<List<Statement>> files = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (SourceFile source : sources) {
        List<Line> lines = new Preprocessor(options.includePath(), diagnostics).expand(source);
        files.add(SourceParser.parse(lines, diagnostics));
        names.add(source.name());
      }
      LinkResult linked = new Assembly(files, names, options, diagnostics).run();
      boolean errors = diagnostics.stream()
          .anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
      if (linked == null || errors) {
        return new AssemblyResult(null, null, diagnostics, "");
      }
      byte[] elf = ElfWriter.write(linked.image(), linked.note());
      return new AssemblyResult(linked.image(), elf, diagnostics, linked.listing());
    } catch (StackOverflowError e) {
      diagnostics.add(Diagnostic.error(SourceLocation.ofFile(sources.get(0).name()),
          "expression or definitions nested too deeply"));
      return new AssemblyResult(null, null, diagnostics, "");
    } catch (RuntimeException e) {
      diagnostics.add(Diagnostic.error(SourceLocation.ofFile(sources.get(0).name()),
          "internal assembler error (please report it): " + e));
      return new AssemblyResult(null, null, diagnostics, "");
    }
  }

  /** Assembles in-memory sources with default options. */
  public static AssemblyResult assemble(SourceFile... sources) {
    return assemble(List.of(sources), AssemblerOptions.defaults());
  }
}
