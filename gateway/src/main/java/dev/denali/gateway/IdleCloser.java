package dev.denali.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * First in every client connection's pipeline: closes a connection with no bytes either way
 * for the idle timeout, whatever it speaks (stream mode, HTTP/1.1, HTTP/2, with or without
 * TLS), and counts it. (When each protocol's last handler closed on the idle event, HTTP/2
 * connections never were: the event does not reach the handlers of their streams.)
 */
final class IdleCloser extends IdleStateHandler {
  private final GatewayStats stats;

  IdleCloser(GatewayStats stats, Duration timeout) {
    super(0, 0, timeout.toMillis(), TimeUnit.MILLISECONDS);
    this.stats = stats;
  }

  @Override
  protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
    stats.idleClosed.increment();
    ctx.close();
  }
}
