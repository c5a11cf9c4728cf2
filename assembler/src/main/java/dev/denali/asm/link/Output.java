package dev.denali.asm.link;

import java.util.Arrays;

/** The bytes one statement produces (kept only in the final pass; counted in every pass). */
final class Output {
  private final boolean keep;
  private byte[] buf;
  private int count;

  Output(boolean keep) {
    this.keep = keep;
    this.buf = keep ? new byte[8] : null;
  }

  void byte1(long v) {
    if (keep) {
      if (count == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      buf[count] = (byte) v;
    }
    count++;
  }

  void le(long v, int size) {
    for (int i = 0; i < size; i++) {
      byte1(v >>> (8 * i));
    }
  }

  void word(int w) {
    le(w, 4);
  }

  void fill(int n, int value) {
    if (!keep) {
      count += n;
      return;
    }
    for (int i = 0; i < n; i++) {
      byte1(value);
    }
  }

  int count() {
    return count;
  }

  /** The bytes produced (final pass only). */
  byte[] bytes() {
    return keep ? Arrays.copyOf(buf, count) : new byte[0];
  }

  void writeTo(java.io.ByteArrayOutputStream sink) {
    if (keep) {
      sink.write(buf, 0, count);
    }
  }
}
