package dev.denali.asm;

import dev.denali.asm.elf.ElfFormatException;
import dev.denali.asm.elf.ElfReader;
import dev.denali.isa.Decoder;
import dev.denali.isa.Instruction;
import dev.denali.isa.Opcode;
import dev.denali.isa.Printer;
import dev.denali.isa.Syntax;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Disassembles a guest ELF. Two forms: a listing in the style of GNU objdump (address, word,
 * instruction, labels from the symbol table), and assembly source that the assembler turns back
 * into the same bytes ({@code --source}): every branch target gets a label, words that are not
 * instructions become {@code .word}, data sections become {@code .byte} lines.
 */
public final class Disassembler {
  private Disassembler() {}

  /** The objdump-style listing of {@code elf}. */
  public static String listing(byte[] elf, String fileName) throws ElfFormatException {
    LinkedImage image = ElfReader.read(elf);
    Map<Integer, String> names = symbolNames(image);
    StringBuilder sb = new StringBuilder();
    sb.append(fileName).append(": Denali guest binary, entry ")
        .append(hex(image.entry()));
    String entryName = names.get(image.entry());
    if (entryName != null) {
      sb.append(" <").append(entryName).append('>');
    }
    if (!image.settings().isEmpty()) {
      sb.append(", settings ").append(image.settings());
    }
    sb.append('\n');
    Printer printer = new Printer(true, a -> {
      String n = names.get(a);
      return n == null ? null : hex(a) + " <" + n + ">";
    });
    for (LinkedImage.Section s : image.sections()) {
      sb.append("\nsection ").append(s.kind().sectionName()).append(" at ")
          .append(hex(s.address())).append(", ").append(s.size()).append(" bytes\n");
      if (s.kind() == LinkedImage.Kind.BSS) {
        continue;
      }
      byte[] b = s.bytes();
      if (s.kind() == LinkedImage.Kind.TEXT) {
        for (int off = 0; off < b.length; off += 4) {
          int addr = s.address() + off;
          String label = names.get(addr);
          if (label != null) {
            sb.append('\n').append(String.format("%08x <%s>:%n", addr, label));
          }
          if (off + 4 > b.length) {
            sb.append(String.format("%8x:  %s%n", addr, bytesHex(b, off, b.length)));
            break;
          }
          int word = word(b, off);
          Instruction insn = Decoder.decode(word);
          sb.append(String.format("%8x:  %08x   %s%n", addr, word,
              insn == null ? ".word " + hex(word) + "  # not an instruction"
                  : printer.print(insn, addr)));
        }
      } else {
        for (int off = 0; off < b.length; off += 16) {
          int addr = s.address() + off;
          String label = names.get(addr);
          if (label != null) {
            sb.append(String.format("%08x <%s>:%n", addr, label));
          }
          sb.append(String.format("%8x:  %-48s %s%n", addr,
              bytesHex(b, off, Math.min(b.length, off + 16)),
              ascii(b, off, Math.min(b.length, off + 16))));
        }
      }
    }
    return sb.toString();
  }

  /** Assembly source for {@code elf} that reassembles to the same section bytes. */
  public static String source(byte[] elf, String fileName) throws ElfFormatException {
    LinkedImage image = ElfReader.read(elf);
    Map<Integer, String> names = symbolNames(image);
    Map<Integer, String> labels = new TreeMap<>(names);
    LinkedImage.Section text = image.section(LinkedImage.Kind.TEXT);
    if (text != null) {
      byte[] b = text.bytes();
      for (int off = 0; off + 4 <= b.length; off += 4) {
        Instruction insn = Decoder.decode(word(b, off));
        if (insn != null && isPcRelative(insn)) {
          int target = text.address() + off + insn.imm();
          if (text.contains(target) && (target - text.address()) % 4 == 0) {
            labels.putIfAbsent(target, String.format(".L%x", target));
          }
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("# disassembled by denali from ").append(fileName).append('\n');
    for (LinkedImage.Symbol s : image.symbols()) {
      if (s.global()) {
        sb.append(".globl ").append(s.name()).append('\n');
      }
    }
    Set<Integer> placed = new HashSet<>();
    for (LinkedImage.Section s : image.sections()) {
      sb.append('\n').append(s.kind().sectionName()).append('\n');
      if (s.kind() == LinkedImage.Kind.BSS) {
        sourceBss(s, labels, placed, sb);
      } else if (s.kind() == LinkedImage.Kind.TEXT) {
        sourceText(s, labels, placed, sb);
      } else {
        sourceData(s, labels, placed, sb);
      }
      // a symbol just past the section's last byte (msg_end after a message, _end after bss),
      // unless another section starts there, where it is defined
      int end = s.address() + s.size();
      if (image.sections().stream().noneMatch(o -> o.address() == end && o.size() > 0)) {
        label(labels, placed, end, sb);
      }
    }
    if (!image.settings().isEmpty()) {
      byte[] note = dev.denali.isa.GuestNote.encode(image.settings());
      sb.append("\n.section ").append(dev.denali.isa.GuestNote.SECTION).append('\n');
      sb.append("    .byte ").append(byteList(note, 0, note.length)).append('\n');
    }
    return sb.toString();
  }

  private static void sourceText(LinkedImage.Section s, Map<Integer, String> labels,
      Set<Integer> placed, StringBuilder sb) {
    Printer printer = new Printer(true, labels::get);
    byte[] b = s.bytes();
    int off = 0;
    for (; off + 4 <= b.length; off += 4) {
      int addr = s.address() + off;
      label(labels, placed, addr, sb);
      int word = word(b, off);
      Instruction insn = Decoder.decode(word);
      boolean printable = insn != null && (!isPcRelative(insn)
          || labels.containsKey(addr + insn.imm()));
      sb.append("    ").append(printable ? printer.print(insn, addr) : ".word " + hex(word))
          .append('\n');
    }
    if (off < b.length) {
      label(labels, placed, s.address() + off, sb);
      sb.append("    .byte ").append(byteList(b, off, b.length)).append('\n');
    }
  }

  private static void sourceData(LinkedImage.Section s, Map<Integer, String> labels,
      Set<Integer> placed, StringBuilder sb) {
    byte[] b = s.bytes();
    int off = 0;
    while (off < b.length) {
      int addr = s.address() + off;
      label(labels, placed, addr, sb);
      int end = Math.min(b.length, off + 16);
      for (int k = off + 1; k < end; k++) {
        if (labels.containsKey(s.address() + k)) {
          end = k;
          break;
        }
      }
      sb.append("    .byte ").append(byteList(b, off, end)).append('\n');
      off = end;
    }
  }

  private static void sourceBss(LinkedImage.Section s, Map<Integer, String> labels,
      Set<Integer> placed, StringBuilder sb) {
    int off = 0;
    while (off < s.size()) {
      label(labels, placed, s.address() + off, sb);
      int end = s.size();
      for (Integer a : labels.keySet()) {
        if (a > s.address() + off && a < s.address() + s.size()) {
          end = Math.min(end, a - s.address());
        }
      }
      sb.append("    .space ").append(end - off).append('\n');
      off = end;
    }
  }

  /** Defines the label at {@code addr}, if there is one and it is not defined yet. */
  private static void label(Map<Integer, String> labels, Set<Integer> placed, int addr,
      StringBuilder sb) {
    String l = labels.get(addr);
    if (l != null && placed.add(addr)) {
      sb.append(l).append(":\n");
    }
  }

  private static boolean isPcRelative(Instruction insn) {
    Syntax s = insn.op().syntax();
    return s == Syntax.RS1_RS2_BRANCH || insn.op() == Opcode.JAL;
  }

  /** One name per address: a global symbol before a local one, the first otherwise. */
  private static Map<Integer, String> symbolNames(LinkedImage image) {
    Map<Integer, String> names = new HashMap<>();
    for (LinkedImage.Symbol s : image.symbols()) {
      if (s.global()) {
        names.putIfAbsent(s.address(), s.name());
      }
    }
    for (LinkedImage.Symbol s : image.symbols()) {
      names.putIfAbsent(s.address(), s.name());
    }
    return names;
  }

  private static int word(byte[] b, int off) {
    return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16
        | (b[off + 3] & 0xFF) << 24;
  }

  private static String hex(int v) {
    return "0x" + Integer.toHexString(v);
  }

  private static String bytesHex(byte[] b, int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      sb.append(String.format("%02x", b[i] & 0xFF));
      if (i + 1 < to) {
        sb.append(' ');
      }
    }
    return sb.toString();
  }

  private static String byteList(byte[] b, int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      sb.append(String.format("0x%02x", b[i] & 0xFF));
      if (i + 1 < to) {
        sb.append(", ");
      }
    }
    return sb.toString();
  }

  private static String ascii(byte[] b, int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      char c = (char) (b[i] & 0xFF);
      sb.append(c >= 32 && c < 127 ? c : '.');
    }
    return sb.toString();
  }
}
