package dev.denali.isa;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Denali settings note of a guest binary (manual, "Guest binary format"): an ELF note in a
 * section named {@value #SECTION}, owner {@value #OWNER}, type {@value #TYPE}, whose descriptor is
 * a sequence of NUL-terminated {@code key=value} UTF-8 strings. Unknown keys are kept and ignored,
 * so older kernels run newer binaries.
 */
public final class GuestNote {
  private GuestNote() {}

  public static final String SECTION = ".note.denali";
  public static final String OWNER = "Denali";
  public static final int TYPE = 1;

  /** Encodes {@code settings} as the bytes of one ELF note (header, owner, descriptor, padding). */
  public static byte[] encode(Map<String, String> settings) {
    ByteArrayOutputStream desc = new ByteArrayOutputStream();
    for (Map.Entry<String, String> e : settings.entrySet()) {
      byte[] kv = (e.getKey() + "=" + e.getValue()).getBytes(StandardCharsets.UTF_8);
      desc.write(kv, 0, kv.length);
      desc.write(0);
    }
    byte[] owner = (OWNER + "\0").getBytes(StandardCharsets.US_ASCII);
    byte[] d = desc.toByteArray();
    ByteBuffer buf =
        ByteBuffer.allocate(12 + align4(owner.length) + align4(d.length))
            .order(ByteOrder.LITTLE_ENDIAN);
    buf.putInt(owner.length).putInt(d.length).putInt(TYPE);
    buf.put(owner).position(12 + align4(owner.length));
    buf.put(d);
    return buf.array();
  }

  /**
   * Finds the Denali note among the notes in {@code notes} (the bytes of a note section or
   * PT_NOTE segment) and returns its settings, in order.
   *
   * @throws IllegalArgumentException with a message naming what is malformed
   */
  public static Map<String, String> decode(byte[] notes) {
    ByteBuffer buf = ByteBuffer.wrap(notes).order(ByteOrder.LITTLE_ENDIAN);
    Map<String, String> settings = new LinkedHashMap<>();
    while (buf.remaining() >= 12) {
      long namesz = Integer.toUnsignedLong(buf.getInt());
      long descsz = Integer.toUnsignedLong(buf.getInt());
      int type = buf.getInt();
      if (align4(namesz) + align4(descsz) > buf.remaining()) {
        throw new IllegalArgumentException("note extends past the end of its section");
      }
      byte[] name = new byte[(int) namesz];
      buf.get(name);
      buf.position(buf.position() + (int) (align4(namesz) - namesz));
      byte[] desc = new byte[(int) descsz];
      buf.get(desc);
      buf.position(buf.position() + (int) (align4(descsz) - descsz));
      String owner = new String(name, StandardCharsets.US_ASCII).replace("\0", "");
      if (owner.equals(OWNER) && type == TYPE) {
        parseDescriptor(desc, settings);
      }
    }
    return settings;
  }

  private static void parseDescriptor(byte[] desc, Map<String, String> into) {
    int start = 0;
    for (int i = 0; i <= desc.length; i++) {
      if (i == desc.length || desc[i] == 0) {
        if (i > start) {
          String kv = new String(desc, start, i - start, StandardCharsets.UTF_8);
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("Denali note entry '" + kv + "' is not key=value");
          }
          into.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        start = i + 1;
      }
    }
  }

  private static int align4(int n) {
    return (n + 3) & ~3;
  }

  private static long align4(long n) {
    return (n + 3) & ~3L;
  }
}
