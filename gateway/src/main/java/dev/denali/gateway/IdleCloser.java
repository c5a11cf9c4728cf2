package dev.denali.gateway;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * First in every client connection's pipeline: closes a connection with no bytes either way
 * for the idle timeout, whatever it speaks (stream mode, HTTP/1.1, HTTP/2, with or without
 * TLS), and counts it. (When each protocol's last handler closed on the idle event, HTTP/2
 * connections never were: the event does not reach the handlers of their streams.)
 *
 * <p>Reads and writes only set a flag; a timer that fires every quarter of the timeout closes
 * the connection after four quarters in a row without one, so an idle connection goes between
 * the timeout and 1.25 times it. (Netty's {@code IdleStateHandler} reads the clock at every
 * read and puts a listener on every write's promise: about 1 % of the gateway's CPU per
 * request.)
 */
final class IdleCloser extends ChannelDuplexHandler {
  /** Quarters of the timeout in a row without a read or a write before the connection closes. */
  static final int QUARTERS = 4;

  private final GatewayStats stats;
  private final long quarterNanos;
  private ScheduledFuture<?> timer;
  private boolean active;
  private int quiet;

  IdleCloser(GatewayStats stats, Duration timeout) {
    this.stats = stats;
    this.quarterNanos = Math.max(1, timeout.toNanos() / QUARTERS);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      start(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    start(ctx);
    super.channelActive(ctx);
  }

  private void start(ChannelHandlerContext ctx) {
    if (timer == null) {
      timer = ctx.executor().scheduleAtFixedRate(() -> tick(ctx), quarterNanos, quarterNanos,
          TimeUnit.NANOSECONDS);
    }
  }

  private void tick(ChannelHandlerContext ctx) {
    if (active) {
      active = false;
      quiet = 0;
    } else if (++quiet >= QUARTERS) {
      stop();
      stats.idleClosed.increment();
      ctx.close();
    }
  }

  private void stop() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    active = true;
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    active = true;
    ctx.write(msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    stop();
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    stop();
  }
}
