package dev.denali.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * HTTP messages (isa-spec README, "HTTP messages"): the compact form in which a guest whose
 * note says {@code http=message} gets requests and answers them, so that it parses no HTTP.
 * A request is a 16-byte header (magic, version, the lengths of method, target, host, header
 * lines and body) and those five fields; a response is an 8-byte header (magic, version,
 * status, the lengths of its content type and of its other header lines), those two, and the
 * body as chunks of a 4-byte length and its bytes, ended by an empty chunk. Integers are little-endian; header
 * lines are {@code Name: value} ending in CRLF.
 */
final class GuestMessages extends GuestCodec {
  /** The first byte of every message: no HTTP request or response starts with it. */
  static final int MAGIC = 0xD1;
  static final int VERSION = 1;
  static final int REQUEST_HEADER = 16;
  static final int RESPONSE_HEADER = 8;
  /** The most bytes of header lines a response may have. */
  static final int MAX_RESPONSE_HEADERS = 16 * 1024;

  private final int maxBody;
  private ByteBuf in = Unpooled.buffer(256);
  private int status = -1;
  private HttpHeaders headers;
  private ByteBuf body;

  GuestMessages(int maxBody) {
    this.maxBody = maxBody;
  }

  @Override
  byte[] encode(FullHttpRequest r, long declaredBody) {
    try {
      String method = r.method().name();
      String target = r.uri();
      CharSequence host = null;
      int lines = 0;
      java.util.List<Map.Entry<CharSequence, CharSequence>> kept = new java.util.ArrayList<>();
      for (java.util.Iterator<Map.Entry<CharSequence, CharSequence>> it =
          r.headers().iteratorCharSequence(); it.hasNext(); ) {
        Map.Entry<CharSequence, CharSequence> h = it.next();
        CharSequence name = h.getKey();
        if (HttpHeaderNames.HOST.contentEqualsIgnoreCase(name)) { // a field of its own
          host = host == null ? h.getValue() : host;
        } else if (!HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
            && !hopByHop(name)) {
          kept.add(h);
          lines += name.length() + h.getValue().length() + 4; // ": " and CRLF
        }
      }
      int hostLength = host == null ? 0 : host.length();
      if (method.length() > 0xFFFF || target.length() > 0xFFFF || hostLength > 0xFFFF) {
        throw new IllegalArgumentException("request line too long for a message");
      }
      int bodyLength = r.content().readableBytes(); // all of the body, or none: it follows
      byte[] m = new byte[REQUEST_HEADER + method.length() + target.length() + hostLength
          + lines + bodyLength];
      m[0] = (byte) MAGIC;
      m[1] = (byte) VERSION;
      putShort(m, 2, method.length());
      putShort(m, 4, target.length());
      putShort(m, 6, hostLength);
      putInt(m, 8, lines);
      putInt(m, 12, (int) declaredBody);
      int at = latin1(m, REQUEST_HEADER, method);
      at = latin1(m, at, target);
      if (host != null) {
        at = latin1(m, at, host);
      }
      for (Map.Entry<CharSequence, CharSequence> h : kept) {
        at = latin1(m, at, h.getKey());
        m[at++] = ':';
        m[at++] = ' ';
        at = latin1(m, at, h.getValue());
        m[at++] = '\r';
        m[at++] = '\n';
      }
      r.content().getBytes(r.content().readerIndex(), m, at, bodyLength);
      return m;
    } finally {
      r.release();
    }
  }

  /** Writes {@code s} at {@code at} in ISO-8859-1 (what HTTP heads are); returns the end. */
  private static int latin1(byte[] m, int at, CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      m[at++] = c <= 0xFF ? (byte) c : (byte) '?'; // as String.getBytes(ISO_8859_1) would
    }
    return at;
  }

  private static void putShort(byte[] m, int at, int v) {
    m[at] = (byte) v;
    m[at + 1] = (byte) (v >>> 8);
  }

  private static void putInt(byte[] m, int at, int v) {
    putShort(m, at, v);
    putShort(m, at + 2, v >>> 16);
  }

  @Override
  FullHttpResponse decode(byte[] bytes, int from, int length) {
    in.writeBytes(bytes, from, length);
    if (status < 0) {
      if (in.readableBytes() < RESPONSE_HEADER) {
        return null;
      }
      int at = in.readerIndex();
      if (in.getUnsignedByte(at) != MAGIC || in.getUnsignedByte(at + 1) != VERSION) {
        throw new IllegalArgumentException("not an HTTP message");
      }
      int code = in.getUnsignedShortLE(at + 2);
      int typeBytes = in.getUnsignedShortLE(at + 4);
      int lineBytes = in.getUnsignedShortLE(at + 6);
      if (code < 200 || code > 599 || lineBytes > MAX_RESPONSE_HEADERS) {
        throw new IllegalArgumentException("bad status or header length");
      }
      if (in.readableBytes() < RESPONSE_HEADER + typeBytes + lineBytes) {
        return null;
      }
      in.skipBytes(RESPONSE_HEADER);
      CharSequence type = in.readCharSequence(typeBytes, StandardCharsets.ISO_8859_1);
      headers = headerLines(in.readCharSequence(lineBytes, StandardCharsets.ISO_8859_1));
      if (typeBytes > 0) {
        headers.set(HttpHeaderNames.CONTENT_TYPE, type);
      }
      status = code;
      body = Unpooled.buffer();
    }
    while (in.readableBytes() >= 4) {
      long n = in.getUnsignedIntLE(in.readerIndex());
      if (body.readableBytes() + n > maxBody) {
        throw new IllegalArgumentException("body larger than allowed");
      }
      if (in.readableBytes() < 4 + n) {
        break;
      }
      in.skipBytes(4);
      if (n == 0) {
        if (in.isReadable()) {
          throw new IllegalArgumentException("bytes after the end of the response");
        }
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(status), body, headers,
            io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE); // a message has no trailers
        body = null;
        status = -1;
        headers = null;
        in.discardReadBytes();
        return r;
      }
      body.writeBytes(in, (int) n);
    }
    in.discardSomeReadBytes();
    return null;
  }

  /** Header lines ("Name: value", CRLF or LF ends); framing headers are the gateway's own. */
  private static HttpHeaders headerLines(CharSequence text) {
    HttpHeaders h = new io.netty.handler.codec.http.DefaultHttpHeaders(true);
    String all = text.toString();
    for (int start = 0, n = all.length(); start < n; ) {
      int newline = all.indexOf('\n', start);
      int next = newline < 0 ? n : newline + 1;
      int end = newline < 0 ? n : newline > start && all.charAt(newline - 1) == '\r'
          ? newline - 1 : newline;
      if (end > start) {
        int colon = all.indexOf(':', start);
        if (colon <= start || colon >= end) {
          throw new IllegalArgumentException("a header line without a name");
        }
        String name = all.substring(start, colon);
        if (!HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
            && !HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)
            && !HttpHeaderNames.CONNECTION.contentEqualsIgnoreCase(name)
            && !HttpHeaderNames.KEEP_ALIVE.contentEqualsIgnoreCase(name)) {
          // validated: a bad name or value throws
          h.add(name, all.substring(colon + 1, end).strip());
        }
      }
      start = next;
    }
    return h;
  }

  @Override
  FullHttpResponse closed() {
    return null; // a message ends with its empty chunk, never with the flow
  }

  @Override
  boolean reusable() {
    return true;
  }

  @Override
  boolean usable() {
    return in != null;
  }

  @Override
  void release() {
    if (body != null) {
      body.release();
      body = null;
    }
    if (in != null) {
      in.release();
      in = null;
    }
  }
}
