package dev.denali.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection. First it reads the request head (at most {@code maxHeadBytes}, within
 * {@code headTimeout}) to find the service from the Host header, unless it came in on a
 * service's own port; then it opens a flow to one of the service's VMs and forwards every byte
 * the client sends as DATA messages, pausing reads while the VM's receive queue is full.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {
  private final Gateway gateway;
  private final Service fixed;
  private byte[] head;
  private int headLength;
  private Flow flow;
  private ScheduledFuture<?> headTimer;

  FrontendHandler(Gateway gateway, Service fixed) {
    this.gateway = gateway;
    this.fixed = fixed;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    gateway.stats.accepted.increment();
    gateway.stats.active.incrementAndGet();
    if (fixed != null) {
      route(ctx, fixed, 0);
    } else {
      head = new byte[gateway.config.maxHeadBytes()];
      headTimer = ctx.executor().schedule(() -> {
        if (flow == null && ctx.channel().isActive()) {
          gateway.stats.headTimeout.increment();
          refuse(ctx, 408, "Request Timeout", "the request head took too long");
        }
      }, gateway.config.headTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf buf = (ByteBuf) msg;
    try {
      if (flow != null) {
        forward(ctx, buf);
        return;
      }
      if (head == null) {
        return; // refused, closing
      }
      int n = buf.readableBytes();
      if (headLength + n > head.length) {
        gateway.stats.headTooLarge.increment();
        head = null;
        refuse(ctx, 431, "Request Header Fields Too Large", "the request head is too large");
        return;
      }
      buf.readBytes(head, headLength, n);
      headLength += n;
      if (RequestHead.end(head, headLength) < 0) {
        return;
      }
      String host;
      try {
        host = RequestHead.host(head, headLength);
      } catch (RequestHead.Malformed e) {
        gateway.stats.badRequest.increment();
        head = null;
        refuse(ctx, 400, "Bad Request", e.getMessage());
        return;
      }
      Gateway.Route r = gateway.route(host);
      if (r == null || r.instance() < 0 || r.instance() > r.service().vms.size()) {
        gateway.stats.noService.increment();
        head = null;
        refuse(ctx, 404, "Not Found", r == null ? "no service answers to this host"
            : "the service has no such instance");
        return;
      }
      if (route(ctx, r.service(), r.instance())) {
        byte[] first = head;
        head = null;
        if (!gateway.flows.toGuest(flow, first, 0, headLength)) {
          pause(ctx);
        }
      }
    } finally {
      buf.release();
    }
  }

  /** Opens the flow; false (and the connection refused) when no VM can take it. */
  private boolean route(ChannelHandlerContext ctx, Service s, int instance) {
    if (headTimer != null) {
      headTimer.cancel(false);
    }
    if (s.activeConnections.get() >= gateway.config.maxConnectionsPerService()) {
      gateway.stats.overLimit.increment();
      s.refusedConnections.increment();
      head = null;
      refuse(ctx, 503, "Service Unavailable", "service " + s.name + " has too many connections");
      return false;
    }
    int vm = s.pick(instance, gateway.flows::openFlows);
    Flow f = vm < 0 ? null : gateway.flows.open(s, vm, ctx.channel());
    if (f == null) {
      gateway.stats.vmUnavailable.increment();
      s.refusedConnections.increment();
      head = null;
      refuse(ctx, 503, "Service Unavailable", "service " + s.name + " has no VM able to take"
          + " the connection");
      return false;
    }
    flow = f;
    s.activeConnections.incrementAndGet();
    s.connections.increment();
    gateway.stats.routed.increment();
    return true;
  }

  private void forward(ChannelHandlerContext ctx, ByteBuf buf) {
    int n = buf.readableBytes();
    byte[] bytes = new byte[n];
    buf.readBytes(bytes);
    if (!gateway.flows.toGuest(flow, bytes, 0, n)) {
      pause(ctx);
    }
  }

  private void pause(ChannelHandlerContext ctx) {
    if (!flow.paused) {
      flow.paused = true;
      gateway.stats.pauses.increment();
      ctx.channel().config().setAutoRead(false);
    }
  }

  /** The VM drained its queue: send what waited and read again (event loop). */
  static void resume(FlowTable table, Flow f) {
    if (f.paused && table.flushBacklog(f)) {
      f.paused = false;
      f.channel.config().setAutoRead(true);
    }
  }

  private void refuse(ChannelHandlerContext ctx, int status, String reason, String body) {
    ctx.writeAndFlush(Unpooled.wrappedBuffer(Messages.httpError(status, reason, body)))
        .addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (flow != null && FlowTable.DEFER) {
      gateway.flows.runDeferred(flow.vm);
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (flow != null && ctx.channel().isWritable()) {
      gateway.flows.writable(flow);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    gateway.stats.active.decrementAndGet();
    if (headTimer != null) {
      headTimer.cancel(false);
    }
    if (flow != null) {
      flow.service.activeConnections.decrementAndGet();
      gateway.flows.clientClosed(flow);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // a reset or a broken pipe: the client is gone, channelInactive cleans up
  }
}
