package dev.denali.asm.link;

import dev.denali.asm.SourceLocation;
import java.util.List;

/** The listing: address, encoding and source side by side, one row per statement. */
public final class Listing {
  private Listing() {}

  /** One statement's place and bytes; {@code code} when the bytes are instruction words. */
  record Row(long address, byte[] bytes, boolean code, SourceLocation at) {}

  static String render(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%-8s  %-26s %5s  %s%n", "address", "encoding", "line", "source"));
    int i = 0;
    while (i < rows.size()) {
      // merge the rows of one source line (labels, then its statement)
      Row first = rows.get(i);
      String key = first.at().file() + ":" + first.at().line();
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      boolean code = false;
      int j = i;
      while (j < rows.size()) {
        Row r = rows.get(j);
        if (!(r.at().file() + ":" + r.at().line()).equals(key)) {
          break;
        }
        if (r.bytes().length > 0 && bytes.size() > 0 && r.code() != code) {
          break;
        }
        bytes.write(r.bytes(), 0, r.bytes().length);
        code |= r.code();
        j++;
        if (r.bytes().length > 0 && j < rows.size() && rows.get(j).bytes().length > 0) {
          break; // one statement per row when a line expands to several (macros)
        }
      }
      String src = first.at().sourceLine() == null ? "" : first.at().sourceLine().stripTrailing();
      String text = String.format("%5d  %s", first.at().line(), src);
      List<String> parts = encode(new Row(first.address(), bytes.toByteArray(), code,
          first.at()));
      if (parts.isEmpty()) {
        sb.append(String.format("%08x  %-26s %s%n", first.address(), "", text));
      }
      long addr = first.address();
      for (int k = 0; k < parts.size(); k++) {
        sb.append(String.format("%08x  %-26s %s%n", addr, parts.get(k), k == 0 ? text : ""));
        addr += code ? 4 : 8;
      }
      i = j;
    }
    return sb.toString();
  }

  /** Instruction words as 8 hex digits each; data as up to 8 bytes per row. */
  private static List<String> encode(Row r) {
    byte[] b = r.bytes();
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    if (r.code() && b.length % 4 == 0) {
      for (int i = 0; i < b.length; i += 4) {
        int w = (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16
            | (b[i + 3] & 0xFF) << 24;
        out.add(String.format("%08x", w));
      }
      return out;
    }
    for (int i = 0; i < b.length; i += 8) {
      StringBuilder sb = new StringBuilder();
      for (int k = i; k < Math.min(b.length, i + 8); k++) {
        sb.append(String.format("%02x", b[k] & 0xFF));
        if (k + 1 < Math.min(b.length, i + 8)) {
          sb.append(' ');
        }
      }
      out.add(sb.toString());
      if (out.size() >= 4 && i + 8 < b.length) {
        out.add("... (" + b.length + " bytes)");
        break;
      }
    }
    return out;
  }
}
