package dev.denali.isa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuestNoteTest {

  /**
   * The .note.denali section GNU as (2.40) produced from the directives the manual shows, with
   * memory=4M, stack=64K, service=hello (copied from objcopy -O binary --only-section output).
   */
  private static final byte[] GNU_NOTE = bytes(
      0x07, 0x00, 0x00, 0x00, 0x22, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
      0x44, 0x65, 0x6e, 0x61, 0x6c, 0x69, 0x00, 0x00, 0x6d, 0x65, 0x6d, 0x6f,
      0x72, 0x79, 0x3d, 0x34, 0x4d, 0x00, 0x73, 0x74, 0x61, 0x63, 0x6b, 0x3d,
      0x36, 0x34, 0x4b, 0x00, 0x73, 0x65, 0x72, 0x76, 0x69, 0x63, 0x65, 0x3d,
      0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x00, 0x00, 0x00);

  private static Map<String, String> sample() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("memory", "4M");
    m.put("stack", "64K");
    m.put("service", "hello");
    return m;
  }

  @Test
  void encodesLikeGnuAs() {
    assertThat(GuestNote.encode(sample())).isEqualTo(GNU_NOTE);
  }

  @Test
  void decodesGnuAsOutput() {
    assertThat(GuestNote.decode(GNU_NOTE)).containsExactlyEntriesOf(sample());
    GuestConfig c = GuestConfig.from(GuestNote.decode(GNU_NOTE));
    assertThat(c).isEqualTo(new GuestConfig(4 << 20, 64 << 10, "hello"));
  }

  @Test
  void roundTrips() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("memory", "0x200000");
    m.put("x-future-key", "ünïcode=value with = signs");
    m.put("empty", "");
    m.put("a", "b");
    byte[] note = GuestNote.encode(m);
    assertThat(note.length % 4).isZero();
    assertThat(GuestNote.decode(note)).containsExactlyEntriesOf(m);
    assertThat(GuestNote.decode(GuestNote.encode(Map.of()))).isEmpty();
  }

  @Test
  void skipsOtherNotesAndFindsTheDenaliOne() {
    byte[] gnu = note("GNU", 3, new byte[] {1, 2, 3, 4, 5});
    byte[] wrongType = note("Denali", 2, "memory=8M\0".getBytes(StandardCharsets.UTF_8));
    byte[] all = concat(gnu, wrongType, GNU_NOTE);
    assertThat(GuestNote.decode(all)).containsExactlyEntriesOf(sample());
    assertThat(GuestNote.decode(concat(gnu, wrongType))).isEmpty();
    assertThat(GuestNote.decode(new byte[0])).isEmpty();
  }

  @Test
  void descriptorWithoutFinalNulIsAccepted() {
    byte[] n = note("Denali", 1, "memory=4M".getBytes(StandardCharsets.UTF_8));
    assertThat(GuestNote.decode(n)).containsExactly(Map.entry("memory", "4M"));
  }

  @Test
  void malformedNotesAreRejected() {
    // Truncated: the header promises more bytes than there are.
    byte[] truncated = java.util.Arrays.copyOf(GNU_NOTE, GNU_NOTE.length - 8);
    assertThatThrownBy(() -> GuestNote.decode(truncated))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("past the end");
    // Huge sizes must not overflow into a small allocation.
    byte[] huge = header(0xFFFF_FFFF, 0xFFFF_FFFF, 1);
    assertThatThrownBy(() -> GuestNote.decode(huge)).isInstanceOf(IllegalArgumentException.class);
    byte[] hugeDesc = concat(header(7, 0x7FFF_FFFF, 1), "Denali\0\0".getBytes());
    assertThatThrownBy(() -> GuestNote.decode(hugeDesc))
        .isInstanceOf(IllegalArgumentException.class);
    // Entries that are not key=value.
    for (String bad : new String[] {"memory\0", "=4M\0", "memory=4M\0junk\0"}) {
      byte[] n = note("Denali", 1, bad.getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> GuestNote.decode(n)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key=value");
    }
  }

  @Test
  void configDefaults() {
    GuestConfig d = GuestConfig.defaults();
    assertThat(d.memory()).isEqualTo(1 << 20).isEqualTo(MemoryMap.DEFAULT_MEMORY);
    assertThat(d.stack()).isEqualTo(64 << 10).isEqualTo(MemoryMap.DEFAULT_STACK);
    assertThat(d.service()).isNull();
    assertThat(GuestConfig.from(Map.of())).isEqualTo(d);
    assertThat(GuestConfig.from(Map.of("unknown", "whatever"))).isEqualTo(d);
  }

  @Test
  void configLimits() {
    assertThat(GuestConfig.from(Map.of("memory", "128K")).memory()).isEqualTo(128 << 10);
    assertThat(GuestConfig.from(Map.of("memory", "1G")).memory()).isEqualTo(1 << 30);
    assertThatThrownBy(() -> GuestConfig.from(Map.of("memory", "127K")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memory");
    assertThatThrownBy(() -> GuestConfig.from(Map.of("memory", "1025M")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(GuestConfig.from(Map.of("memory", "128K", "stack", "64K")).stack())
        .isEqualTo(64 << 10);
    assertThatThrownBy(() -> GuestConfig.from(Map.of("memory", "128K", "stack", "65K")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stack");
    assertThat(GuestConfig.from(Map.of("stack", "0")).stack()).isZero();
  }

  @Test
  void parseSize() {
    assertThat(GuestConfig.parseSize("m", "64K")).isEqualTo(65536);
    assertThat(GuestConfig.parseSize("m", "64k")).isEqualTo(65536);
    assertThat(GuestConfig.parseSize("m", "64KiB")).isEqualTo(65536);
    assertThat(GuestConfig.parseSize("m", "64KB")).isEqualTo(65536);
    assertThat(GuestConfig.parseSize("m", "4M")).isEqualTo(4 << 20);
    assertThat(GuestConfig.parseSize("m", "1G")).isEqualTo(1 << 30);
    assertThat(GuestConfig.parseSize("m", "65536")).isEqualTo(65536);
    assertThat(GuestConfig.parseSize("m", " 4096 ")).isEqualTo(4096);
    assertThat(GuestConfig.parseSize("m", "0x1000")).isEqualTo(4096);
    assertThat(GuestConfig.parseSize("m", "0X1B")).isEqualTo(27);
    assertThat(GuestConfig.parseSize("m", "0x10K")).isEqualTo(16 << 10);
    assertThat(GuestConfig.parseSize("m", "2147483647")).isEqualTo(Integer.MAX_VALUE);
    for (String bad : new String[] {"", "K", "abc", "4X", "1.5M", "0x", "--1", "4 M", "-0x10"}) {
      assertThatThrownBy(() -> GuestConfig.parseSize("memory", bad)).as("'%s'", bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memory");
    }
    for (String big : new String[] {"2G", "2048M", "2147483648", "-1", "0x-10",
        "17179869184G", "9223372036854775807K", "99999999999999999999"}) {
      assertThatThrownBy(() -> GuestConfig.parseSize("stack", big)).as("'%s'", big)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stack");
    }
  }

  @Test
  void serviceNames() {
    for (String ok : new String[] {"hello", "a", "web-1.example_2", "0abc",
        "x".repeat(63)}) {
      assertThat(GuestConfig.from(Map.of("service", ok)).service()).isEqualTo(ok);
    }
    for (String bad : new String[] {"", "-x", ".hidden", "_x", "has space", "a/b", "ünï",
        "x".repeat(64), "a\0b"}) {
      assertThatThrownBy(() -> GuestConfig.from(Map.of("service", bad))).as("'%s'", bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("service");
    }
  }

  // ------------------------------------------------------------------------------------------

  private static byte[] note(String owner, int type, byte[] desc) {
    byte[] name = (owner + "\0").getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(12 + pad(name.length) + pad(desc.length))
        .order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(name.length).putInt(desc.length).putInt(type);
    b.put(name).position(12 + pad(name.length));
    b.put(desc);
    return b.array();
  }

  private static byte[] header(int namesz, int descsz, int type) {
    return ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(namesz).putInt(descsz).putInt(type).array();
  }

  private static int pad(int n) {
    return (n + 3) & ~3;
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    ByteBuffer b = ByteBuffer.allocate(n);
    for (byte[] p : parts) {
      b.put(p);
    }
    return b.array();
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }
}
