package dev.denali.gateway.admin;

import dev.denali.gateway.Gateway;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The management API over HTTP, on its own port, bound to loopback unless told otherwise: deploy
 * binaries, scale services, list and control VMs, read counters and Prometheus metrics. Its one
 * thread is separate from the gateway's, so a slow admin call never delays guest traffic.
 * {@link AdminHandler} lists the endpoints; the {@code denali admin} commands call them.
 */
public final class AdminServer implements AutoCloseable {
  /** The largest binary a deploy may upload. */
  public static final int MAX_UPLOAD = 16 << 20;

  private final EventLoopGroup group;
  private final Channel channel;

  private AdminServer(Gateway gateway, String bind, int port) throws InterruptedException {
    this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    this.channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_UPLOAD),
                new AdminHandler(gateway));
          }
        })
        .bind(new InetSocketAddress(bind, port)).sync().channel();
  }

  /** Serves the admin API for {@code gateway} on {@code bind}:{@code port} (0: any port). */
  public static AdminServer start(Gateway gateway, String bind, int port)
      throws InterruptedException {
    return new AdminServer(gateway, bind, port);
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
