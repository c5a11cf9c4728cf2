package dev.denali.asm.elf;

import static dev.denali.isa.Elf.*;

import dev.denali.asm.LinkedImage;
import dev.denali.isa.GuestNote;
import dev.denali.isa.MemoryMap;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link LinkedImage} as a Denali guest binary: ELF32 little-endian RISC-V, ET_EXEC,
 * one PT_LOAD per output section group (.text R+X, .rodata R, .data+.bss R+W), a PT_NOTE for the
 * Denali note, section headers and a symbol table for disassemblers and debuggers. Each loadable
 * section sits at a file offset congruent to its address modulo the page size, as loaders that
 * map files (qemu-user, Linux) require.
 */
public final class ElfWriter {
  private ElfWriter() {}

  private record Shdr(String name, int type, int flags, int addr, int offset, int size, int link,
      int info, int align, int entsize) {}

  public static byte[] write(LinkedImage image, byte[] note) {
    Buf file = new Buf();
    List<Shdr> shdrs = new ArrayList<>();
    shdrs.add(new Shdr("", SHT_NULL, 0, 0, 0, 0, 0, 0, 0, 0));
    List<int[]> phdrs = new ArrayList<>(); // type, offset, vaddr, filesz, memsz, flags, align
    List<LinkedImage.Section> sections = image.sections();
    int phnum = 0;
    for (LinkedImage.Section s : sections) {
      if (s.kind() != LinkedImage.Kind.BSS) {
        phnum++;
      }
    }
    boolean bssOnly = sections.stream().anyMatch(s -> s.kind() == LinkedImage.Kind.BSS)
        && sections.stream().noneMatch(s -> s.kind() == LinkedImage.Kind.DATA);
    if (bssOnly) {
      phnum++;
    }
    if (note != null) {
      phnum++;
    }
    phnum++; // the headers' own read-only segment
    int headers = EHDR_SIZE + phnum * PHDR_SIZE;
    file.zeros(headers);
    // Loaders such as qemu-user and Linux hand the program headers' address to the program
    // (AT_PHDR) and require them inside a loaded segment: map the first file page, read-only,
    // just below the text base, as GNU ld does.
    phdrs.add(new int[] {PT_LOAD, 0, MemoryMap.TEXT_BASE - MemoryMap.PAGE_SIZE, headers,
        headers, PF_R, MemoryMap.PAGE_SIZE});
    int[] dataPhdr = null;
    for (LinkedImage.Section s : sections) {
      int flags;
      int shflags;
      switch (s.kind()) {
        case TEXT -> {
          flags = PF_R | PF_X;
          shflags = SHF_ALLOC | SHF_EXECINSTR;
        }
        case RODATA -> {
          flags = PF_R;
          shflags = SHF_ALLOC;
        }
        default -> {
          flags = PF_R | PF_W;
          shflags = SHF_ALLOC | SHF_WRITE;
        }
      }
      if (s.kind() == LinkedImage.Kind.BSS) {
        shdrs.add(new Shdr(".bss", SHT_NOBITS, shflags, s.address(), file.size(), s.size(), 0,
            0, 4, 0));
        if (dataPhdr != null) {
          dataPhdr[4] = s.end() - dataPhdr[2];
        } else {
          file.padTo(congruent(file.size(), s.address()));
          phdrs.add(new int[] {PT_LOAD, file.size(), s.address(), 0, s.size(), flags,
              MemoryMap.PAGE_SIZE});
        }
        continue;
      }
      file.padTo(congruent(file.size(), s.address()));
      int offset = file.size();
      file.bytes(s.bytes());
      shdrs.add(new Shdr(s.kind().sectionName(), SHT_PROGBITS, shflags, s.address(), offset,
          s.bytes().length, 0, 0, 4, 0));
      int[] ph = {PT_LOAD, offset, s.address(), s.bytes().length, s.size(), flags,
          MemoryMap.PAGE_SIZE};
      phdrs.add(ph);
      if (s.kind() == LinkedImage.Kind.DATA) {
        dataPhdr = ph;
      }
    }
    if (note != null) {
      file.padTo(align(file.size(), 4));
      int offset = file.size();
      file.bytes(note);
      shdrs.add(new Shdr(GuestNote.SECTION, SHT_NOTE, 0, 0, offset, note.length, 0, 0, 4, 0));
      phdrs.add(new int[] {PT_NOTE, offset, 0, note.length, 0, PF_R, 4});
    }

    // symbol table
    Buf strtab = new Buf();
    strtab.bytes(new byte[] {0});
    Buf symtab = new Buf();
    symtab.zeros(SYM_SIZE);
    List<LinkedImage.Symbol> ordered = new ArrayList<>();
    image.symbols().stream().filter(s -> !s.global()).forEach(ordered::add);
    int firstGlobal = 1 + ordered.size();
    image.symbols().stream().filter(LinkedImage.Symbol::global).forEach(ordered::add);
    for (LinkedImage.Symbol sym : ordered) {
      int nameOff = strtab.size();
      strtab.bytes((sym.name() + "\0").getBytes(StandardCharsets.UTF_8));
      int shndx = sectionIndex(shdrs, sym.address());
      int type = sym.function() ? STT_FUNC : (shndx > 0 && !isText(shdrs, shndx))
          ? STT_OBJECT : STT_NOTYPE;
      if (!sym.function() && sym.size() == 0) {
        type = STT_NOTYPE;
      }
      ByteBuffer b = le(SYM_SIZE);
      b.putInt(nameOff).putInt(sym.address()).putInt(sym.size())
          .put((byte) ((sym.global() ? STB_GLOBAL : STB_LOCAL) << 4 | type)).put((byte) 0)
          .putShort((short) (shndx > 0 ? shndx : SHN_ABS));
      symtab.bytes(b.array());
    }
    int symtabIndex = shdrs.size();
    file.padTo(align(file.size(), 4));
    shdrs.add(new Shdr(".symtab", SHT_SYMTAB, 0, 0, file.size(), symtab.size(), symtabIndex + 1,
        firstGlobal, 4, SYM_SIZE));
    file.bytes(symtab.toArray());
    shdrs.add(new Shdr(".strtab", SHT_STRTAB, 0, 0, file.size(), strtab.size(), 0, 0, 1, 0));
    file.bytes(strtab.toArray());

    Buf shstrtab = new Buf();
    shstrtab.bytes(new byte[] {0});
    int[] nameOffsets = new int[shdrs.size() + 1];
    for (int i = 1; i < shdrs.size(); i++) {
      nameOffsets[i] = shstrtab.size();
      shstrtab.bytes((shdrs.get(i).name() + "\0").getBytes(StandardCharsets.UTF_8));
    }
    nameOffsets[shdrs.size()] = shstrtab.size();
    shstrtab.bytes(".shstrtab\0".getBytes(StandardCharsets.UTF_8));
    int shstrndx = shdrs.size();
    shdrs.add(new Shdr(".shstrtab", SHT_STRTAB, 0, 0, file.size(), shstrtab.size(), 0, 0, 1, 0));
    file.bytes(shstrtab.toArray());

    file.padTo(align(file.size(), 4));
    int shoff = file.size();
    for (int i = 0; i < shdrs.size(); i++) {
      Shdr h = shdrs.get(i);
      ByteBuffer b = le(SHDR_SIZE);
      b.putInt(nameOffsets[i]).putInt(h.type()).putInt(h.flags()).putInt(h.addr())
          .putInt(h.offset()).putInt(h.size()).putInt(h.link()).putInt(h.info())
          .putInt(h.align()).putInt(h.entsize());
      file.bytes(b.array());
    }

    byte[] out = file.toArray();
    ByteBuffer eh = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    eh.put(new byte[] {0x7f, 'E', 'L', 'F', ELFCLASS32, ELFDATA2LSB, EV_CURRENT, 0});
    eh.put(new byte[8]);
    eh.putShort(ET_EXEC).putShort(EM_RISCV).putInt(EV_CURRENT).putInt(image.entry())
        .putInt(EHDR_SIZE).putInt(shoff).putInt(0).putShort((short) EHDR_SIZE)
        .putShort((short) PHDR_SIZE).putShort((short) phdrs.size())
        .putShort((short) SHDR_SIZE).putShort((short) shdrs.size())
        .putShort((short) shstrndx);
    for (int[] p : phdrs) {
      eh.putInt(p[0]).putInt(p[1]).putInt(p[2]).putInt(p[2]).putInt(p[3]).putInt(p[4])
          .putInt(p[5]).putInt(p[6]);
    }
    return out;
  }

  private static boolean isText(List<Shdr> shdrs, int index) {
    return (shdrs.get(index).flags() & SHF_EXECINSTR) != 0;
  }

  private static int sectionIndex(List<Shdr> shdrs, int address) {
    for (int i = 1; i < shdrs.size(); i++) {
      Shdr h = shdrs.get(i);
      if ((h.flags() & SHF_ALLOC) != 0 && Integer.compareUnsigned(address - h.addr(),
          h.size() + 1) < 0) {
        return i;
      }
    }
    return 0;
  }

  private static int congruent(int offset, int address) {
    int want = address & (MemoryMap.PAGE_SIZE - 1);
    int base = offset & ~(MemoryMap.PAGE_SIZE - 1);
    int o = base + want;
    return o < offset ? o + MemoryMap.PAGE_SIZE : o;
  }

  private static int align(int v, int a) {
    return (v + a - 1) / a * a;
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A growable byte buffer. */
  private static final class Buf {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    int size() {
      return out.size();
    }

    void zeros(int n) {
      out.write(new byte[n], 0, n);
    }

    void padTo(int offset) {
      zeros(offset - out.size());
    }

    void bytes(byte[] b) {
      out.write(b, 0, b.length);
    }

    byte[] toArray() {
      return out.toByteArray();
    }
  }
}
