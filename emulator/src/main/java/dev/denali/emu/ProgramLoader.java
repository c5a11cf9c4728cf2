package dev.denali.emu;

import static dev.denali.isa.Elf.*;

import dev.denali.isa.GuestConfig;
import dev.denali.isa.GuestNote;
import dev.denali.isa.MemoryMap;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads guest ELF binaries (ISA manual, "Guest binary format") from our assembler, GNU ld or
 * ld.lld. Every check happens before anything is allocated from a size the file states, so a
 * malformed or hostile file is refused with a message naming the problem and never causes an
 * exception, an out-of-memory or a hang.
 */
public final class ProgramLoader {
  private ProgramLoader() {}

  /** The largest file accepted. */
  public static final int MAX_FILE = 64 << 20;
  private static final int MAX_PHDRS = 64;
  /** The largest read-only image and initialized-data image a program may have. */
  private static final long MAX_IMAGE = 16L << 20;
  private static final int EF_RISCV_RVC = 0x1;
  private static final int EF_RISCV_FLOAT_ABI = 0x6;
  private static final int EF_RISCV_RVE = 0x8;
  private static final int PT_DYNAMIC = 2;
  private static final int PT_INTERP = 3;
  private static final int PT_TLS = 7;

  private record Segment(int offset, int vaddr, int filesz, int memsz, int flags) {
    long end() {
      return Integer.toUnsignedLong(vaddr) + Integer.toUnsignedLong(memsz);
    }

    boolean writable() {
      return (flags & PF_W) != 0;
    }

    boolean executable() {
      return (flags & PF_X) != 0;
    }
  }

  /**
   * Loads {@code file}.
   *
   * @param name used in messages and as the default service name
   * @throws LoadException naming what is wrong with the file
   */
  public static GuestProgram load(String name, byte[] file) throws LoadException {
    if (file.length > MAX_FILE) {
      throw new LoadException("file is " + file.length + " bytes, more than the "
          + MAX_FILE + "-byte limit");
    }
    if (file.length < EHDR_SIZE) {
      throw new LoadException("truncated ELF header (" + file.length + " bytes, need "
          + EHDR_SIZE + ")");
    }
    if (file[0] != 0x7f || file[1] != 'E' || file[2] != 'L' || file[3] != 'F') {
      throw new LoadException("not an ELF file (bad magic number)");
    }
    if (file[4] != ELFCLASS32) {
      throw new LoadException("not a 32-bit ELF file");
    }
    if (file[5] != ELFDATA2LSB) {
      throw new LoadException("not a little-endian ELF file");
    }
    if (file[6] != EV_CURRENT) {
      throw new LoadException("unknown ELF version " + file[6] + " in e_ident (expected 1)");
    }
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int type = b.getShort(16) & 0xFFFF;
    int machine = b.getShort(18) & 0xFFFF;
    if (machine != EM_RISCV) {
      throw new LoadException("not a RISC-V binary (e_machine " + machine + ")");
    }
    if (type != ET_EXEC) {
      throw new LoadException("not a static executable (e_type " + type
          + "; Denali runs ET_EXEC binaries, not relocatable or shared objects)");
    }
    if (b.getInt(20) != EV_CURRENT) {
      throw new LoadException("unknown ELF version " + b.getInt(20) + " in e_version"
          + " (expected 1)");
    }
    int flags = b.getInt(36);
    if ((flags & EF_RISCV_RVC) != 0) {
      throw new LoadException("built with compressed instructions (RVC); build with"
          + " -march=rv32im");
    }
    if ((flags & EF_RISCV_FLOAT_ABI) != 0) {
      throw new LoadException("built for a hardware floating-point ABI; build with"
          + " -mabi=ilp32");
    }
    if ((flags & EF_RISCV_RVE) != 0) {
      throw new LoadException("built for RV32E; build with -march=rv32im");
    }
    int entry = b.getInt(24);
    int phoff = b.getInt(28);
    int phentsize = b.getShort(42) & 0xFFFF;
    int phnum = b.getShort(44) & 0xFFFF;
    if (phnum == 0) {
      throw new LoadException("no program headers");
    }
    if (phnum > MAX_PHDRS) {
      throw new LoadException(phnum + " program headers, more than " + MAX_PHDRS);
    }
    if (phentsize != PHDR_SIZE) {
      throw new LoadException("program header size " + phentsize + ", expected " + PHDR_SIZE);
    }
    if (phoff < 0 || (long) phoff + (long) phnum * PHDR_SIZE > file.length) {
      throw new LoadException("truncated program headers (they end past the end of the file)");
    }

    List<Segment> loads = new ArrayList<>();
    Map<String, String> settings = new LinkedHashMap<>();
    for (int i = 0; i < phnum; i++) {
      int o = phoff + i * PHDR_SIZE;
      int ptype = b.getInt(o);
      Segment s = new Segment(b.getInt(o + 4), b.getInt(o + 8), b.getInt(o + 16),
          b.getInt(o + 20), b.getInt(o + 24));
      switch (ptype) {
        case PT_LOAD -> {
          if (s.filesz() != 0 || s.memsz() != 0) {
            loads.add(checkLoad(i, s, file.length));
          } // else empty (GNU ld's for a PHDRS entry no section went into): nothing to load
        }
        case PT_NOTE -> settings.putAll(note(i, s, file));
        case PT_DYNAMIC, PT_INTERP -> throw new LoadException("program header " + i
            + " asks for dynamic linking; Denali runs static binaries only");
        case PT_TLS -> throw new LoadException("program header " + i
            + " asks for thread-local storage, which Denali guests do not have");
        default -> { } // PT_NULL, PT_PHDR, PT_GNU_STACK, PT_RISCV_ATTRIBUTES, ...: ignored
      }
    }
    if (loads.isEmpty()) {
      throw new LoadException("no loadable segment");
    }
    loads.sort((x, y) -> Integer.compareUnsigned(x.vaddr(), y.vaddr()));
    for (int i = 1; i < loads.size(); i++) {
      if (Integer.toUnsignedLong(loads.get(i).vaddr()) < loads.get(i - 1).end()) {
        throw new LoadException(String.format("segments overlap: 0x%08x..0x%08x and"
            + " 0x%08x..", loads.get(i - 1).vaddr(), loads.get(i - 1).end(),
            loads.get(i).vaddr()));
      }
    }

    GuestConfig config;
    try {
      config = GuestConfig.from(settings);
    } catch (IllegalArgumentException e) {
      throw new LoadException("bad Denali note: " + e.getMessage());
    }

    Segment text = null;
    for (Segment s : loads) {
      if (s.executable()) {
        if (text != null) {
          throw new LoadException("more than one executable segment");
        }
        text = s;
      }
    }
    if (text == null) {
      throw new LoadException("no executable segment");
    }
    long writableStart = -1;
    long highest = 0;
    for (Segment s : loads) {
      highest = Math.max(highest, s.end());
      if (s.writable()) {
        if (writableStart < 0) {
          writableStart = Integer.toUnsignedLong(s.vaddr()) & ~(long) (MemoryMap.PAGE_SIZE - 1);
        }
      } else if (writableStart >= 0) {
        throw new LoadException(String.format("read-only segment at 0x%08x lies above a"
            + " writable one; Denali expects text and read-only data below writable data",
            s.vaddr()));
      }
    }
    long readOnlyBase = Integer.toUnsignedLong(loads.get(0).vaddr())
        & ~(long) (MemoryMap.PAGE_SIZE - 1);
    long readOnlyEnd = 0;
    for (Segment s : loads) {
      if (!s.writable()) {
        readOnlyEnd = Math.max(readOnlyEnd, s.end());
      }
    }
    if (writableStart < 0) {
      writableStart = (readOnlyEnd + MemoryMap.PAGE_SIZE - 1) & ~(long) (MemoryMap.PAGE_SIZE - 1);
    }
    if (writableStart < readOnlyEnd) {
      throw new LoadException(String.format("writable data at 0x%08x shares a page with"
          + " read-only data; writable segments must start on a page of their own",
          writableStart));
    }
    if (highest + config.stack() > config.memory()) {
      throw new LoadException(String.format("the segments end at 0x%x and the stack needs %d"
          + " bytes, more than the %d bytes of memory (set memory= in the Denali note, or"
          + " --mem)", highest, config.stack(), config.memory()));
    }
    if (Integer.toUnsignedLong(entry) < Integer.toUnsignedLong(text.vaddr())
        || Integer.toUnsignedLong(entry) >= text.end() || (entry & 3) != 0) {
      throw new LoadException(String.format("entry point 0x%08x is not an aligned address"
          + " inside the executable segment 0x%08x..0x%08x", entry, text.vaddr(), text.end()));
    }
    if ((text.vaddr() & 3) != 0) {
      throw new LoadException(String.format("executable segment at 0x%08x is not 4-byte"
          + " aligned", text.vaddr()));
    }

    long dataEnd = writableStart;
    for (Segment s : loads) {
      if (s.writable()) {
        dataEnd = Math.max(dataEnd, Integer.toUnsignedLong(s.vaddr()) + s.filesz());
      }
    }
    if (writableStart - readOnlyBase > MAX_IMAGE || dataEnd - writableStart > MAX_IMAGE) {
      throw new LoadException("the loaded image spans more than " + (MAX_IMAGE >> 20)
          + " MiB of read-only or initialized data");
    }
    // Everything is checked and bounded: now allocate.
    byte[] readOnly = new byte[(int) (writableStart - readOnlyBase)];
    byte[] data = new byte[(int) (dataEnd - writableStart)];
    for (Segment s : loads) {
      if (s.writable()) {
        System.arraycopy(file, s.offset(), data, (int) (s.vaddr() - writableStart), s.filesz());
      } else {
        System.arraycopy(file, s.offset(), readOnly, (int) (s.vaddr() - readOnlyBase),
            s.filesz());
      }
    }
    int textWords = (text.memsz() + 3) / 4;
    int[] words = new int[textWords];
    ByteBuffer ro = ByteBuffer.wrap(readOnly).order(ByteOrder.LITTLE_ENDIAN);
    int textOffset = (int) (text.vaddr() - readOnlyBase);
    for (int i = 0; i < textWords; i++) {
      int at = textOffset + 4 * i;
      words[i] = at + 4 <= readOnly.length ? ro.getInt(at) : 0;
    }
    int[] dataTargets = textAddressesIn(ro, 0, textOffset, text.vaddr(), textWords,
        textAddressesIn(ByteBuffer.wrap(readOnly).order(ByteOrder.LITTLE_ENDIAN),
            textOffset + 4 * textWords, readOnly.length, text.vaddr(), textWords,
            textAddressesIn(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN), 0,
                data.length, text.vaddr(), textWords, new int[0])));
    Code code = new Code(text.vaddr(), words, dataTargets,
        FunctionSymbols.in(file, text.vaddr(), textWords));
    return new GuestProgram(name, code, (int) readOnlyBase, readOnly, (int) writableStart, data,
        entry, config, settings);
  }

  /**
   * {@code found} plus the instruction indexes of the aligned text addresses stored as aligned
   * words in {@code image[from, to)} (jump tables and function pointers; any other word that
   * happens to look like one only starts a block early).
   */
  private static int[] textAddressesIn(ByteBuffer image, int from, int to, int textBase,
      int textWords, int[] found) {
    java.util.BitSet hits = new java.util.BitSet();
    for (int i : found) {
      hits.set(i);
    }
    for (int at = (from + 3) & ~3; at + 4 <= to; at += 4) {
      int off = image.getInt(at) - textBase;
      if ((off & 3) == 0 && Integer.compareUnsigned(off, 4 * textWords) < 0) {
        hits.set(off >> 2);
      }
    }
    return hits.stream().toArray();
  }

  private static Segment checkLoad(int i, Segment s, int fileLength) throws LoadException {
    if (Integer.toUnsignedLong(s.filesz()) > Integer.toUnsignedLong(s.memsz())) {
      throw new LoadException(where(i, s) + ": file size larger than memory size");
    }
    if (s.offset() < 0 || (long) s.offset() + Integer.toUnsignedLong(s.filesz()) > fileLength) {
      throw new LoadException(where(i, s) + ": its bytes lie past the end of the file");
    }
    if (Integer.toUnsignedLong(s.memsz()) > MemoryMap.MAX_MEMORY) {
      throw new LoadException(where(i, s) + ": " + Integer.toUnsignedLong(s.memsz())
          + " bytes, more than the largest guest memory");
    }
    if (s.end() > MemoryMap.MAX_MEMORY) {
      throw new LoadException(where(i, s) + ": ends past the largest guest memory (1 GiB)");
    }
    if (Integer.toUnsignedLong(s.vaddr()) < LOWEST_SEGMENT) {
      throw new LoadException(where(i, s) + String.format(": below 0x%x, where the null page and"
          + " the virtual-register page are", LOWEST_SEGMENT));
    }
    if (!s.writable() && Integer.toUnsignedLong(s.memsz()) - Integer.toUnsignedLong(s.filesz())
        > MemoryMap.PAGE_SIZE) {
      throw new LoadException(where(i, s) + ": " + (Integer.toUnsignedLong(s.memsz())
          - Integer.toUnsignedLong(s.filesz())) + " bytes of a read-only segment are not in the"
          + " file; only writable segments may be zero-filled");
    }
    if (s.writable() && s.executable()) {
      throw new LoadException(where(i, s) + ": both writable and executable; Denali never executes"
          + " data");
    }
    return s;
  }

  /** How an error names program header {@code i}; built for errors only (a slow String.format). */
  private static String where(int i, Segment s) {
    return "program header " + i + String.format(" (segment at 0x%08x)", s.vaddr());
  }

  /** Lowest address a loadable segment may use: above the null and virtual-register pages. */
  public static final int LOWEST_SEGMENT = MemoryMap.VREG_PAGE + MemoryMap.PAGE_SIZE;

  private static Map<String, String> note(int i, Segment s, byte[] file) throws LoadException {
    if (s.offset() < 0 || (long) s.offset() + Integer.toUnsignedLong(s.filesz()) > file.length
        || s.filesz() > (1 << 20)) {
      throw new LoadException("program header " + i + ": note lies past the end of the file");
    }
    byte[] bytes = new byte[s.filesz()];
    System.arraycopy(file, s.offset(), bytes, 0, bytes.length);
    try {
      return GuestNote.decode(bytes);
    } catch (IllegalArgumentException e) {
      throw new LoadException("malformed note: " + e.getMessage());
    }
  }
}
