package dev.denali.asm.link;

import dev.denali.asm.Diagnostic;
import dev.denali.asm.LinkedImage;
import dev.denali.asm.SourceLocation;
import dev.denali.asm.source.Expr;
import dev.denali.isa.GuestConfig;
import dev.denali.isa.GuestNote;
import dev.denali.isa.MemoryMap;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Places the section chunks of all files at their addresses (manual, "Memory map": .text at
 * 0x10000, then .rodata, .data and .bss, each output section on a page boundary except .bss,
 * which follows .data) and builds the {@link LinkedImage}.
 */
final class Linker {
  private static final Chunk.Kind[] ORDER = {
    Chunk.Kind.TEXT, Chunk.Kind.RODATA, Chunk.Kind.DATA, Chunk.Kind.BSS
  };

  private final Assembly assembly;

  Linker(Assembly assembly) {
    this.assembly = assembly;
  }

  /** Assigns chunk addresses; returns true when none changed. */
  boolean placeChunks() {
    boolean same = true;
    long address = MemoryMap.TEXT_BASE;
    for (Chunk.Kind kind : ORDER) {
      if (kind == Chunk.Kind.DATA || kind == Chunk.Kind.RODATA) {
        address = alignUp(address, MemoryMap.PAGE_SIZE);
      }
      for (Map<Chunk.Kind, Chunk> file : assembly.chunks()) {
        Chunk c = file.get(kind);
        if (c == null) {
          continue;
        }
        address = alignUp(address, c.alignment);
        if (c.address != address) {
          same = false;
          c.address = address;
        }
        address += c.size;
      }
    }
    return same;
  }

  private static long alignUp(long v, long a) {
    return (v + a - 1) / a * a;
  }

  /** Builds the image after the final pass. Returns null (with errors reported) on failure. */
  LinkResult link() {
    List<Diagnostic> diagnostics = assembly.diagnostics();
    String firstFile = assembly.fileNames().get(0);
    List<LinkedImage.Section> sections = new ArrayList<>();
    long end = MemoryMap.TEXT_BASE;
    for (Chunk.Kind kind : ORDER) {
      long start = -1;
      long bssEnd = 0;
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (Map<Chunk.Kind, Chunk> file : assembly.chunks()) {
        Chunk c = file.get(kind);
        if (c == null) {
          continue;
        }
        if (start < 0) {
          start = c.address;
        }
        while (start + bytes.size() < c.address) {
          bytes.write(0);
        }
        if (kind != Chunk.Kind.BSS) {
          byte[] b = c.bytes.toByteArray();
          bytes.write(b, 0, b.length);
        } else {
          bssEnd = c.address + c.size; // .bss is only a size: nothing is stored
        }
      }
      long size = kind == Chunk.Kind.BSS ? (start < 0 ? 0 : bssEnd - start) : bytes.size();
      if (start < 0 || size == 0) {
        continue;
      }
      LinkedImage.Kind k = LinkedImage.Kind.valueOf(kind.name());
      byte[] content = kind == Chunk.Kind.BSS ? new byte[0] : bytes.toByteArray();
      sections.add(new LinkedImage.Section(k, (int) start, content, (int) size));
      end = Math.max(end, start + size);
    }

    Map<String, String> settings = new LinkedHashMap<>();
    for (Map<Chunk.Kind, Chunk> file : assembly.chunks()) {
      Chunk note = file.get(Chunk.Kind.NOTE);
      if (note != null && note.size > 0) {
        try {
          settings.putAll(GuestNote.decode(note.bytes.toByteArray()));
        } catch (IllegalArgumentException e) {
          diagnostics.add(Diagnostic.error(SourceLocation.ofFile(
              assembly.fileNames().get(note.file)), "malformed " + GuestNote.SECTION
              + " section: " + e.getMessage()));
          return null;
        }
      }
    }
    settings.putAll(assembly.options().settings());
    GuestConfig config;
    try {
      config = GuestConfig.from(settings);
    } catch (IllegalArgumentException e) {
      diagnostics.add(Diagnostic.error(SourceLocation.ofFile(firstFile),
          "bad Denali setting: " + e.getMessage()));
      return null;
    }
    if (end + config.stack() > config.memory()) {
      diagnostics.add(Diagnostic.error(SourceLocation.ofFile(firstFile), String.format(
          "the program ends at 0x%x and needs %d bytes of stack, more than the %d bytes of"
              + " memory: raise it with --memory or a memory= setting", end, config.stack(),
          config.memory())));
      return null;
    }

    List<LinkedImage.Symbol> symbols = symbols();
    Integer entry = null;
    for (LinkedImage.Symbol s : symbols) {
      if (s.name().equals("_start") && (entry == null || s.global())) {
        entry = s.address();
      }
    }
    if (entry == null) {
      entry = MemoryMap.TEXT_BASE;
      diagnostics.add(Diagnostic.warning(SourceLocation.ofFile(firstFile),
          "no _start symbol: the entry point is the start of .text (0x10000)"));
    }
    byte[] note = settings.isEmpty() ? null : GuestNote.encode(settings);
    LinkedImage image = new LinkedImage(sections, symbols, entry, settings);
    String listing = assembly.options().listing() ? Listing.render(assembly.listingRows()) : "";
    return new LinkResult(image, note, listing);
  }

  private List<LinkedImage.Symbol> symbols() {
    List<LinkedImage.Symbol> out = new ArrayList<>();
    SymbolTable table = assembly.symbols();
    for (int f = 0; f < assembly.chunks().size(); f++) {
      for (Map.Entry<String, SymbolTable.Def> e : table.fileSymbols(f).entrySet()) {
        String name = e.getKey();
        if (!(e.getValue() instanceof SymbolTable.LabelDef l) || name.startsWith(".L")
            || Character.isDigit(name.charAt(0)) || l.chunk().kind == Chunk.Kind.NOTE) {
          continue;
        }
        long address = l.chunk().address + assembly.offset(l.itemIndex());
        int size = 0;
        Assembly.SizeDef sizeDef = assembly.sizes().get(name);
        if (sizeDef != null) {
          try {
            size = (int) assembly.evalForLinker(sizeDef.expr(), sizeDef.file()).value();
          } catch (AsmError | ArithmeticException err) {
            size = 0;
          }
        }
        String type = assembly.types().getOrDefault(name, "");
        boolean function = type.equals("function") || (type.isEmpty()
            && l.chunk().kind == Chunk.Kind.TEXT && table.isExported(f, name));
        out.add(new LinkedImage.Symbol(name, (int) address, Math.max(0, size),
            table.isExported(f, name), function));
      }
    }
    return out;
  }
}
