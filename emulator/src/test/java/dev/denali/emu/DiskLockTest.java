package dev.denali.emu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A disk image is open in one VM at a time, in this process or across processes. */
class DiskLockTest {
  @TempDir Path dir;

  private Path image() throws IOException {
    Path image = dir.resolve("disk.img");
    Files.write(image, new byte[2 * Disk.BLOCK]);
    return image;
  }

  @Test
  void aSecondOpenInThisProcessIsRefusedUntilTheFirstCloses() throws IOException {
    Path image = image();
    try (Disk first = Disk.open(image)) {
      assertThat(first.blocks()).isEqualTo(2);
      assertThatThrownBy(() -> Disk.open(image)).isInstanceOf(IOException.class)
          .hasMessageContaining("is in use by another VM");
    }
    try (Disk again = Disk.open(image)) {
      assertThat(again.blocks()).isEqualTo(2);
    }
  }

  @Test
  void anImageAnotherProcessHoldsIsRefused() throws Exception {
    Path image = image();
    Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"), Holder.class.getName(),
        image.toString()).redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
          StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("holding");
      assertThatThrownBy(() -> Disk.open(image)).isInstanceOf(IOException.class)
          .hasMessageContaining("is in use by another VM");
    } finally {
      holder.getOutputStream().close(); // the holder exits when its stdin ends
      holder.waitFor();
    }
    try (Disk mine = Disk.open(image)) {
      assertThat(mine.blocks()).isEqualTo(2);
    }
  }

  /** Opens the image named by its argument and holds it until standard input ends. */
  public static final class Holder {
    public static void main(String[] args) throws IOException {
      try (Disk d = Disk.open(Path.of(args[0]))) {
        System.out.println("holding");
        System.out.flush();
        while (System.in.read() >= 0) {
          // wait
        }
      }
    }
  }
}
