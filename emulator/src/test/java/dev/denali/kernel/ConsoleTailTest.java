package dev.denali.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A VM's console tail and reading it from an offset, as {@code admin logs -f} does. */
class ConsoleTailTest {
  private static String text(ConsoleChunk c) {
    return new String(c.bytes(), StandardCharsets.UTF_8);
  }

  @Test
  void readingFromAnOffsetGivesWhatFollowsAndSaysWhatWasLost() {
    ConsoleTail tail = new ConsoleTail(8);
    assertThat(tail.since(0)).satisfies(c -> {
      assertThat(c.from()).isZero();
      assertThat(c.to()).isZero();
      assertThat(c.bytes()).isEmpty();
    });
    byte[] abc = "abcdefghij".getBytes(StandardCharsets.UTF_8);
    tail.write(1, abc, 0, 6);
    ConsoleChunk first = tail.since(0);
    assertThat(text(first)).isEqualTo("abcdef");
    assertThat(first.to()).isEqualTo(6);
    tail.write(1, abc, 6, 4);
    ConsoleChunk next = tail.since(first.to());
    assertThat(next.from()).isEqualTo(6);
    assertThat(text(next)).isEqualTo("ghij");
    // 10 bytes written, 8 kept: a reader from 0 learns that 2 were lost
    ConsoleChunk all = tail.since(0);
    assertThat(all.from()).isEqualTo(2);
    assertThat(all.to()).isEqualTo(10);
    assertThat(text(all)).isEqualTo("cdefghij").isEqualTo(tail.text());
    assertThat(tail.since(10).bytes()).isEmpty();
    assertThat(tail.since(99)).satisfies(c -> {
      assertThat(c.from()).isEqualTo(10);
      assertThat(c.bytes()).isEmpty();
    });
    tail.write(1, abc, 0, 10); // more than the tail at once: its last 8 bytes
    assertThat(text(tail.since(10))).isEqualTo("cdefghij");
    assertThat(tail.since(10).from()).isEqualTo(12);
  }
}
