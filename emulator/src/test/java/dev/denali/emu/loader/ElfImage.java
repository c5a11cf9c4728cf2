package dev.denali.emu.loader;

import static dev.denali.isa.Elf.PF_R;
import static dev.denali.isa.Elf.PF_W;
import static dev.denali.isa.Elf.PF_X;
import static dev.denali.isa.Elf.PHDR_SIZE;
import static dev.denali.isa.Elf.PT_LOAD;
import static dev.denali.isa.Elf.PT_NOTE;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A mutable copy of an ELF32 file for building malformed variants: header fields, program
 * header fields by index, and a way to replace the note. Offsets follow the ELF32 layout
 * (e_entry at 24, e_phoff at 28, e_flags at 36, e_phentsize at 42, e_phnum at 44; p_type,
 * p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags, p_align at 0, 4, ..., 28).
 */
final class ElfImage {
  static final int E_TYPE = 16;
  static final int E_MACHINE = 18;
  static final int E_VERSION = 20;
  static final int E_ENTRY = 24;
  static final int E_PHOFF = 28;
  static final int E_FLAGS = 36;
  static final int E_PHENTSIZE = 42;
  static final int E_PHNUM = 44;

  static final int P_TYPE = 0;
  static final int P_OFFSET = 4;
  static final int P_VADDR = 8;
  static final int P_PADDR = 12;
  static final int P_FILESZ = 16;
  static final int P_MEMSZ = 20;
  static final int P_FLAGS = 24;

  private byte[] bytes;

  private ElfImage(byte[] bytes) {
    this.bytes = bytes.clone();
  }

  static ElfImage of(byte[] elf) {
    return new ElfImage(elf);
  }

  byte[] bytes() {
    return bytes.clone();
  }

  int length() {
    return bytes.length;
  }

  private ByteBuffer buf() {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  ElfImage u8(int offset, int value) {
    bytes[offset] = (byte) value;
    return this;
  }

  ElfImage u16(int offset, int value) {
    buf().putShort(offset, (short) value);
    return this;
  }

  ElfImage u32(int offset, int value) {
    buf().putInt(offset, value);
    return this;
  }

  int u16(int offset) {
    return buf().getShort(offset) & 0xFFFF;
  }

  int u32(int offset) {
    return buf().getInt(offset);
  }

  int phnum() {
    return u16(E_PHNUM);
  }

  /** File offset of program header {@code i}. */
  int ph(int i) {
    return u32(E_PHOFF) + i * PHDR_SIZE;
  }

  int phField(int i, int field) {
    return u32(ph(i) + field);
  }

  ElfImage phField(int i, int field, int value) {
    return u32(ph(i) + field, value);
  }

  /** The index of the first program header with this type and exactly these flags, or -1. */
  int find(int type, int flags) {
    for (int i = 0; i < phnum(); i++) {
      if (phField(i, P_TYPE) == type && (flags < 0 || phField(i, P_FLAGS) == flags)) {
        return i;
      }
    }
    return -1;
  }

  int text() {
    return require(find(PT_LOAD, PF_R | PF_X), "text");
  }

  /** The read-only data segment: R only, at or above the text (not the header page). */
  int rodata() {
    for (int i = 0; i < phnum(); i++) {
      if (phField(i, P_TYPE) == PT_LOAD && phField(i, P_FLAGS) == PF_R
          && phField(i, P_VADDR) >= phField(text(), P_VADDR)) {
        return i;
      }
    }
    throw new IllegalStateException("no rodata segment");
  }

  int data() {
    return require(find(PT_LOAD, PF_R | PF_W), "data");
  }

  int note() {
    return require(find(PT_NOTE, -1), "note");
  }

  private static int require(int index, String what) {
    if (index < 0) {
      throw new IllegalStateException("no " + what + " program header");
    }
    return index;
  }

  /** Appends {@code note} (4-aligned) to the file and points the PT_NOTE header at it. */
  ElfImage replaceNote(byte[] note) {
    int at = (bytes.length + 3) & ~3;
    bytes = Arrays.copyOf(bytes, at + note.length);
    System.arraycopy(note, 0, bytes, at, note.length);
    int n = note();
    phField(n, P_OFFSET, at);
    phField(n, P_FILESZ, note.length);
    return this;
  }

  /** The first {@code length} bytes. */
  byte[] truncated(int length) {
    return Arrays.copyOf(bytes, length);
  }
}
