package dev.denali.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The HTTP message form (isa-spec README, "HTTP messages"), byte for byte. */
class GuestMessagesTest {
  @Test
  void aRequestIsItsHeaderThenMethodTargetHostLinesAndBody() {
    FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT,
        "/k?x=1", Unpooled.copiedBuffer("value", StandardCharsets.US_ASCII));
    r.headers().set("Host", "kv").set("X-Test", "yes").set("Content-Length", "5")
        .set("Connection", "keep-alive"); // the client's connection's: not the guest's
    byte[] m = new GuestMessages(1 << 20).encode(r);
    ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.get() & 0xFF).isEqualTo(0xD1);
    assertThat(b.get()).isEqualTo((byte) 1);
    assertThat(b.getShort()).isEqualTo((short) 3);
    assertThat(b.getShort()).isEqualTo((short) 6);
    assertThat(b.getShort()).isEqualTo((short) 2);
    int lines = b.getInt();
    assertThat(b.getInt()).isEqualTo(5);
    assertThat(new String(m, 16, m.length - 16, StandardCharsets.US_ASCII))
        .isEqualTo("PUT/k?x=1kvX-Test: yes\r\nvalue");
    assertThat(lines).isEqualTo("X-Test: yes\r\n".length());
    assertThat(r.refCnt()).isZero();
  }

  @Test
  void aBodyThatFollowsItsRequestIsDeclaredWholeInTheHeadInBothForms() {
    // a streamed body (BodyStream): the head declares its length, the parts come after as is
    for (boolean messages : new boolean[] {true, false}) {
      GuestCodec codec = GuestCodec.of(messages, 1 << 20);
      FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/u",
          Unpooled.EMPTY_BUFFER);
      r.headers().set("Host", "kv").set("Content-Length", "100000");
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.writeBytes(codec.encode(r, 100_000));
      all.writeBytes(codec.encodePart("x".repeat(60_000).getBytes(StandardCharsets.US_ASCII)));
      all.writeBytes(codec.encodePart("y".repeat(40_000).getBytes(StandardCharsets.US_ASCII)));
      all.writeBytes(codec.encodeEnd());
      byte[] m = all.toByteArray();
      String text = new String(m, StandardCharsets.ISO_8859_1);
      if (messages) {
        assertThat(ByteBuffer.wrap(m, 12, 4).order(ByteOrder.LITTLE_ENDIAN).getInt())
            .isEqualTo(100_000);
        assertThat(m.length).isEqualTo(16 + "POST/ukv".length() + 100_000);
      } else {
        assertThat(text).startsWith("POST /u HTTP/1.1\r\n").contains("content-length: 100000")
            .doesNotContainIgnoringCase("chunked");
        assertThat(text.length() - text.indexOf("\r\n\r\n") - 4).isEqualTo(100_000);
      }
      assertThat(text).endsWith("x".repeat(60_000) + "y".repeat(40_000));
      codec.release();
    }
  }

  @Test
  void headerLinesKeepTheirOrderAndBytesAndAMissingHostIsEmpty() {
    FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/",
        Unpooled.EMPTY_BUFFER);
    r.headers().add("A", "1").add("Transfer-Encoding", "chunked").add("B", "caf\u00e9")
        .add("A", "2");
    byte[] m = new GuestMessages(1 << 20).encode(r);
    ByteBuffer b = ByteBuffer.wrap(m, 6, 10).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getShort()).isZero(); // no host
    String lines = "A: 1\r\nB: caf\u00e9\r\nA: 2\r\n";
    assertThat(b.getInt()).isEqualTo(lines.length());
    assertThat(b.getInt()).isZero();
    assertThat(new String(m, 16, m.length - 16, StandardCharsets.ISO_8859_1))
        .isEqualTo("GET/" + lines);
  }

  @Test
  void aResponseMayArriveInAnyPiecesAndEndsWithAnEmptyChunk() {
    byte[] whole = response(201, "text/plain", "X-A: 1\r\n", "hel", "lo");
    GuestMessages codec = new GuestMessages(1 << 20);
    FullHttpResponse r = null;
    for (int i = 0; i < whole.length; i++) {
      assertThat(r).isNull();
      r = codec.decode(whole, i, 1);
    }
    assertThat(r).isNotNull();
    assertThat(r.status().code()).isEqualTo(201);
    assertThat(r.headers().get("Content-Type")).isEqualTo("text/plain");
    assertThat(r.headers().get("X-A")).isEqualTo("1");
    assertThat(r.content().toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
    r.release();
    // the same codec takes the next response on the flow
    FullHttpResponse next = codec.decode(response(200, "", "", "x"), 0,
        response(200, "", "", "x").length);
    assertThat(next.content().toString(StandardCharsets.US_ASCII)).isEqualTo("x");
    assertThat(next.headers().contains("Content-Type")).isFalse();
    next.release();
    codec.release();
  }

  @Test
  void framingHeadersFromTheGuestAreDropped() {
    byte[] m = response(200, "", "Content-Length: 99\r\nConnection: close\r\n", "ok");
    FullHttpResponse r = new GuestMessages(1 << 20).decode(m, 0, m.length);
    assertThat(r.headers().contains("Content-Length")).isFalse();
    assertThat(r.headers().contains("Connection")).isFalse();
    r.release();
  }

  @Test
  void headerLinesEndInCrLfOrLfAndKeepColonsInTheirValues() {
    byte[] m = response(200, "", "X-A: 1\nLocation: http://h:8/p\r\n\r\nX-B:two  \nX-A: 3",
        "ok");
    FullHttpResponse r = new GuestMessages(1 << 20).decode(m, 0, m.length);
    assertThat(r.headers().getAll("X-A")).containsExactly("1", "3");
    assertThat(r.headers().get("Location")).isEqualTo("http://h:8/p");
    assertThat(r.headers().get("X-B")).isEqualTo("two");
    r.release();
    byte[] colonInNextLine = response(200, "", "no colon\nX-C: 1\r\n", "");
    assertThatThrownBy(() -> new GuestMessages(100).decode(colonInNextLine, 0,
        colonInNextLine.length)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void malformedOrOversizedAnswersAreRefused() {
    byte[] text = "HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> new GuestMessages(100).decode(text, 0, text.length))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] status = response(99, "", "", "");
    assertThatThrownBy(() -> new GuestMessages(100).decode(status, 0, status.length))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] big = response(200, "", "", "x".repeat(101));
    assertThatThrownBy(() -> new GuestMessages(100).decode(big, 0, big.length))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] badLine = response(200, "", "no colon here\r\n", "");
    assertThatThrownBy(() -> new GuestMessages(100).decode(badLine, 0, badLine.length))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] extra = ByteBuffer.allocate(response(200, "", "", "").length + 1).put(
        response(200, "", "", "")).put((byte) 7).array();
    assertThatThrownBy(() -> new GuestMessages(100).decode(extra, 0, extra.length))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A response message with one chunk per body part (an empty part adds no chunk). */
  static byte[] response(int status, String type, String lines, String... body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    h.put((byte) 0xD1).put((byte) 1).putShort((short) status).putShort((short) type.length())
        .putShort((short) lines.length());
    out.writeBytes(h.array());
    out.writeBytes(type.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(lines.getBytes(StandardCharsets.US_ASCII));
    for (String part : body) {
      if (!part.isEmpty()) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(part.length()).array());
        out.writeBytes(part.getBytes(StandardCharsets.US_ASCII));
      }
    }
    out.writeBytes(new byte[4]);
    return out.toByteArray();
  }
}
