package dev.denali.emu.loader;

import static dev.denali.emu.loader.ElfImage.E_ENTRY;
import static dev.denali.emu.loader.ElfImage.E_FLAGS;
import static dev.denali.emu.loader.ElfImage.E_MACHINE;
import static dev.denali.emu.loader.ElfImage.E_PHENTSIZE;
import static dev.denali.emu.loader.ElfImage.E_PHNUM;
import static dev.denali.emu.loader.ElfImage.E_PHOFF;
import static dev.denali.emu.loader.ElfImage.E_TYPE;
import static dev.denali.emu.loader.ElfImage.E_VERSION;
import static dev.denali.emu.loader.ElfImage.P_FILESZ;
import static dev.denali.emu.loader.ElfImage.P_FLAGS;
import static dev.denali.emu.loader.ElfImage.P_MEMSZ;
import static dev.denali.emu.loader.ElfImage.P_OFFSET;
import static dev.denali.emu.loader.ElfImage.P_TYPE;
import static dev.denali.emu.loader.ElfImage.P_VADDR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.denali.emu.Engine;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.LoadException;
import dev.denali.emu.ProgramLoader;
import dev.denali.emu.Runner;
import dev.denali.emu.semantics.EngineTest;
import dev.denali.emu.semantics.Guest;
import dev.denali.isa.Elf;
import dev.denali.isa.GuestNote;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Malformed guest binaries are refused with a {@link LoadException} whose message names the
 * problem, and nothing else is ever thrown (ISA manual, "Guest binary format"; BRIEF.md section
 * 6). Each case starts from a valid ELF built by the Denali assembler and breaks one thing.
 * Random mutations are in {@link LoaderFuzzTest}; binaries linked by GNU ld in {@link
 * GnuLdBinariesTest}.
 */
class LoaderTest {
  static final String SOURCE = """
      .text
      .globl _start
      _start:
          li a0, 1
          la a1, msg
          li a2, 3
          li a7, 64
          ecall
          la t0, counter
          lw t1, 0(t0)
          addi t1, t1, 1
          sw t1, 0(t0)
          la t2, zeros
          lw t3, 60(t2)
          add a0, t1, t3
          d.exit a0
      .rodata
      msg: .ascii "ok\\n"
      .data
      counter: .word 41
      .bss
      zeros: .zero 64
      """;

  /** The valid binary every case breaks: text, rodata, data + bss, header page and a note. */
  static final byte[] VALID = Guest.elf(SOURCE, Map.of("memory", "256K", "stack", "16K"));

  private static ElfImage valid() {
    return ElfImage.of(VALID);
  }

  /** Loading must fail with a LoadException whose message contains every fragment. */
  static void refused(byte[] elf, String... fragments) {
    Throwable t = catchThrowable(() -> ProgramLoader.load("bad", elf));
    assertThat(t).as("loading must be refused").isInstanceOf(LoadException.class);
    assertThat(t.getMessage()).isNotBlank().contains(fragments);
  }

  static void refused(Consumer<ElfImage> change, String... fragments) {
    ElfImage img = valid();
    change.accept(img);
    refused(img.bytes(), fragments);
  }

  /** Loading either works or fails with a LoadException with a message: nothing else. */
  static GuestProgram loadsOrRefused(byte[] elf) {
    try {
      return ProgramLoader.load("maybe", elf);
    } catch (LoadException e) {
      assertThat(e.getMessage()).isNotBlank();
      return null;
    }
  }

  @EngineTest
  void theValidBinaryLoadsAndRuns(Engine e) throws LoadException {
    GuestProgram p = ProgramLoader.load("valid", VALID);
    assertThat(p.config().memory()).isEqualTo(256 << 10);
    assertThat(p.entry()).isEqualTo(0x10000);
    Guest.Run r = Guest.of(p).on(e).run();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
    assertThat(r.exitStatus()).isEqualTo(42);
    assertThat(r.stdout()).isEqualTo("ok\n");
  }

  // ------------------------------------------------------------------ truncation

  @Test
  void truncatedAtEveryLengthUpTo200IsRefused() {
    for (int n = 0; n <= 200; n++) {
      byte[] cut = valid().truncated(n);
      Throwable t = catchThrowable(() -> ProgramLoader.load("cut", cut));
      assertThat(t).as("truncated to %d bytes", n).isInstanceOf(LoadException.class);
      assertThat(t.getMessage()).isNotBlank();
    }
    refused(valid().truncated(51), "truncated ELF header");
    refused(valid().truncated(60), "program headers");
  }

  @Test
  void truncatedAnywhereElseIsRefusedOrHarmless() {
    ElfImage img = valid();
    int text = img.phField(img.text(), P_OFFSET);
    int data = img.phField(img.data(), P_OFFSET);
    for (int n = 201; n < img.length(); n += 37) {
      loadsOrRefused(img.truncated(n));
    }
    refused(img.truncated(text + 8), "past the end of the file");
    refused(img.truncated(data + 2), "past the end of the file");
    refused(img.truncated(img.phField(img.note(), P_OFFSET) + 4), "note");
  }

  // ------------------------------------------------------------------ the ELF header

  @Test
  void badMagicIsRefused() {
    for (int i = 0; i < 4; i++) {
      int at = i;
      refused(img -> img.u8(at, 0x20), "not an ELF file");
    }
    refused("#!/bin/sh\necho this is not a guest\n".repeat(3)
        .getBytes(StandardCharsets.US_ASCII), "not an ELF file");
  }

  @Test
  void otherClassesAndByteOrdersAreRefused() {
    refused(img -> img.u8(4, 2), "32-bit");
    refused(img -> img.u8(4, 0), "32-bit");
    refused(img -> img.u8(5, 2), "little-endian");
    refused(img -> img.u8(5, 0), "little-endian");
  }

  @Test
  void otherMachinesAreRefused() {
    for (int machine : new int[] {0, 3, 40, 62, 183, 244, 0xFFFF}) {
      refused(img -> img.u16(E_MACHINE, machine), "not a RISC-V binary", "" + machine);
    }
  }

  @Test
  void objectsOtherThanStaticExecutablesAreRefused() {
    for (int type : new int[] {0, 1, 3, 4, 0xFE00}) { // none, REL, DYN, CORE, OS-specific
      refused(img -> img.u16(E_TYPE, type), "not a static executable", "e_type " + type);
    }
  }

  /** The manual's table: EI_VERSION and e_version must be EV_CURRENT (1). */
  @Test
  void otherElfVersionsAreRefused() {
    refused(img -> img.u8(6, 0), "version");
    refused(img -> img.u8(6, 2), "version");
    refused(img -> img.u32(E_VERSION, 0), "version");
    refused(img -> img.u32(E_VERSION, 2), "version");
  }

  @Test
  void flagsOfOtherAbisAreRefused() {
    refused(img -> img.u32(E_FLAGS, 0x1), "compressed");
    refused(img -> img.u32(E_FLAGS, 0x2), "floating-point"); // single
    refused(img -> img.u32(E_FLAGS, 0x4), "floating-point"); // double
    refused(img -> img.u32(E_FLAGS, 0x6), "floating-point"); // quad
    refused(img -> img.u32(E_FLAGS, 0x8), "RV32E");
    refused(img -> img.u32(E_FLAGS, 0x5), "compressed");
  }

  @Test
  void badProgramHeaderTablesAreRefused() {
    refused(img -> img.u16(E_PHNUM, 0), "no program headers");
    refused(img -> img.u16(E_PHNUM, 65), "65 program headers");
    refused(img -> img.u16(E_PHNUM, 0xFFFF), "program headers");
    refused(img -> img.u16(E_PHENTSIZE, 0), "program header size 0");
    refused(img -> img.u16(E_PHENTSIZE, 56), "program header size 56"); // ELF64's
    refused(img -> img.u32(E_PHOFF, img.length()), "program headers");
    refused(img -> img.u32(E_PHOFF, img.length() - 31), "program headers");
    refused(img -> img.u32(E_PHOFF, 0xFFFFFFF0), "program headers");
    refused(img -> img.u32(E_PHOFF, 0x7FFFFFFF), "program headers");
  }

  // ------------------------------------------------------------------ segments

  @Test
  void segmentBytesPastTheEndOfTheFileAreRefused() {
    refused(img -> img.phField(img.text(), P_OFFSET, img.length() - 2), "past the end");
    refused(img -> img.phField(img.data(), P_OFFSET, 0x80000000), "past the end");
    refused(img -> img.phField(img.rodata(), P_OFFSET, 0xFFFFFFFC), "past the end");
    refused(img -> {
      int d = img.data();
      img.phField(d, P_FILESZ, img.length());
      img.phField(d, P_MEMSZ, img.length());
    }, "past the end");
  }

  @Test
  void fileSizeAboveMemorySizeIsRefused() {
    refused(img -> img.phField(img.text(), P_MEMSZ, img.phField(img.text(), P_FILESZ) - 4),
        "file size larger than memory size");
    refused(img -> img.phField(img.data(), P_MEMSZ, 0), "file size larger than memory size");
  }

  @Test
  void hugeMemorySizesAreRefused() {
    refused(img -> img.phField(img.data(), P_MEMSZ, 0xFFFFFFFF), "largest guest memory");
    refused(img -> img.phField(img.data(), P_MEMSZ, 0x7FFFFFFF), "largest guest memory");
    refused(img -> img.phField(img.data(), P_VADDR, 0xFFFFF000), "largest guest memory");
    refused(img -> img.phField(img.data(), P_VADDR, 0x3FFFF000), "memory");
  }

  @Test
  void segmentsInTheNullOrVirtualRegisterPageAreRefused() {
    for (int vaddr : new int[] {0, 0x800, 0x1000, 0x1FFC}) {
      refused(img -> img.phField(img.rodata(), P_VADDR, vaddr), "below 0x2000");
    }
    refused(img -> {
      img.phField(img.text(), P_VADDR, 0);
      img.u32(E_ENTRY, 0);
    }, "below 0x2000");
  }

  /**
   * A PT_LOAD of no bytes (GNU ld emits one at address 0 for a linker script's PHDRS entry that
   * no section goes into; qemu runs such binaries) loads nothing and is ignored wherever it is.
   * Built by GNU ld in {@link GnuLdBinariesTest}; here the note's header is turned into one.
   */
  @EngineTest
  void anEmptyLoadSegmentIsIgnored(Engine e) throws LoadException {
    for (int flags : new int[] {0, Elf.PF_R | Elf.PF_X, Elf.PF_R | Elf.PF_W}) {
      ElfImage img = valid();
      int note = img.note();
      img.phField(note, P_TYPE, Elf.PT_LOAD).phField(note, P_VADDR, 0)
          .phField(note, P_OFFSET, 0).phField(note, P_FILESZ, 0).phField(note, P_MEMSZ, 0)
          .phField(note, P_FLAGS, flags);
      Guest.Run r = Guest.of(ProgramLoader.load("empty", img.bytes())).on(e).run();
      assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
      assertThat(r.exitStatus()).isEqualTo(42);
    }
    refused(img -> {
      int note = img.note();
      img.phField(note, P_TYPE, Elf.PT_LOAD).phField(note, P_VADDR, 0).phField(note, P_MEMSZ, 0);
    }, "file size larger than memory size");
  }

  /**
   * The manual ("Guest binary format"): segments lie at or above 0x2000, above the null and
   * virtual-register pages (GNU ld's first segment starts at 0xf000, below TEXT_BASE).
   */
  @Test
  void segmentsOverTheVirtualRegisterPageAreRefused() {
    refused(img -> {
      img.phField(img.text(), P_VADDR, 0x1000);
      img.u32(E_ENTRY, 0x1000);
    }, "0x00001000");
  }

  @Test
  void writableAndExecutableSegmentsAreRefused() {
    refused(img -> img.phField(img.data(), P_FLAGS, Elf.PF_R | Elf.PF_W | Elf.PF_X),
        "both writable and executable");
    refused(img -> img.phField(img.text(), P_FLAGS, Elf.PF_R | Elf.PF_W | Elf.PF_X),
        "both writable and executable");
  }

  @Test
  void overlappingSegmentsAreRefused() {
    refused(img -> img.phField(img.rodata(), P_VADDR, 0x10000), "segments overlap");
    refused(img -> img.phField(img.rodata(), P_VADDR, 0x10004), "segments overlap");
    refused(img -> img.phField(img.data(), P_VADDR, img.phField(img.rodata(), P_VADDR)),
        "segments overlap");
    refused(img -> img.phField(img.text(), P_MEMSZ, 0x1001), "segments overlap");
  }

  @Test
  void executableSegmentRulesAreEnforced() {
    refused(img -> img.phField(img.rodata(), P_FLAGS, Elf.PF_R | Elf.PF_X),
        "more than one executable segment");
    refused(img -> img.phField(img.text(), P_FLAGS, Elf.PF_R), "no executable segment");
    refused(img -> {
      for (int i = 0; i < img.phnum(); i++) {
        if (img.phField(i, P_TYPE) == Elf.PT_LOAD) {
          img.phField(i, P_TYPE, 0);
        }
      }
    }, "no loadable segment");
    refused(img -> {
      int ro = img.rodata();
      int data = img.data();
      img.phField(ro, P_FLAGS, Elf.PF_R | Elf.PF_W);
      img.phField(data, P_FLAGS, Elf.PF_R);
    }, "lies above a writable one");
    refused(img -> img.phField(img.data(), P_VADDR, img.phField(img.rodata(), P_VADDR) + 0x800),
        "shares a page with read-only data");
  }

  @Test
  void entryPointsOutsideTheTextOrMisalignedAreRefused() {
    int text = valid().phField(valid().text(), P_VADDR);
    int end = text + valid().phField(valid().text(), P_MEMSZ);
    int rodata = valid().phField(valid().rodata(), P_VADDR);
    for (int entry : new int[] {0, text - 4, end, rodata, 0x1000, -4, text + 2, text + 1}) {
      refused(img -> img.u32(E_ENTRY, entry), "entry point");
    }
  }

  @Test
  void aMisalignedTextSegmentIsRefused() {
    refused(img -> {
      img.phField(img.text(), P_VADDR, 0x10002);
      img.u32(E_ENTRY, 0x10004);
    }, "not 4-byte aligned");
  }

  @Test
  void dynamicAndThreadLocalProgramHeadersAreRefused() {
    refused(img -> img.phField(img.note(), P_TYPE, 3), "dynamic linking"); // PT_INTERP
    refused(img -> img.phField(img.note(), P_TYPE, 2), "dynamic linking"); // PT_DYNAMIC
    refused(img -> img.phField(img.note(), P_TYPE, 7), "thread-local"); // PT_TLS
  }

  @Test
  void unknownProgramHeaderTypesAreIgnored() throws LoadException {
    ElfImage img = valid();
    img.phField(img.note(), P_TYPE, 0x6474e551); // PT_GNU_STACK
    GuestProgram p = ProgramLoader.load("gnu-stack", img.bytes());
    assertThat(p.config().memory()).isEqualTo(1 << 20); // the note is gone: defaults
  }

  // ------------------------------------------------------------------ the Denali note

  private static byte[] note(String... entries) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < entries.length; i += 2) {
      m.put(entries[i], entries[i + 1]);
    }
    return GuestNote.encode(m);
  }

  @Test
  void badNoteSettingsAreRefused() {
    refused(img -> img.replaceNote(note("memory", "1")), "bad Denali note", "memory");
    refused(img -> img.replaceNote(note("memory", "abc")), "bad Denali note", "abc");
    refused(img -> img.replaceNote(note("memory", "4G")), "bad Denali note");
    refused(img -> img.replaceNote(note("memory", "2G")), "bad Denali note");
    refused(img -> img.replaceNote(note("memory", "1000001")), "bad Denali note");
    refused(img -> img.replaceNote(note("memory", "-1M")), "bad Denali note");
    refused(img -> img.replaceNote(note("memory", "256K", "stack", "1M")), "bad Denali note",
        "stack");
    refused(img -> img.replaceNote(note("memory", "256K", "stack", "193K")), "stack");
    refused(img -> img.replaceNote(note("service", "-bad name!")), "bad Denali note");
  }

  @Test
  void malformedNotesAreRefused() {
    byte[] noEquals = note("memory", "256K");
    int eq = new String(noEquals, StandardCharsets.ISO_8859_1).indexOf('=');
    noEquals[eq] = 'x';
    refused(img -> img.replaceNote(noEquals), "malformed note", "key=value");

    byte[] huge = note("memory", "256K");
    huge[4] = (byte) 0xFF; // descsz 0x...ff: past the section
    huge[7] = (byte) 0x7F;
    refused(img -> img.replaceNote(huge), "malformed note");

    refused(img -> img.phField(img.note(), P_OFFSET, img.length()), "note");
    refused(img -> img.phField(img.note(), P_FILESZ, 0x7FFFFFFF), "note");
  }

  @Test
  void aNoteWithUnknownKeysOrOtherOwnersIsFine() throws LoadException {
    ElfImage img = valid();
    img.replaceNote(note("memory", "512K", "future-key", "anything", "stack", "32K"));
    GuestProgram p = ProgramLoader.load("future", img.bytes());
    assertThat(p.config().memory()).isEqualTo(512 << 10);
    assertThat(p.config().stack()).isEqualTo(32 << 10);
    assertThat(p.settings()).containsEntry("future-key", "anything");
  }

  /** The note exactly as the manual ("The Denali note") writes it, through our assembler. */
  @Test
  void theManualsNoteExampleAssemblesAndLoads() throws LoadException {
    byte[] elf = Guest.elf("""
        .text
        .globl _start
        _start: d.exit zero
                .section .note.denali, "a", @note
                .balign 4
                .word 7, 2f - 1f, 1      # namesz, descsz, type
                .asciz "Denali"          # owner
                .balign 4
        1:      .asciz "memory=4M"
                .asciz "stack=64K"
                .asciz "service=hello"
        2:      .balign 4
        """, Map.of());
    GuestProgram p = ProgramLoader.load("hello", elf);
    assertThat(p.config().memory()).isEqualTo(4 << 20);
    assertThat(p.config().service()).isEqualTo("hello");
  }

  @Test
  void segmentsThatDoNotFitInMemoryAreRefused() {
    // 256K of memory with a 16K stack: data + bss may reach 240K at most.
    refused(img -> img.phField(img.data(), P_MEMSZ, 300 << 10), "the segments end");
    refused(img -> img.replaceNote(note("memory", "128K", "stack", "64K")), "the segments end");
    refused(img -> img.phField(img.data(), P_VADDR, 0x3F000), "the segments end");
  }

  @Test
  void filesAboveTheSizeLimitAreRefusedWithoutBeingRead() {
    byte[] big = new byte[ProgramLoader.MAX_FILE + 1];
    System.arraycopy(VALID, 0, big, 0, VALID.length);
    refused(big, "limit");
  }

  @Test
  void theLoaderNeverThrowsAnythingButLoadExceptionForTheseCases() {
    // A sweep of every 32-bit field of the ELF and program headers set to hostile values.
    int[] values = {0, 1, -1, 0x7FFFFFFF, 0x80000000, 0xFFFF, 0x10000, 0x1000, 4, 0x3FFFFFFF};
    ElfImage base = valid();
    int end = base.ph(base.phnum());
    for (int off = 0; off + 4 <= end; off += 2) {
      for (int v : values) {
        ElfImage img = valid();
        img.u32(off, v);
        loadsOrRefused(img.bytes());
      }
    }
    assertThatThrownBy(() -> ProgramLoader.load("empty", new byte[0]))
        .isInstanceOf(LoadException.class);
  }
}
