package dev.denali.gateway;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP request on its way through a guest, in HTTP mode. It waits in its service's
 * {@link RequestQueue} until a VM has room, then goes to that VM on a flow: one kept open after
 * an earlier request ({@link GuestLinks}), or a new one (OPEN). The guest gets the request as
 * HTTP/1.1 bytes, or as an HTTP message when its note says so ({@link GuestCodec}), and its
 * answer is parsed back into a response, which the client's connection sends in request order; a flow whose
 * guest kept it open goes back to the pool, any other is closed. Everything here runs on the
 * client connection's event loop.
 */
final class Exchange implements RequestDeadlines.Request {
  final HttpConnection connection;
  final Service service;
  /** The instance the request named (1-based), or 0 for any. */
  final int instance;
  final boolean keepAlive;
  final long startNanos = System.nanoTime();
  /** For the access log: the request line as the client gave it. */
  private final String method;
  private final String target;
  private final String version;
  private FullHttpRequest request;
  /** The body that follows the request in parts ({@link BodyStream}), or null. */
  private final BodyStream body;
  /** All of a streamed body went to the guest. */
  private boolean bodySent;
  /** The VM it was given (set by the queue, under its lock), or -1. */
  volatile int vm = -1;
  /** The flow to the guest and its HTTP/1.1 client codec, while the request is on it. */
  private GuestLinks.Link link;
  private Flow flow;
  private GuestCodec codec;
  /** The guest answered whole and may take another request on the same flow. */
  private boolean reusable;
  FullHttpResponse response;
  boolean done;
  /**
   * Room this request holds in the gateway's {@link BufferBudget}: its body, and the bytes of
   * the guest's answer; given back when the answer has been written, or when it is abandoned.
   */
  long buffered;

  Exchange(HttpConnection connection, Service service, int instance, FullHttpRequest request) {
    this(connection, service, instance, request, HttpUtil.isKeepAlive(request), request);
  }

  /**
   * @param request the request to send to a guest (kept until then), or null
   * @param line the request whose line the access log shows, or null when it could not be read
   */
  private Exchange(HttpConnection connection, Service service, int instance,
      FullHttpRequest request, boolean keepAlive, FullHttpRequest line) {
    this.connection = connection;
    this.service = service;
    this.instance = instance;
    this.request = request;
    this.body = request instanceof BodyStream.Head h ? h.body : null;
    if (body != null) {
      body.owner = this;
    }
    this.keepAlive = keepAlive;
    this.method = line == null ? "-" : line.method().name();
    this.target = line == null ? "-" : line.uri();
    this.version = line == null ? "-" : line.protocolVersion().text();
  }

  /**
   * An answer of the gateway's own to {@code request} (null when it could not be read), given
   * in request order; the request itself is not kept.
   */
  static Exchange ownAnswer(HttpConnection connection, FullHttpRequest request,
      boolean keepAlive) {
    return new Exchange(connection, null, 0, null, keepAlive, request);
  }

  private Gateway gateway() {
    return connection.gateway;
  }

  @Override
  public boolean answered() {
    return done;
  }

  @Override
  public long startNanos() {
    return startNanos;
  }

  /**
   * The request took too long, queued or not (its connection's deadline timer, event loop):
   * 504, and a VM that had it is restarted as stuck.
   */
  @Override
  public void expire() {
    if (!done) {
      gateway().stats.requestTimeouts.increment();
      int stuck = flow != null ? vm : -1;
      fail(HttpResponseStatus.GATEWAY_TIMEOUT, "the service did not answer in time");
      if (stuck >= 0) {
        gateway().restartStuck(service, stuck);
      }
    }
  }

  /** Sends the request to {@link #vm}, which the queue gave it (event loop). */
  void start() {
    if (done) { // answered (timeout) or abandoned while it waited to start
      release();
      return;
    }
    io.netty.channel.EventLoop loop = connection.channel().eventLoop();
    link = gateway().links.take(loop, vm);
    if (link != null) {
      link.flow.exchange = this;
    } else {
      Flow f = gateway().flows.openExchange(service, vm, connection.channel(), this);
      if (f == null) {
        fail(HttpResponseStatus.SERVICE_UNAVAILABLE, "the service has no VM able to take it");
        return;
      }
      link = new GuestLinks.Link(f, GuestCodec.of(service.messages,
          gateway().config.http().maxResponseBytes()), loop);
    }
    flow = link.flow;
    codec = link.codec;
    byte[] bytes;
    try {
      bytes = body == null ? codec.encode(request) : codec.encode(request, body.length);
    } catch (IllegalArgumentException e) {
      request = null;
      fail(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request line too long");
      return;
    }
    request = null;
    toGuest(bytes);
    if (body != null) {
      body.start(); // what arrived so far, then each part as it comes
    }
  }

  /** The request's body streams in after it ({@link BodyStream}). */
  boolean streamed() {
    return body != null;
  }

  /** Sends {@code bytes} of the request on its flow, and runs the VM if its turn waits. */
  private void toGuest(byte[] bytes) {
    if (bytes.length > 0 && !gateway().flows.toGuest(flow, bytes, 0, bytes.length)) {
      connection.pause(flow);
    }
    if (FlowTable.DEFER) {
      gateway().flows.runDeferred(vm);
    }
  }

  /** A part of the streamed body, from its {@link BodyStream} (event loop). */
  void bodyPart(byte[] part) {
    if (!done) {
      toGuest(codec.encodePart(part));
    }
  }

  /** The streamed body has ended (event loop). */
  void bodyEnded() {
    if (!done) {
      toGuest(codec.encodeEnd());
      bodySent = true;
    }
  }

  /** Bytes of the guest's answer (event loop). */
  void fromGuest(byte[] bytes, int from, int length) {
    if (done) {
      return;
    }
    if (!gateway().buffers.takeForAnswer(length)) {
      gateway().stats.noBufferRoom.increment();
      fail(HttpResponseStatus.SERVICE_UNAVAILABLE, "the server has no room for the answer now;"
          + " try again");
      return;
    }
    buffered += length;
    FullHttpResponse r;
    try {
      r = codec.decode(bytes, from, length);
    } catch (RuntimeException e) { // malformed, or larger than allowed
      fail(HttpResponseStatus.BAD_GATEWAY, "the service's answer is not valid HTTP or too large");
      return;
    }
    if (r != null) {
      reusable = codec.reusable();
      finish(r);
    }
  }

  /** The guest ended the flow: its answer is whatever it sent (event loop). */
  void guestClosed() {
    if (done) {
      return;
    }
    FullHttpResponse r = codec.closed();
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
    HttpHeaders h = r.headers();
    h.remove(HttpHeaderNames.TRANSFER_ENCODING);
    h.remove(HttpHeaderNames.KEEP_ALIVE);
    boolean head = "HEAD".equals(method);
    if (!head || !h.contains(HttpHeaderNames.CONTENT_LENGTH)) {
      HttpUtil.setContentLength(r, r.content().readableBytes());
    }
    if (head && r.content().isReadable()) { // HEAD: the length of the body, not the body
      FullHttpResponse empty = r.replace(Unpooled.EMPTY_BUFFER);
      r.release();
      r = empty;
      h = r.headers();
    }
    response = r;
    HttpUtil.setKeepAlive(r, keepAlive);
    h.set(HttpHeaderNames.SERVER, "denali");
    long micros = (System.nanoTime() - startNanos) / 1000;
    if (service != null) {
      service.countResponse(r.status().code(), micros);
    }
    AccessLog log = gateway().accessLog;
    if (log != null) {
      log.log(connection.channel().remoteAddress(), method, target, version, r.status().code(),
          r.content().readableBytes(), service == null ? null : service.name, vm, micros);
    }
    release();
    connection.completed();
  }

  /** Lets go of everything but the response: flow, codec, queue place or VM slot. */
  void release() {
    if (request != null) {
      request.release();
      request = null;
    }
    if (body != null) {
      body.drop(); // what is still to come of it is read and dropped
      if (!bodySent) {
        reusable = false; // the guest has part of a request on the flow
      }
    }
    if (link != null) {
      connection.flowResumed(link.flow); // if its VM's queue was full: the client reads again
      link.flow.exchange = null;
      if (reusable && link.usable()) {
        // at most requestsPerVm idle flows per VM over all event loops: a guest's connection
        // table (16 in the C SDK) must hold them and the requests in hand
        gateway().links.give(link, Math.max(1, gateway().config.http().requestsPerVm()
            / gateway().config.threads()));
      } else {
        link.discard(gateway().flows);
      }
      link = null;
      flow = null;
      codec = null;
    }
    if (service == null) {
      return;
    }
    int given = vm;
    if (given >= 0) {
      vm = -1;
      service.requests.done(given, body != null);
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
    gateway().buffers.give(buffered);
    buffered = 0;
  }
}
