package dev.denali.emu.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.asm.testing.GnuToolchain;
import dev.denali.emu.Engine;
import dev.denali.emu.GuestProgram;
import dev.denali.emu.LoadException;
import dev.denali.emu.ProgramLoader;
import dev.denali.emu.Runner;
import dev.denali.emu.semantics.EngineTest;
import dev.denali.emu.semantics.Guest;
import dev.denali.isa.Elf;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Binaries linked by GNU ld load and run (ISA manual, "Guest binary format": binaries from
 * GNU as and ld run unchanged). GNU ld lays them out differently from the Denali assembler:
 * one R+X segment from the ELF header page through .text and .rodata, an unaligned data
 * segment, and a PT_RISCV_ATTRIBUTES header. Built with {@link GnuToolchain} (riscv64 binutils);
 * skipped without it, except in CI. More GNU-built guests run in the corpus ({@code
 * GuestCorpusTest}).
 */
class GnuLdBinariesTest {
  /** Denali instructions written with GNU as's .insn, and the settings note from the manual. */
  private static final String SOURCE = """
              .text
              .globl _start
      _start:
              li a0, 1
              la a1, msg
              li a2, 3
              li a7, 64
              ecall
              li t0, 0x1000
              lw s0, 8(t0)                 # MEMORY_SIZE from the note
              la t0, counter
              lw t1, 0(t0)
              la t2, zeros
              lw t3, 32(t2)
              add a0, t1, t3
              la a1, msg
              li a2, 3
              .insn r CUSTOM_0, 1, 0, s1, a1, a2    # d.console.write s1, a1, a2
              .insn r CUSTOM_0, 0, 0, x0, a0, x0    # d.exit a0
              .section .rodata
      msg:    .ascii "ok\\n"
              .data
      counter: .word 42
              .bss
      zeros:  .zero 64
      """;

  private static final String NOTE = """
              .section .note.denali, "a", @note
              .balign 4
              .word 7, 2f - 1f, 1
              .asciz "Denali"
              .balign 4
      1:      .asciz "memory=256K"
              .asciz "stack=16K"
              .asciz "service=gnu-built"
      2:      .balign 4
      """;

  private static byte[] link(String source) throws IOException {
    GnuToolchain.require();
    try (GnuToolchain.Build b = GnuToolchain.build("gnu.s", source)) {
      return Files.readAllBytes(b.elf());
    }
  }

  @EngineTest
  void aGnuLinkedBinaryWithTheNoteRuns(Engine e) throws IOException, LoadException {
    GuestProgram p = ProgramLoader.load("gnu", link(SOURCE + NOTE));
    assertThat(p.config().memory()).isEqualTo(256 << 10);
    assertThat(p.config().stack()).isEqualTo(16 << 10);
    assertThat(p.config().service()).isEqualTo("gnu-built");
    assertThat(p.entry()).isEqualTo(GnuToolchain.TEXT_ADDRESS);
    Guest.Run r = Guest.of(p).on(e).run();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
    assertThat(r.exitStatus()).isEqualTo(42);
    assertThat(r.stdout()).isEqualTo("ok\nok\n");
    assertThat(r.reg("s0")).isEqualTo(256 << 10);
    assertThat(r.reg("s1")).isEqualTo(3);
    assertThat(r.reg("sp")).isEqualTo(256 << 10);
  }

  @EngineTest
  void aGnuLinkedBinaryWithoutANoteGetsTheDefaults(Engine e) throws IOException, LoadException {
    GuestProgram p = ProgramLoader.load("plain", link(SOURCE));
    assertThat(p.config().memory()).isEqualTo(1 << 20);
    Guest.Run r = Guest.of(p).on(e).run();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
    assertThat(r.exitStatus()).isEqualTo(42);
    assertThat(r.reg("s0")).isEqualTo(1 << 20);
  }

  @EngineTest
  void aGnuLinkedBinaryFaultsLikeOurs(Engine e) throws IOException, LoadException {
    GuestProgram p = ProgramLoader.load("store", link("""
            .text
            .globl _start
        _start:
            la t0, _start
            sw zero, 0(t0)
        """));
    Guest.Run r = Guest.of(p).on(e).run();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.FAULTED);
    assertThat(r.result.fault().cause().name()).isEqualTo("STORE_READ_ONLY");
    assertThat(r.result.fault().pc()).isEqualTo(GnuToolchain.TEXT_ADDRESS + 8);
  }

  /**
   * A linker script with a program header that no section goes into: GNU ld keeps it as a
   * PT_LOAD of no bytes at address 0, and qemu runs such a binary.
   */
  private static final String SCRIPT_WITH_AN_EMPTY_PHDR = """
      PHDRS
      {
        unused PT_LOAD;
        text PT_LOAD;
        data PT_LOAD;
      }
      ENTRY(_start)
      SECTIONS
      {
        . = 0x10000;
        .text : { *(.text) } :text
        .rodata : { *(.rodata) } :text
        . = ALIGN(0x1000);
        .data : { *(.data) } :data
        .bss : { *(.bss) } :data
      }
      """;

  @EngineTest
  void anEmptyLoadSegmentFromALinkerScriptIsIgnored(Engine e) throws IOException,
      LoadException {
    GnuToolchain.require();
    byte[] elf;
    try (GnuToolchain.Build b =
        GnuToolchain.buildWithLinkerScript("empty.s", SOURCE, SCRIPT_WITH_AN_EMPTY_PHDR)) {
      elf = Files.readAllBytes(b.elf());
    }
    ElfImage img = ElfImage.of(elf);
    int empty = -1;
    for (int i = 0; i < img.phnum(); i++) {
      if (img.phField(i, ElfImage.P_TYPE) == Elf.PT_LOAD
          && img.phField(i, ElfImage.P_MEMSZ) == 0 && img.phField(i, ElfImage.P_FILESZ) == 0) {
        empty = i;
      }
    }
    assertThat(empty).as("GNU ld emits the empty program header as a PT_LOAD").isNotNegative();
    assertThat(img.phField(empty, ElfImage.P_VADDR)).isZero();

    GuestProgram p = ProgramLoader.load("empty-phdr", elf);
    Guest.Run r = Guest.of(p).on(e).run();
    assertThat(r.outcome()).as(r::describe).isEqualTo(Runner.Outcome.EXITED);
    assertThat(r.exitStatus()).isEqualTo(42);
    assertThat(r.stdout()).isEqualTo("ok\nok\n");
  }

  @Test
  void truncatedGnuBinariesAreRefusedCleanly() throws IOException {
    byte[] elf = link(SOURCE + NOTE);
    for (int n = 0; n < elf.length; n += 13) {
      LoaderTest.loadsOrRefused(ElfImage.of(elf).truncated(n));
    }
  }
}
