package dev.denali.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.HttpConversionUtil;

/**
 * One HTTP/2 stream of an {@link Http2Requests} connection as one {@link FullHttpRequest} in and
 * one {@link FullHttpResponse} out, for the stream's {@link HttpConnection}: what Netty's {@code
 * Http2StreamFrameToHttpObjectCodec} and {@code HttpObjectAggregator} do together, without a
 * child channel and without the HTTP/1 objects in between (a request without a body, nearly all
 * of them, becomes its full request at once).
 * A body longer than the limit gets 413 and the stream is reset, one that finds no room in the
 * gateway's {@link BufferBudget} 503; one that declares more than {@link
 * BodyStream#STREAM_ABOVE} goes on at the headers and its DATA follow ({@link BodyStream}); {@code Expect: 100-continue}
 * gets its interim 100 unless the declared length is already too long. A body must arrive
 * whole within the head timeout plus the request timeout of its headers, as over HTTP/1.1
 * (else 408 and a reset): a client that trickles bodies on many streams holds nothing for long.
 */
final class Http2StreamRequest {
  private final int maxBody;
  private final long bodyNanos;
  private final GatewayStats stats;
  private final BufferBudget buffers;
  /** The stream's request handler, which the body's room in the budget is handed to. */
  final HttpConnection connection;
  private final Http2FrameStream stream;
  /** The connection's context: frames of this stream are written there. */
  private final ChannelHandlerContext ctx;
  /** Room the body read so far holds in the budget. */
  private long held;
  /** Answers 408 when the body is late; null while no body is awaited. */
  private java.util.concurrent.ScheduledFuture<?> deadline;
  /** The request's headers while its body arrives; null before them and after the request. */
  private Http2Headers head;
  private CompositeByteBuf body;
  /** The request was refused (413): whatever else the client sends on the stream is dropped. */
  private boolean refused;
  /** The body of a request that went on at its headers ({@link BodyStream}), or null. */
  private BodyStream streaming;
  /** The stream's answer was written: the request is over for this side. */
  private boolean answered;

  Http2StreamRequest(Http2Requests owner, Http2FrameStream stream) {
    Gateway gateway = owner.gateway;
    GatewayConfig config = gateway.config;
    this.maxBody = config.http().maxBodyBytes();
    this.bodyNanos = config.headTimeout().toNanos() + config.http().requestTimeout().toNanos();
    this.stats = gateway.stats;
    this.buffers = gateway.buffers;
    this.stream = stream;
    this.ctx = owner.ctx();
    this.connection = new HttpConnection(gateway, owner, this);
  }

  /** A HEADERS frame of the stream: the request's, or its trailers. */
  void headers(Http2HeadersFrame h) throws Http2Exception {
    if (refused) {
      return;
    }
    if (head != null) { // trailers: the request ends here (their fields are not passed on)
      if (h.isEndStream()) {
        if (streaming != null) {
          endStreamed();
        } else {
          finish();
        }
      }
      return;
    }
    head = h.headers();
    if (h.isEndStream()) {
      finish();
      return;
    }
    long declared = head.getLong(HttpHeaderNames.CONTENT_LENGTH, -1L);
    if (declared > maxBody) {
      refuse();
      return;
    }
    deadline = ctx.executor().schedule(this::late, bodyNanos,
        java.util.concurrent.TimeUnit.NANOSECONDS);
    CharSequence expect = head.get(HttpHeaderNames.EXPECT);
    if (expect != null && HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect)) {
      ctx.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers()
          .status(HttpResponseStatus.CONTINUE.codeAsText()), false).stream(stream));
    }
    if (declared > BodyStream.STREAM_ABOVE) { // the request goes on now, its body after it
      streaming = new BodyStream(connection, declared);
      connection.received(new BodyStream.Head(request(head, Unpooled.EMPTY_BUFFER), streaming));
    }
  }

  /** The last of a streamed body arrived. */
  private void endStreamed() {
    stopDeadline();
    head = null;
    streaming.end();
  }

  /** The request of {@code h} with {@code content} as its body. */
  private static FullHttpRequest request(Http2Headers h, ByteBuf content) throws Http2Exception {
    FullHttpRequest req;
    try {
      req = HttpConversionUtil.toFullHttpRequest(0, h, content, true);
    } catch (Http2Exception | RuntimeException e) {
      content.release();
      throw e;
    }
    // the conversion adds the stream's id as a header: a detail of this connection, not the
    // request's (the HTTP/1 object codec passed it on to guests)
    req.headers().remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text());
    return req;
  }

  /** A DATA frame of the stream (its owner releases it and gives its window back). */
  void data(Http2DataFrame d) throws Http2Exception {
    if (refused || head == null) {
      return; // DATA before HEADERS is the HTTP/2 codec's to refuse; this never sees it
    }
    ByteBuf content = d.content();
    if (streaming != null) {
      if (content.isReadable()) {
        streaming.add(io.netty.buffer.ByteBufUtil.getBytes(content));
      }
      if (d.isEndStream()) {
        endStreamed();
      }
      return;
    }
    if (content.isReadable()) {
      if (body == null) {
        body = ctx.alloc().compositeBuffer();
      }
      if ((long) body.readableBytes() + content.readableBytes() > maxBody) {
        refuse();
        return;
      }
      if (!buffers.takeForRequest(content.readableBytes())) {
        stats.noBufferRoom.increment();
        refuse(HttpResponseStatus.SERVICE_UNAVAILABLE);
        return;
      }
      held += content.readableBytes();
      body.addComponent(true, content.retain());
    }
    if (d.isEndStream()) {
      finish();
    }
  }

  private void finish() throws Http2Exception {
    stopDeadline();
    Http2Headers h = head;
    ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER : body;
    head = null;
    body = null;
    FullHttpRequest req = request(h, content);
    connection.bodyHeld += held; // the request's exchange gives it back
    held = 0;
    connection.received(req);
  }

  /** 413 for a body over the limit, then a reset of the stream (the client stops sending). */
  private void refuse() {
    stats.bodyTooLarge.increment();
    refuse(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
  }

  /** The body is not all here by its deadline: 408, then a reset. */
  private void late() {
    deadline = null;
    if (head != null) { // still waiting for the body (a refused request has none)
      stats.headTimeout.increment();
      if (answered) { // a streamed body whose request was answered early: a reset ends it
        refused = true;
        head = null;
        drop();
        reset(Http2Error.NO_ERROR);
      } else {
        refuse(HttpResponseStatus.REQUEST_TIMEOUT);
      }
    }
  }

  private void refuse(HttpResponseStatus status) {
    refused = true;
    head = null;
    drop();
    Http2Headers answer = new DefaultHttp2Headers().status(status.codeAsText())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    if (status.equals(HttpResponseStatus.SERVICE_UNAVAILABLE)) {
      answer.setInt(HttpHeaderNames.RETRY_AFTER, 1);
    }
    ctx.write(new DefaultHttp2HeadersFrame(answer, true).stream(stream));
    reset(Http2Error.NO_ERROR); // the client stops sending the rest
  }

  /**
   * Ends the stream with RST_STREAM, unless it is over already: NO_ERROR after a complete
   * response, which tells the client to stop sending its request and keep the response (RFC
   * 9113, section 8.1; with CANCEL, curl sometimes dropped the 413 it had already received and
   * reported no status at all), CANCEL when there is no response.
   */
  private void reset(Http2Error code) {
    if (stream.state() != Http2Stream.State.CLOSED) {
      ctx.writeAndFlush(new DefaultHttp2ResetFrame(code).stream(stream));
    }
  }

  /** Lets go of the body read so far and of the deadline. */
  private void drop() {
    stopDeadline();
    if (body != null) {
      body.release();
      body = null;
    }
    buffers.give(held);
    held = 0;
    if (streaming != null) {
      streaming.drop();
    }
  }

  private void stopDeadline() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  /**
   * Writes {@code r} (released here) as the stream's answer: HEADERS, and DATA unless the body is
   * empty; returns the future of the last frame.
   */
  ChannelFuture answer(FullHttpResponse r) {
    answered = true;
    Http2Headers headers;
    try {
      headers = HttpConversionUtil.toHttp2Headers(r, true);
    } catch (RuntimeException e) {
      r.release();
      reset(Http2Error.CANCEL);
      return ctx.newFailedFuture(e);
    }
    ByteBuf content = r.content();
    if (!content.isReadable()) {
      r.release();
      return ctx.write(new DefaultHttp2HeadersFrame(headers, true).stream(stream));
    }
    ctx.write(new DefaultHttp2HeadersFrame(headers, false).stream(stream), ctx.voidPromise());
    return ctx.write(new DefaultHttp2DataFrame(content, true).stream(stream));
  }

  /** The stream is over (closed, reset, or its connection gone): lets go of everything. */
  void closed() {
    drop();
    connection.closed();
  }
}
