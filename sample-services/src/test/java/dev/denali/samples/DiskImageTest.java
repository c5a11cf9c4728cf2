package dev.denali.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk image format of static/README.md, as {@link DiskImage} writes it. */
class DiskImageTest {
  @TempDir
  Path tmp;

  @Test
  void layout() throws Exception {
    Path site = Files.createDirectories(tmp.resolve("site/sub"));
    Files.writeString(tmp.resolve("site/b.txt"), "x".repeat(5000));
    Files.writeString(tmp.resolve("site/a.txt"), "");
    Files.writeString(site.resolve("c.css"), "c");
    Path image = tmp.resolve("out.img");
    List<DiskImage.Entry> entries = DiskImage.build(tmp.resolve("site"), image);
    assertThat(entries).containsExactly(new DiskImage.Entry("a.txt", 1, 0),
        new DiskImage.Entry("b.txt", 1, 5000), new DiskImage.Entry("sub/c.css", 3, 1));
    byte[] bytes = Files.readAllBytes(image);
    assertThat(bytes.length).isEqualTo(4 * 4096);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("DNFS");
    assertThat(b.getInt(4)).isEqualTo(1);
    assertThat(b.getInt(8)).isEqualTo(3);
    assertThat(b.getInt(12)).isEqualTo(1);
    assertThat(new String(bytes, 128, 5, StandardCharsets.US_ASCII)).isEqualTo("b.txt");
    assertThat(bytes[133]).isZero();
    assertThat(b.getInt(128 + 56)).isEqualTo(1);
    assertThat(b.getInt(128 + 60)).isEqualTo(5000);
    assertThat(bytes[4096]).isEqualTo((byte) 'x');
    assertThat(bytes[3 * 4096]).isEqualTo((byte) 'c');
    assertThat(Arrays.copyOfRange(bytes, 4096 + 5000, 3 * 4096)).containsOnly(0);
  }

  @Test
  void directoryOf64RecordsAndMoreTakesSeveralBlocks() throws Exception {
    Path site = Files.createDirectories(tmp.resolve("site"));
    for (int i = 0; i < 64; i++) {
      Files.writeString(site.resolve("f" + i), "");
    }
    DiskImage.build(site, tmp.resolve("out.img"));
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(tmp.resolve("out.img")))
        .order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getInt(12)).isEqualTo(2);       // 65 records
    assertThat(b.capacity()).isEqualTo(2 * 4096);
  }

  @Test
  void refusesLongNames() throws Exception {
    Path site = Files.createDirectories(tmp.resolve("site"));
    Files.writeString(site.resolve("n".repeat(56)), "");
    assertThatThrownBy(() -> DiskImage.build(site, tmp.resolve("out.img")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 55");
  }

  @Test
  void emptyFolder() throws Exception {
    Path site = Files.createDirectories(tmp.resolve("site"));
    assertThat(DiskImage.build(site, tmp.resolve("out.img"))).isEmpty();
    assertThat(Files.size(tmp.resolve("out.img"))).isEqualTo(4096);
  }
}
