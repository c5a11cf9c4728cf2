package dev.denali.asm.elf;

import static dev.denali.isa.Elf.*;

import dev.denali.asm.LinkedImage;
import dev.denali.isa.GuestNote;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an ELF32 RISC-V executable (ours, GNU ld's or ld.lld's) back into a {@link LinkedImage}
 * for the disassembler: sections by their flags (executable, read-only, writable, no-bits),
 * symbols, entry and Denali note. Lenient about what it does not need; every malformed structure
 * it does need is an {@link ElfFormatException} naming the problem. The emulator's loader is the
 * strict one.
 */
public final class ElfReader {
  private ElfReader() {}

  private record Shdr(String name, int type, int flags, int addr, int offset, int size, int link,
      int entsize) {}

  public static LinkedImage read(byte[] file) throws ElfFormatException {
    try {
      return parse(file);
    } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new ElfFormatException("truncated or malformed ELF file (" + e.getMessage() + ")");
    }
  }

  /** Whether {@code file} begins with the ELF magic number (0x7f 'E' 'L' 'F'). */
  public static boolean hasElfMagic(byte[] file) {
    return file.length >= 4 && file[0] == 0x7f && file[1] == 'E' && file[2] == 'L'
        && file[3] == 'F';
  }

  private static LinkedImage parse(byte[] file) throws ElfFormatException {
    if (!hasElfMagic(file)) {
      throw new ElfFormatException("not an ELF file");
    }
    if (file.length < EHDR_SIZE) {
      throw new ElfFormatException("truncated ELF file (" + file.length
          + " bytes; the header needs " + EHDR_SIZE + ")");
    }
    if (file[4] != ELFCLASS32) {
      throw new ElfFormatException("not a 32-bit ELF file (EI_CLASS " + file[4] + ")");
    }
    if (file[5] != ELFDATA2LSB) {
      throw new ElfFormatException("not a little-endian ELF file");
    }
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int machine = b.getShort(18) & 0xFFFF;
    if (machine != EM_RISCV) {
      throw new ElfFormatException("not a RISC-V ELF file (e_machine " + machine + ")");
    }
    int entry = b.getInt(24);
    int phoff = b.getInt(28);
    int shoff = b.getInt(32);
    int phnum = b.getShort(44) & 0xFFFF;
    int shentsize = b.getShort(46) & 0xFFFF;
    int shnum = b.getShort(48) & 0xFFFF;
    int shstrndx = b.getShort(50) & 0xFFFF;
    List<LinkedImage.Section> sections = new ArrayList<>();
    List<LinkedImage.Symbol> symbols = new ArrayList<>();
    Map<String, String> settings = new LinkedHashMap<>();
    if (shnum > 0 && shoff > 0) {
      if (shentsize != SHDR_SIZE || (long) shoff + (long) shnum * SHDR_SIZE > file.length) {
        throw new ElfFormatException("section header table outside the file");
      }
      List<Shdr> shdrs = new ArrayList<>();
      for (int i = 0; i < shnum; i++) {
        int o = shoff + i * SHDR_SIZE;
        shdrs.add(new Shdr(null, b.getInt(o + 4), b.getInt(o + 8), b.getInt(o + 12),
            b.getInt(o + 16), b.getInt(o + 20), b.getInt(o + 24), b.getInt(o + 36)));
      }
      Shdr strs = shstrndx < shdrs.size() ? shdrs.get(shstrndx) : null;
      for (int i = 0; i < shdrs.size(); i++) {
        Shdr h = shdrs.get(i);
        int nameOff = b.getInt(shoff + i * SHDR_SIZE);
        String name = strs == null ? "" : string(file, strs, nameOff);
        shdrs.set(i, new Shdr(name, h.type(), h.flags(), h.addr(), h.offset(), h.size(),
            h.link(), h.entsize()));
      }
      for (Shdr h : shdrs) {
        if ((h.flags() & SHF_ALLOC) != 0 && h.size() > 0) {
          LinkedImage.Kind kind = (h.flags() & SHF_EXECINSTR) != 0 ? LinkedImage.Kind.TEXT
              : h.type() == SHT_NOBITS ? LinkedImage.Kind.BSS
              : (h.flags() & SHF_WRITE) != 0 ? LinkedImage.Kind.DATA
              : h.type() == SHT_PROGBITS ? LinkedImage.Kind.RODATA : null;
          if (kind != null) {
            byte[] bytes = kind == LinkedImage.Kind.BSS ? new byte[0] : slice(file, h);
            sections.add(new LinkedImage.Section(kind, h.addr(), bytes, h.size()));
          }
        }
        if (h.type() == SHT_NOTE) {
          try {
            settings.putAll(GuestNote.decode(slice(file, h)));
          } catch (IllegalArgumentException e) {
            throw new ElfFormatException("malformed note section " + h.name() + ": "
                + e.getMessage());
          }
        }
        if (h.type() == SHT_SYMTAB && h.link() < shdrs.size()) {
          readSymbols(file, b, h, shdrs.get(h.link()), symbols);
        }
      }
    } else {
      if ((long) phoff + (long) phnum * PHDR_SIZE > file.length) {
        throw new ElfFormatException("program header table outside the file");
      }
      for (int i = 0; i < phnum; i++) {
        int o = phoff + i * PHDR_SIZE;
        if (b.getInt(o) != PT_LOAD) {
          continue;
        }
        int off = b.getInt(o + 4);
        int vaddr = b.getInt(o + 8);
        int filesz = b.getInt(o + 16);
        int memsz = b.getInt(o + 20);
        int flags = b.getInt(o + 24);
        LinkedImage.Kind kind = (flags & PF_X) != 0 ? LinkedImage.Kind.TEXT
            : (flags & PF_W) != 0 ? LinkedImage.Kind.DATA : LinkedImage.Kind.RODATA;
        sections.add(new LinkedImage.Section(kind, vaddr,
            slice(file, new Shdr("", 0, 0, vaddr, off, filesz, 0, 0)), memsz));
      }
    }
    sections.sort((x, y) -> Integer.compareUnsigned(x.address(), y.address()));
    return new LinkedImage(sections, symbols, entry, settings);
  }

  private static void readSymbols(byte[] file, ByteBuffer b, Shdr symtab, Shdr strtab,
      List<LinkedImage.Symbol> out) throws ElfFormatException {
    if ((long) symtab.offset() + (symtab.size() & 0xFFFFFFFFL) > file.length) {
      throw new ElfFormatException("symbol table outside the file");
    }
    for (int o = symtab.offset() + SYM_SIZE; o + SYM_SIZE <= symtab.offset() + symtab.size();
        o += SYM_SIZE) {
      int name = b.getInt(o);
      int value = b.getInt(o + 4);
      int size = b.getInt(o + 8);
      int info = file[o + 12] & 0xFF;
      int shndx = b.getShort(o + 14) & 0xFFFF;
      int type = info & 0xF;
      if (type == STT_SECTION || type == STT_FILE || shndx == SHN_UNDEF || name == 0) {
        continue;
      }
      String n = string(file, strtab, name);
      if (n.isEmpty() || n.startsWith("$")) {
        continue;
      }
      out.add(new LinkedImage.Symbol(n, value, size, (info >> 4) == STB_GLOBAL,
          type == STT_FUNC));
    }
  }

  private static byte[] slice(byte[] file, Shdr h) throws ElfFormatException {
    long end = (h.offset() & 0xFFFFFFFFL) + (h.size() & 0xFFFFFFFFL);
    if (h.offset() < 0 || end > file.length) {
      throw new ElfFormatException("section " + (h.name() == null ? "" : h.name() + " ")
          + "extends past the end of the file");
    }
    byte[] out = new byte[h.size()];
    System.arraycopy(file, h.offset(), out, 0, h.size());
    return out;
  }

  private static String string(byte[] file, Shdr table, int offset) {
    int start = table.offset() + offset;
    if (offset < 0 || start < 0 || start >= file.length) {
      return "";
    }
    int end = start;
    while (end < file.length && file[end] != 0) {
      end++;
    }
    return new String(file, start, end - start, StandardCharsets.UTF_8);
  }
}
