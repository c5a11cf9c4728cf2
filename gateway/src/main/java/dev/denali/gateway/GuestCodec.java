package dev.denali.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import java.util.List;
import java.util.Map;

/**
 * How HTTP mode speaks to a guest on a flow: one request out, one response back, then maybe
 * another on the same flow. A guest whose note says {@code http=message} gets {@link
 * GuestMessages} (compact, no HTTP to parse); any other gets HTTP/1.1 text ({@link Text}).
 */
abstract class GuestCodec {
  /**
   * Headers that concern the client's connection, not the request: a guest never gets them, so
   * its flow stays open for the next request unless it closes it.
   */
  private static final List<CharSequence> HOP_BY_HOP = List.of(HttpHeaderNames.CONNECTION,
      HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.TE,
      HttpHeaderNames.UPGRADE, HttpHeaderNames.EXPECT, HttpHeaderNames.PROXY_AUTHORIZATION,
      "Proxy-Connection");

  static boolean hopByHop(CharSequence name) {
    for (CharSequence h : HOP_BY_HOP) {
      if (AsciiString.contentEqualsIgnoreCase(h, name)) {
        return true;
      }
    }
    return false;
  }

  /** The client's request as the guest gets it (the request is released). */
  final byte[] encode(FullHttpRequest request) {
    return encode(request, request.content().readableBytes());
  }

  /**
   * The client's request as the guest gets it, its body {@code bodyLength} bytes long: all of
   * them in its content, or none when the body follows in parts ({@link #encodePart}, then
   * {@link #encodeEnd}). The request is released.
   */
  abstract byte[] encode(FullHttpRequest request, long bodyLength);

  /** A part of a body that follows its request, as the guest gets it. */
  byte[] encodePart(byte[] part) {
    return part;
  }

  /** What ends a body that followed its request (often nothing). */
  byte[] encodeEnd() {
    return NOTHING;
  }

  static final byte[] NOTHING = new byte[0];

  /**
   * Takes bytes of the guest's answer; the response once it is whole, else null.
   *
   * @throws RuntimeException when the answer is malformed or larger than allowed
   */
  abstract FullHttpResponse decode(byte[] bytes, int from, int length);

  /** The guest closed the flow: the response its bytes so far make (null: none). */
  abstract FullHttpResponse closed();

  /** After a whole response: the flow can carry another request. */
  abstract boolean reusable();

  abstract boolean usable();

  abstract void release();

  static GuestCodec of(boolean messages, int maxResponseBytes) {
    return messages ? new GuestMessages(maxResponseBytes) : new Text(maxResponseBytes);
  }

  /** HTTP/1.1 text through Netty's client codec: any framing (length, chunks, end of flow). */
  static final class Text extends GuestCodec {
    private final EmbeddedChannel codec;
    private boolean reusable;

    Text(int maxResponseBytes) {
      codec = new EmbeddedChannel(new HttpClientCodec(4096, 65536, 8192),
          new HttpObjectAggregator(maxResponseBytes));
    }

    /** HTTP/1.1, the body with a Content-Length, no hop-by-hop headers. */
    @Override
    byte[] encode(FullHttpRequest request, long bodyLength) {
      HttpRequest g = bodyLength == request.content().readableBytes()
          ? new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, request.method(), request.uri(),
              request.content().retainedDuplicate())
          : new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(), request.uri());
      for (Map.Entry<String, String> h : request.headers()) {
        if (!hopByHop(h.getKey())) {
          g.headers().add(h.getKey(), h.getValue());
        }
      }
      HttpUtil.setContentLength(g, bodyLength);
      request.release();
      return written(g);
    }

    @Override
    byte[] encodePart(byte[] part) {
      return written(new DefaultHttpContent(Unpooled.wrappedBuffer(part)));
    }

    @Override
    byte[] encodeEnd() {
      return written(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    /** The bytes the codec writes for {@code message}. */
    private byte[] written(Object message) {
      codec.writeOutbound(message);
      ByteBuf out = Unpooled.buffer();
      for (ByteBuf b; (b = codec.readOutbound()) != null; ) {
        out.writeBytes(b);
        b.release();
      }
      byte[] bytes = new byte[out.readableBytes()];
      out.readBytes(bytes);
      out.release();
      return bytes;
    }

    @Override
    FullHttpResponse decode(byte[] bytes, int from, int length) {
      codec.writeInbound(Unpooled.wrappedBuffer(bytes, from, length));
      FullHttpResponse r = codec.readInbound();
      if (r != null) {
        // the flow can carry another request if the guest keeps it and said nothing more
        reusable = HttpUtil.isKeepAlive(r) && codec.inboundMessages().isEmpty();
      }
      return r;
    }

    @Override
    FullHttpResponse closed() {
      try {
        codec.finish(); // a body delimited by the end of the flow ends here
        return codec.readInbound();
      } catch (RuntimeException e) {
        return null;
      }
    }

    @Override
    boolean reusable() {
      return reusable;
    }

    @Override
    boolean usable() {
      return codec.isActive();
    }

    /**
     * Closes the codec and lets go of what it holds. A response cut off in the middle (the
     * gateway's own answer replaced it: a timeout, a limit) makes the aggregator complain that
     * the channel closed while it aggregated; it has released its part by then, and the
     * complaint must not keep the exchange from answering.
     */
    @Override
    void release() {
      try {
        codec.finishAndReleaseAll();
      } catch (io.netty.handler.codec.PrematureChannelClosureException e) {
        // expected for a response cut off: see above
      }
    }
  }
}
