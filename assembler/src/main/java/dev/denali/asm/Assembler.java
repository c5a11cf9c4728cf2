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
        Preprocessor preprocessor = new Preprocessor(options.includePath(), diagnostics);
        List<Line> lines = preprocessor.expand(source);
        if (preprocessor.aborted()) {
          return failed(diagnostics, sources);
        }
        files.add(SourceParser.parse(lines, diagnostics));
        names.add(source.name());
      }
      LinkResult linked = new Assembly(files, names, options, diagnostics).run();
      boolean errors = diagnostics.stream()
          .anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
      if (linked == null || errors) {
        return failed(diagnostics, sources);
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

  /** The most errors reported for one run; more say only how many there were. */
  static final int MAX_ERRORS = 100;

  /**
   * The result of a failed run: each distinct diagnostic once (a .rept repeats errors), in
   * source order (file in order of first appearance, then line and column), at most
   * {@link #MAX_ERRORS} errors.
   */
  private static AssemblyResult failed(List<Diagnostic> all, List<SourceFile> sources) {
    List<Diagnostic> unique = new ArrayList<>(new java.util.LinkedHashSet<>(all));
    List<String> files = new ArrayList<>();
    for (SourceFile s : sources) {
      files.add(s.name());
    }
    for (Diagnostic d : unique) {
      if (!files.contains(d.file())) {
        files.add(d.file());
      }
    }
    unique.sort(java.util.Comparator.comparingInt((Diagnostic d) -> files.indexOf(d.file()))
        .thenComparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
    unique = withoutNamesOfAMissingInclude(unique);
    List<Diagnostic> shown = new ArrayList<>();
    int errors = 0;
    for (Diagnostic d : unique) {
      if (d.severity() == Diagnostic.Severity.ERROR && ++errors > MAX_ERRORS) {
        continue;
      }
      shown.add(d);
    }
    if (errors > MAX_ERRORS) {
      shown.add(Diagnostic.error(SourceLocation.ofFile(sources.get(0).name()),
          (errors - MAX_ERRORS) + " more errors not shown"));
    }
    return new AssemblyResult(null, null, shown, "");
  }

  /**
   * When an include file was not found, the names it would have defined (instructions, macros,
   * symbols) are unknown everywhere after it: the errors that say so follow from the first and
   * only bury it, so they are left out, and the first missing include's error says how many.
   */
  private static List<Diagnostic> withoutNamesOfAMissingInclude(List<Diagnostic> all) {
    int missing = -1;
    for (int i = 0; i < all.size() && missing < 0; i++) {
      if (all.get(i).message().startsWith(Preprocessor.MISSING_INCLUDE)) {
        missing = i;
      }
    }
    if (missing < 0) {
      return all;
    }
    List<Diagnostic> kept = new ArrayList<>();
    int left = 0;
    for (Diagnostic d : all) {
      if (d.severity() == Diagnostic.Severity.ERROR && (d.message().startsWith("unknown"
          + " instruction '") || d.message().startsWith("undefined symbol '"))) {
        left++;
      } else {
        kept.add(d);
      }
    }
    if (left > 0) {
      Diagnostic d = all.get(missing);
      kept.set(kept.indexOf(d), new Diagnostic(d.severity(), d.file(), d.line(), d.column(),
          d.length(), d.message() + "; -I DIR adds a folder to search (" + left
          + (left == 1 ? " error about a name" : " errors about names")
          + " it may define not shown)", d.sourceLine()));
    }
    return kept;
  }

  /** Assembles in-memory sources with default options. */
  public static AssemblyResult assemble(SourceFile... sources) {
    return assemble(List.of(sources), AssemblerOptions.defaults());
  }
}
