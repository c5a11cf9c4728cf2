package dev.denali.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP request on its way through a guest, in HTTP mode. It waits in its service's
 * {@link RequestQueue} until a VM has room, then goes to that VM as a flow of its own: OPEN, the
 * request as HTTP/1.1 bytes with {@code Connection: close}, and CLOSE once the answer is whole.
 * The guest's bytes are parsed back into a response (any framing: length, chunks, or the end of
 * the flow), which the client's connection sends in request order. Everything here runs on the
 * client connection's event loop.
 */
final class Exchange {
  final HttpConnection connection;
  final Service service;
  /** The instance the request named (1-based), or 0 for any. */
  final int instance;
  final boolean keepAlive;
  final long startNanos = System.nanoTime();
  private FullHttpRequest request;
  /** The VM it was given (set by the queue, under its lock), or -1. */
  volatile int vm = -1;
  private Flow flow;
  /** HTTP/1.1 client codec: encodes the request, decodes and aggregates the guest's answer. */
  private EmbeddedChannel codec;
  private ScheduledFuture<?> deadline;
  FullHttpResponse response;
  boolean done;

  Exchange(HttpConnection connection, Service service, int instance, FullHttpRequest request) {
    this(connection, service, instance, request, HttpUtil.isKeepAlive(request));
  }

  /** With a null service and request: an answer of the gateway's own, in request order. */
  Exchange(HttpConnection connection, Service service, int instance, FullHttpRequest request,
      boolean keepAlive) {
    this.connection = connection;
    this.service = service;
    this.instance = instance;
    this.request = request;
    this.keepAlive = keepAlive;
  }

  private Gateway gateway() {
    return connection.gateway;
  }

  /** Starts the deadline that answers 504 when the request takes too long, queued or not. */
  void armDeadline() {
    long nanos = gateway().config.http().requestTimeout().toNanos();
    deadline = connection.executor().schedule(() -> {
      if (!done) {
        gateway().stats.requestTimeouts.increment();
        int stuck = flow != null ? vm : -1;
        fail(HttpResponseStatus.GATEWAY_TIMEOUT, "the service did not answer in time");
        if (stuck >= 0) {
          gateway().restartStuck(service, stuck);
        }
      }
    }, nanos, TimeUnit.NANOSECONDS);
  }

  /** Sends the request to {@link #vm}, which the queue gave it (event loop). */
  void start() {
    if (done) { // answered (timeout) or abandoned while it waited to start
      release();
      return;
    }
    flow = gateway().flows.openExchange(service, vm, connection.channel(), this);
    if (flow == null) {
      fail(HttpResponseStatus.SERVICE_UNAVAILABLE, "the service has no VM able to take it");
      return;
    }
    codec = new EmbeddedChannel(new HttpClientCodec(4096, 65536, 8192),
        new HttpObjectAggregator(gateway().config.http().maxResponseBytes()));
    codec.writeOutbound(toGuest(request));
    request = null;
    ByteBuf out = Unpooled.buffer();
    for (ByteBuf b; (b = codec.readOutbound()) != null; ) {
      out.writeBytes(b);
      b.release();
    }
    byte[] bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    out.release();
    if (!gateway().flows.toGuest(flow, bytes, 0, bytes.length)) {
      connection.pause(flow);
    }
    if (FlowTable.DEFER) {
      gateway().flows.runDeferred(vm);
    }
  }

  /**
   * The request as the guest gets it: HTTP/1.1, its body with a Content-Length, no hop-by-hop
   * headers, and {@code Connection: close} (one request per flow).
   */
  private static FullHttpRequest toGuest(FullHttpRequest r) {
    FullHttpRequest g = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, r.method(), r.uri(),
        r.content().retainedDuplicate());
    HttpHeaders h = g.headers();
    h.set(r.headers());
    for (CharSequence hop : new CharSequence[] {HttpHeaderNames.CONNECTION,
        HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.TE,
        HttpHeaderNames.UPGRADE, HttpHeaderNames.EXPECT, HttpHeaderNames.PROXY_AUTHORIZATION,
        "Proxy-Connection"}) {
      h.remove(hop);
    }
    HttpUtil.setContentLength(g, g.content().readableBytes());
    h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    r.release();
    return g;
  }

  /** Bytes of the guest's answer (event loop). */
  void fromGuest(byte[] bytes, int from, int length) {
    if (done) {
      return;
    }
    try {
      codec.writeInbound(Unpooled.wrappedBuffer(bytes, from, length));
    } catch (RuntimeException e) { // malformed, or larger than allowed
      fail(HttpResponseStatus.BAD_GATEWAY, "the service's answer is not valid HTTP or too large");
      return;
    }
    FullHttpResponse r = codec.readInbound();
    if (r != null) {
      finish(r);
    }
  }

  /** The guest ended the flow: its answer is whatever it sent (event loop). */
  void guestClosed() {
    if (done) {
      return;
    }
    FullHttpResponse r = null;
    try {
      codec.finish(); // a body delimited by the end of the flow ends here
      r = codec.readInbound();
    } catch (RuntimeException e) {
      r = null;
    }
    if (r != null) {
      finish(r);
    } else {
      fail(HttpResponseStatus.BAD_GATEWAY, "the service closed without a complete answer");
    }
  }

  /** Answers with the gateway's own error (event loop). */
  void fail(HttpResponseStatus status, String text) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(text + "\n", StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    if (status.equals(HttpResponseStatus.SERVICE_UNAVAILABLE)) {
      r.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
    }
    if (status.code() == 502 && service != null) {
      service.badGateway.increment();
    }
    finish(r);
  }

  private void finish(FullHttpResponse r) {
    if (done) {
      r.release();
      return;
    }
    done = true;
    response = r;
    HttpHeaders h = r.headers();
    h.remove(HttpHeaderNames.TRANSFER_ENCODING);
    h.remove(HttpHeaderNames.KEEP_ALIVE);
    HttpUtil.setContentLength(r, r.content().readableBytes());
    HttpUtil.setKeepAlive(r, keepAlive);
    h.set(HttpHeaderNames.SERVER, "denali");
    if (service != null) {
      service.countResponse(r.status().code(), (System.nanoTime() - startNanos) / 1000);
    }
    release();
    connection.completed();
  }

  /** Lets go of everything but the response: timer, flow, codec, queue place or VM slot. */
  void release() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
    if (request != null) {
      request.release();
      request = null;
    }
    if (flow != null) {
      gateway().flows.clientClosed(flow); // CLOSE to the guest, unless it ended the flow
      flow = null;
    }
    if (codec != null) {
      codec.finishAndReleaseAll();
      codec = null;
    }
    if (service == null) {
      return;
    }
    int given = vm;
    if (given >= 0) {
      vm = -1;
      service.requests.done(given);
      service.inFlight.decrementAndGet();
      gateway().dispatch(service);
    } else if (service.requests.remove(this)) {
      service.inFlight.decrementAndGet();
    }
  }

  /** The client went away before the answer: drop everything (event loop). */
  void abandon() {
    if (!done) {
      done = true;
      if (service != null) {
        service.abandoned.increment();
      }
      release();
    }
    if (response != null) {
      response.release();
      response = null;
    }
  }
}
