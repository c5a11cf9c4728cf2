package dev.denali.gateway;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.util.ArrayDeque;

/**
 * The body of a large request (HTTP/1.1 with a Content-Length, HTTP/2 with a content-length),
 * which goes to its guest in parts as it arrives instead of being read whole first: the
 * request's head goes on at once (as a {@link Head}, with no content, routed and queued like any
 * request), and the parts follow to its {@link Exchange} once a VM has taken it. Until then at
 * most {@link #WINDOW} bytes wait here and the client's connection (or stream) is not read
 * further; what waits counts against the {@link BufferBudget} (a part that finds no room gets
 * the request 503). So the gateway holds a window of each such body, not all of it, and a
 * guest can begin (or answer) before the end. A body whose request is answered early, refused
 * or abandoned is read to its end and dropped, so the connection can go on.
 */
final class BodyStream {
  /** Requests that declare a longer body are streamed; shorter ones are read whole. */
  static final int STREAM_ABOVE = 64 * 1024;
  /** The most bytes of a body that wait for their VM before the connection stops reading. */
  static final int WINDOW = 64 * 1024;

  /** The head of a request whose body is streamed: its content is empty. */
  static final class Head extends DefaultFullHttpRequest {
    final BodyStream body;

    Head(HttpRequest h, BodyStream body) {
      super(h.protocolVersion(), h.method(), h.uri(), Unpooled.EMPTY_BUFFER, h.headers(),
          EmptyHttpHeaders.INSTANCE);
      this.body = body;
    }
  }

  /** The bytes the head declares (its Content-Length). */
  final long length;
  private final HttpConnection connection;
  private final ArrayDeque<byte[]> waiting = new ArrayDeque<>();
  /** Bytes of the parts waiting, which the gateway's {@link BufferBudget} holds for them. */
  private int waitingBytes;
  /** The request has its VM: parts go straight to {@link #owner}. */
  private boolean started;
  /** Parts are dropped from now on: the request was answered, refused or abandoned. */
  private boolean dropping;
  private boolean ended;
  /** This stream stopped the connection's reading while its parts wait for a VM. */
  private boolean holding;
  /**
   * The request's exchange, once it is made: where the parts go once it has started, and what
   * a part that finds no room fails.
   */
  Exchange owner;

  BodyStream(HttpConnection connection, long length) {
    this.connection = connection;
    this.length = length;
  }

  /** A part arrived from the client (event loop). */
  void add(byte[] part) {
    if (dropping) {
      return;
    }
    if (started) {
      owner.bodyPart(part);
      return;
    }
    BufferBudget buffers = connection.gateway.buffers;
    if (!buffers.takeForRequest(part.length)) {
      connection.gateway.stats.noBufferRoom.increment();
      Exchange o = owner;
      drop();
      if (o != null) {
        o.fail(HttpResponseStatus.SERVICE_UNAVAILABLE,
            "the server has no room for the request body now; try again");
      }
      return;
    }
    waiting.add(part);
    waitingBytes += part.length;
    if (waitingBytes >= WINDOW && !holding) {
      holding = true;
      connection.holdForBody(true);
    }
  }

  /** The last part arrived (event loop). */
  void end() {
    ended = true;
    if (!dropping && started) {
      owner.bodyEnded();
    }
  }

  boolean ended() {
    return ended;
  }

  /** The request has its VM: what waited goes to it, and so does every later part. */
  void start() {
    started = true;
    while (!waiting.isEmpty() && !dropping) {
      owner.bodyPart(waiting.poll());
    }
    if (ended && !dropping) {
      owner.bodyEnded();
    }
    release();
  }

  /** Nothing more goes to a guest: the rest of the body is read and dropped. */
  void drop() {
    dropping = true;
    waiting.clear();
    release();
  }

  private void release() {
    connection.gateway.buffers.give(waitingBytes); // the waiting parts are gone
    waitingBytes = 0;
    if (holding) {
      holding = false;
      connection.holdForBody(false);
    }
  }
}
