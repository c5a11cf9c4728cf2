package dev.denali.gateway;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One HTTP/2 connection after Netty's {@code Http2FrameCodec}: the frames of each stream go to
 * its {@link Http2StreamRequest}, which makes them one request and writes its answer back on
 * the stream. No child channel per stream: Netty's {@code Http2MultiplexHandler} gives each
 * stream a channel and a pipeline of its own, which cost more than everything else a request
 * does here (a plain Netty HTTP/2 hello answers 1.6 times as many requests per second without
 * them; see perf/README).
 *
 * <p>A stream's DATA is counted consumed as it arrives (its flow-control window goes back at
 * once), as the child channels did. When a stream must stop reading (its VM's receive queue is
 * full, or a streamed body waits for its VM), the connection stops reading until every stream
 * that asked has let go: coarser than a stream's own window, but each such wait is short and the
 * other streams' requests are already in hand. Errors of one stream (a malformed request) reset
 * that stream only; the codec has sent the RST_STREAM.
 */
final class Http2Requests extends ChannelDuplexHandler {
  final Gateway gateway;
  final RequestDeadlines deadlines;
  private final IntObjectHashMap<Http2StreamRequest> streams = new IntObjectHashMap<>();
  private ChannelHandlerContext ctx;
  /** Streams that asked the connection to stop reading. */
  private int holds;
  /** Requests whose service's queue was full, oldest first (see {@link #park}). */
  private final ArrayDeque<Exchange> parked = new ArrayDeque<>();
  /** The services this connection waits on for room (once each in their {@code parked}). */
  private final Set<Service> waitingOn = new HashSet<>();

  Http2Requests(Gateway gateway, RequestDeadlines deadlines) {
    this.gateway = gateway;
    this.deadlines = deadlines;
  }

  ChannelHandlerContext ctx() {
    return ctx;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof Http2HeadersFrame h) {
      Http2FrameStream s = h.stream();
      Http2StreamRequest r = streams.get(s.id());
      if (r == null) {
        r = new Http2StreamRequest(this, s);
        streams.put(s.id(), r);
      }
      try {
        r.headers(h);
      } catch (Http2Exception | RuntimeException e) { // a request HTTP/1 cannot say
        malformed(s);
      }
    } else if (msg instanceof Http2DataFrame d) {
      try {
        Http2StreamRequest r = streams.get(d.stream().id());
        if (r != null) {
          try {
            r.data(d);
          } catch (Http2Exception | RuntimeException e) {
            malformed(d.stream());
          }
        }
      } finally {
        int bytes = d.initialFlowControlledBytes();
        Http2FrameStream s = d.stream();
        d.release();
        if (bytes > 0 && s.state() != Http2Stream.State.CLOSED) {
          ctx.write(new DefaultHttp2WindowUpdateFrame(bytes).stream(s), ctx.voidPromise());
        }
      }
    } else {
      ReferenceCountUtil.release(msg); // settings, pings, resets (their stream's close follows)
    }
  }

  /** Resets a stream whose request cannot be made (PROTOCOL_ERROR) and lets go of it. */
  private void malformed(Http2FrameStream s) {
    forget(s.id());
    if (s.state() != Http2Stream.State.CLOSED) {
      ctx.write(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR).stream(s), ctx.voidPromise());
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush(); // window updates, 100-continue, refusals: answers flush at the turn's end
    ctx.fireChannelReadComplete();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof Http2FrameStreamEvent e && e.type() == Http2FrameStreamEvent.Type.State
        && e.stream().state() == Http2Stream.State.CLOSED) {
      forget(e.stream().id());
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  /** The stream is over (closed, reset, or malformed): its request lets go of everything. */
  private void forget(int id) {
    Http2StreamRequest r = streams.remove(id);
    if (r != null) {
      r.closed();
    }
  }

  /**
   * A stream stops the connection's reading ({@code hold}) or lets go of it; reading resumes
   * when no stream holds it.
   */
  void holdReading(boolean hold) {
    holds += hold ? 1 : -1;
    ctx.channel().config().setAutoRead(holds == 0);
  }

  /**
   * A request of this connection found its service's queue full. Over HTTP/1.1 that is a 503
   * (a connection has at most 32 requests unanswered); here a client may open 100 streams on
   * each of any number of connections, and h2load's 256 connections of 10 streams each got
   * 59 % 503s from one VM. So the request waits here, the connection stops reading (no new
   * streams), and the service tells this connection when its queue has room ({@link
   * Gateway#dispatch}); its deadline runs meanwhile (504).
   */
  void park(Exchange e) {
    if (parked.isEmpty()) {
      holdReading(true);
    }
    parked.addLast(e);
    gateway.stats.pauses.increment();
    waitFor(e.service);
  }

  private void waitFor(Service s) {
    if (waitingOn.add(s)) {
      s.parked.add(this);
    }
  }

  /**
   * A service of a parked request has room: queues what it can, in order, then has each service
   * that got requests assign them, once (event loop).
   */
  void unpark() {
    if (parked.isEmpty()) {
      return; // its requests were answered (504) or abandoned meanwhile, or it closed
    }
    waitingOn.clear();
    List<Service> queuedFor = new ArrayList<>(1);
    boolean all = true;
    while (!parked.isEmpty()) {
      Exchange e = parked.peekFirst();
      if (e.done) { // answered (504) or abandoned while it waited
        parked.pollFirst();
        continue;
      }
      if (!e.service.requests.offer(e, gateway.config.http().queuePerService())) {
        waitFor(e.service);
        all = false;
        break;
      }
      parked.pollFirst();
      e.service.inFlight.incrementAndGet();
      if (!queuedFor.contains(e.service)) {
        queuedFor.add(e.service);
      }
    }
    for (Service s : queuedFor) {
      gateway.dispatch(s);
    }
    if (all) {
      holdReading(false);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    for (Http2StreamRequest r : streams.values().toArray(new Http2StreamRequest[0])) {
      r.closed();
    }
    streams.clear();
    parked.clear();
    deadlines.close();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof Http2FrameStreamException e) {
      forget(e.stream().id()); // the codec reset the stream
      return;
    }
    ctx.close(); // a protocol error of the connection's: this client only
  }
}
