package dev.denali.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection in HTTP mode (after Netty's HTTP/1.1 codec and aggregator), or one
 * HTTP/2 stream (made by {@link Http2StreamRequest}, in no pipeline): every request is routed
 * by its own Host, queued for its service as an {@link Exchange}, and answered in the order the
 * requests came (pipelining). A request must arrive whole within the head
 * timeout plus the body timeout of its first byte (408 otherwise), so slow clients hold nothing
 * for long; idle keep-alive connections hold no VM at all.
 */
final class HttpConnection extends ChannelDuplexHandler {
  final Gateway gateway;
  private ChannelHandlerContext ctx;
  /** Requests of this connection not answered yet, in the order they came. */
  private final ArrayDeque<Exchange> inOrder = new ArrayDeque<>();
  /**
   * When the request being read began (its first bytes), or 0 between requests. The read timer
   * is not cancelled when a request completes: when it fires it looks at this and, if another
   * request is being read, waits for that one's time (one timer per request period, not a
   * schedule and a cancel per request).
   */
  private long readingSince;
  private ScheduledFuture<?> readTimer;
  /**
   * The 504 deadlines of this connection's requests: its own over HTTP/1.1, its HTTP/2
   * connection's (shared by the streams) otherwise.
   */
  private RequestDeadlines deadlines;
  boolean closing;
  /** Reading stopped: too many requests unanswered, or the client does not read its answers. */
  private boolean held;
  /**
   * Bytes of the body being read that the gateway's {@link BufferBudget} holds for it (given to
   * its {@link Exchange} when the request is whole).
   */
  long bodyHeld;
  /** A body found no room in the budget: nothing more is read; the connection closes. */
  private boolean noRoom;
  /** The streamed body being read ({@link BodyStream}), or null. */
  private BodyStream streaming;
  /** Reading stopped: a streamed body's window waits for its VM. */
  private boolean bodyWaits;
  /** Flows of this connection whose VM's receive queue was full ({@link #pause}). */
  private int pausedFlows;

  /**
   * Requests a client may have unanswered before the gateway stops reading its connection (it
   * resumes at half), so a client that pipelines without reading holds a bounded amount.
   */
  static final int MAX_PIPELINED = 32;
  /**
   * Beyond this many unanswered requests (already decoded from what was read) the connection
   * closes; Netty's HTTP/1.1 codec holds the same limit itself.
   */
  static final int MAX_UNANSWERED = 128;

  /** HTTP/2: the connection of the stream this handles, or null over HTTP/1.1. */
  private final Http2Requests http2;
  /** HTTP/2: the stream whose request this handles (its answer is written there). */
  private final Http2StreamRequest stream;
  /** HTTP/2: this stream holds its connection's reading ({@link Http2Requests#holdReading}). */
  private boolean holdsConnection;

  /** A connection's handler over HTTP/1.1 (in its pipeline). */
  HttpConnection(Gateway gateway) {
    this.gateway = gateway;
    this.http2 = null;
    this.stream = null;
  }

  /** The request of one stream of an HTTP/2 connection (not in any pipeline). */
  HttpConnection(Gateway gateway, Http2Requests connection, Http2StreamRequest stream) {
    this.gateway = gateway;
    this.http2 = connection;
    this.stream = stream;
    this.ctx = connection.ctx();
    this.deadlines = connection.deadlines;
  }

  Channel channel() {
    return ctx.channel();
  }

  EventExecutor executor() {
    return ctx.executor();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.deadlines = new RequestDeadlines(ctx.executor(),
        gateway.config.http().requestTimeout().toNanos());
  }

  /** Bytes arrive (ahead of the codec, see {@link ReadWatch}): a request has begun. */
  void requestBegun() {
    if (readingSince == 0 && !closing) {
      readingSince = System.nanoTime() | 1; // never 0
      if (readTimer == null) {
        armReadTimer(readLimitNanos());
      }
    }
  }

  /** The head timeout plus the body timeout: how long a request may take to arrive. */
  private long readLimitNanos() {
    return gateway.config.headTimeout().toNanos()
        + gateway.config.http().requestTimeout().toNanos();
  }

  private void armReadTimer(long nanos) {
    readTimer = ctx.executor().schedule(this::readTimerFired, nanos, TimeUnit.NANOSECONDS);
  }

  private void readTimerFired() {
    readTimer = null;
    if (readingSince == 0 || closing) {
      return; // no request is being read: the next one arms the timer again
    }
    long left = readingSince + readLimitNanos() - System.nanoTime();
    if (left > 0) {
      armReadTimer(left);
      return;
    }
    readingSince = 0;
    gateway.stats.headTimeout.increment();
    if (streaming != null) {
      streaming.drop(); // what still comes of it is dropped until the connection closes
    }
    refuse(HttpResponseStatus.REQUEST_TIMEOUT, "the request took too long to arrive");
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest req)) {
      ctx.fireChannelRead(msg);
      return;
    }
    received(req);
  }

  /** A whole request (or the head of one whose body streams in): routed, or answered at once. */
  void received(FullHttpRequest req) {
    if (!(req instanceof BodyStream.Head)) {
      readingSince = 0; // the request arrived whole (the read timer, if any, lapses)
    }
    long body = bodyHeld;
    bodyHeld = 0;
    if (closing) {
      gateway.buffers.give(body);
      dropBody(req);
      req.release();
      return;
    }
    if (!route(req, body)) {
      gateway.buffers.give(body);
      dropBody(req);
    }
  }

  /** A streamed request that no exchange took: the rest of its body is read and dropped. */
  private static void dropBody(FullHttpRequest req) {
    if (req instanceof BodyStream.Head h) {
      h.body.drop();
    }
  }

  /** A streamed body arrived whole: the read timer lapses. */
  private void bodyArrived() {
    streaming = null;
    readingSince = 0;
  }

  /**
   * Stops reading while a streamed body's window waits for its VM, or resumes (unless
   * something else holds the connection).
   */
  void holdForBody(boolean hold) {
    bodyWaits = hold;
    if (hold) {
      stopReading();
    } else {
      resumeReading();
    }
  }

  /**
   * Routes and queues {@code req}, or answers it at once; true when an {@link Exchange} took
   * the room its body holds in the budget.
   */
  private boolean route(FullHttpRequest req, long body) {
    if (req.decoderResult().isFailure()) {
      Throwable cause = req.decoderResult().cause();
      req.release();
      if (cause instanceof TooLongFrameException) {
        gateway.stats.headTooLarge.increment();
        refuse(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "the request head is too large");
      } else {
        gateway.stats.badRequest.increment();
        refuse(HttpResponseStatus.BAD_REQUEST, "not a valid HTTP/1 request");
      }
      return false;
    }
    List<String> hosts = req.headers().getAll(HttpHeaderNames.HOST);
    if (hosts.size() > 1) {
      gateway.stats.badRequest.increment();
      answerNow(req, HttpResponseStatus.BAD_REQUEST, "more than one Host header", false);
      return false;
    }
    Gateway.Route r = gateway.route(hosts.isEmpty() ? null : RequestHead.hostName(hosts.get(0)));
    if (r == null || r.instance() < 0 || r.instance() > r.service().vms.size()) {
      gateway.stats.noService.increment();
      answerNow(req, HttpResponseStatus.NOT_FOUND, r == null ? "no service answers to this host"
          : "the service has no such instance", HttpUtil.isKeepAlive(req));
      return false;
    }
    if (inOrder.size() >= MAX_UNANSWERED) {
      req.release();
      gateway.stats.overLimit.increment();
      abandonAll();
      ctx.close();
      return false;
    }
    Exchange e = new Exchange(this, r.service(), r.instance(), req);
    e.buffered = body;
    inOrder.addLast(e);
    holdIfNeeded();
    gateway.stats.routed.increment();
    boolean queued = r.service().requests.offer(e, gateway.config.http().queuePerService());
    if (!queued && http2 == null) {
      gateway.stats.overLimit.increment();
      r.service().refusedConnections.increment();
      e.fail(HttpResponseStatus.SERVICE_UNAVAILABLE, "the service is busy; try again");
      return true;
    }
    deadlines.watch(e);
    if (queued) {
      r.service().inFlight.incrementAndGet(); // before any release, which runs on this loop
      gateway.dispatch(r.service());
    } else {
      http2.park(e); // waits with its connection's reading held, not 503
    }
    return true;
  }

  /**
   * An answer to {@code req} (released here) that needs no guest: queued behind earlier ones,
   * like every answer; the connection closes after it unless {@code keepAlive}.
   */
  private void answerNow(FullHttpRequest req, HttpResponseStatus status, String text,
      boolean keepAlive) {
    Exchange e = Exchange.ownAnswer(this, req, keepAlive);
    req.release();
    inOrder.addLast(e);
    if (!keepAlive) {
      closing = true;
    }
    e.fail(status, text);
  }

  /** An exchange of this connection has its response: send those at the front, in order. */
  void completed() {
    while (!inOrder.isEmpty() && inOrder.peekFirst().done) {
      Exchange e = inOrder.pollFirst();
      FullHttpResponse r = e.response;
      e.response = null;
      long buffered = e.buffered; // given back once the answer is written
      e.buffered = 0;
      if (r == null) {
        gateway.buffers.give(buffered);
        continue;
      }
      ChannelFuture written;
      if (stream != null) {
        r.headers().remove(HttpHeaderNames.CONNECTION); // connection-specific: not in HTTP/2
        written = stream.answer(r);
        flushSoon(ctx.channel());
      } else if (!e.keepAlive || closing) {
        closing = true;
        HttpUtil.setKeepAlive(r, false);
        written = ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
      } else {
        written = ctx.writeAndFlush(r);
      }
      if (buffered != 0) {
        written.addListener(f -> gateway.buffers.give(buffered));
      }
      if (closing && stream == null) {
        abandonAll();
        return;
      }
    }
    holdIfNeeded();
  }

  private static final AttributeKey<Boolean> FLUSH_PENDING =
      AttributeKey.valueOf("denali.flushPending");

  /**
   * Flushes an HTTP/2 connection once, at the end of its event loop's turn (after the reads and
   * every task in hand): the answers of many streams that guests finish in one go leave in one
   * write, as a server that answers within its read handler gets by flushing when the read ends.
   * A flush per stream (a writev each) halved the h2c throughput; a flush after the tasks in hand
   * when the answer came (instead of after the turn's) sent 5 answers per writev where plain
   * Netty's HTTP/2 hello sends 10 (strace, h2load -m 10).
   */
  private static void flushSoon(Channel connection) {
    Attribute<Boolean> pending = connection.attr(FLUSH_PENDING);
    if (pending.get() == null) {
      pending.set(Boolean.TRUE);
      Runnable flush = () -> {
        pending.set(null);
        connection.flush();
      };
      if (connection.eventLoop() instanceof SingleThreadEventLoop loop) {
        loop.executeAfterEventLoopIteration(flush);
      } else {
        connection.eventLoop().execute(flush);
      }
    }
  }

  /** Stops or resumes reading by the number of unanswered requests and the client's reading. */
  private void holdIfNeeded() {
    if (stream != null) {
      return; // one request per stream; the HTTP/2 codec's flow control paces the answers
    }
    boolean full = inOrder.size() >= MAX_PIPELINED || !ctx.channel().isWritable();
    if (full && !held) {
      held = true;
      gateway.stats.pauses.increment();
      stopReading();
    } else if (held && inOrder.size() <= MAX_PIPELINED / 2 && ctx.channel().isWritable()) {
      held = false;
      resumeReading();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    holdIfNeeded();
    ctx.fireChannelWritabilityChanged();
  }

  /** Refuses the connection's current request and closes it after what was answered before. */
  private void refuse(HttpResponseStatus status, String text) {
    Exchange e = Exchange.ownAnswer(this, null, false);
    inOrder.addLast(e);
    closing = true;
    e.fail(status, text);
  }

  /**
   * A piece of the body being read found no room in the budget: 503 (with Retry-After) after
   * the answers before it, then the connection closes; nothing more of it is read.
   */
  void noRoom() {
    if (!noRoom) {
      noRoom = true;
      gateway.stats.noBufferRoom.increment();
      gateway.buffers.give(bodyHeld);
      bodyHeld = 0;
      stopReading();
      refuse(HttpResponseStatus.SERVICE_UNAVAILABLE,
          "the server has no room for the request body now; try again");
    }
  }

  /** The VM's receive queue is full: stop reading the client until it drains. */
  void pause(Flow f) {
    if (!f.paused) {
      f.paused = true;
      pausedFlows++;
      gateway.stats.pauses.increment();
      stopReading();
    }
  }

  /**
   * A flow paused by {@link #pause} drained, or its exchange let go of it: reading resumes
   * unless something else holds it.
   */
  void flowResumed(Flow f) {
    if (f.paused) {
      f.paused = false;
      pausedFlows--;
      resumeReading();
    }
  }

  /** Reads again if nothing holds the connection (pipelining, a body's window, a paused flow). */
  private void resumeReading() {
    if (!held && !noRoom && !bodyWaits && pausedFlows == 0) {
      if (http2 == null) {
        ctx.channel().config().setAutoRead(true);
      } else if (holdsConnection) {
        holdsConnection = false;
        http2.holdReading(false);
      }
    }
  }

  /** Stops reading the client (over HTTP/2: the stream's connection, until it lets go). */
  private void stopReading() {
    if (http2 == null) {
      ctx.channel().config().setAutoRead(false);
    } else if (!holdsConnection) {
      holdsConnection = true;
      http2.holdReading(true);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closed();
    ctx.fireChannelInactive();
  }

  /** The client's connection (or HTTP/2 stream) is gone: everything it had is let go. */
  void closed() {
    if (holdsConnection) {
      holdsConnection = false;
      http2.holdReading(false);
    }
    if (readTimer != null) {
      readTimer.cancel(false);
      readTimer = null;
    }
    if (http2 == null) {
      deadlines.close(); // an HTTP/2 connection's are its own to close
    }
    gateway.buffers.give(bodyHeld);
    bodyHeld = 0;
    abandonAll();
  }

  private void abandonAll() {
    for (Exchange e : inOrder) {
      e.abandon();
    }
    inOrder.clear();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // a reset, a protocol error, or over 128 pipelined: this client only
  }

  /**
   * Sits after the HTTP codec: a request that declares a body longer than {@link
   * BodyStream#STREAM_ABOVE} (and within the body limit) goes on at once as a {@link
   * BodyStream.Head}, and the parts of its body go to its {@link BodyStream} as they arrive;
   * every other request passes on to be read whole.
   */
  static final class BodySplitter extends ChannelInboundHandlerAdapter {
    private final HttpConnection connection;

    BodySplitter(HttpConnection connection) {
      this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      BodyStream s = connection.streaming;
      if (s != null && msg instanceof HttpContent c) {
        byte[] part = ByteBufUtil.getBytes(c.content());
        c.release();
        if (part.length > 0) {
          s.add(part);
        }
        if (msg instanceof LastHttpContent) {
          connection.bodyArrived();
          s.end();
        }
        return;
      }
      if (msg instanceof HttpRequest h
          && !(msg instanceof FullHttpRequest) && h.decoderResult().isSuccess()
          && !HttpUtil.isTransferEncodingChunked(h) && !connection.closing) {
        long length = HttpUtil.getContentLength(h, -1L);
        if (length > BodyStream.STREAM_ABOVE
            && length <= connection.gateway.config.http().maxBodyBytes()) {
          s = new BodyStream(connection, length);
          connection.streaming = s;
          if (HttpUtil.is100ContinueExpected(h)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                Unpooled.EMPTY_BUFFER));
          }
          ctx.fireChannelRead(new BodyStream.Head(h, s));
          return;
        }
      }
      ctx.fireChannelRead(msg);
    }
  }

  /**
   * Sits between the HTTP codec and the aggregator and takes room in the gateway's {@link
   * BufferBudget} for each piece of a request body as it arrives; a piece that finds none ends
   * the connection's reading ({@link #noRoom}), and whatever the codec still decodes is dropped.
   */
  static final class BodyWatch extends ChannelInboundHandlerAdapter {
    private final HttpConnection connection;

    BodyWatch(HttpConnection connection) {
      this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (connection.noRoom) {
        ReferenceCountUtil.release(msg);
        return;
      }
      if (msg instanceof HttpContent c && c.content().isReadable()) {
        int n = c.content().readableBytes();
        if (!connection.gateway.buffers.takeForRequest(n)) {
          c.release();
          connection.noRoom();
          return;
        }
        connection.bodyHeld += n;
      }
      ctx.fireChannelRead(msg);
    }
  }

  /**
   * Sits before the HTTP codec and tells the connection when bytes of a new request arrive, so
   * that a request trickled in byte by byte times out.
   */
  static final class ReadWatch extends ChannelInboundHandlerAdapter {
    private final HttpConnection connection;

    ReadWatch(HttpConnection connection) {
      this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf b && b.isReadable()) {
        connection.requestBegun();
      }
      ctx.fireChannelRead(msg);
    }
  }
}
