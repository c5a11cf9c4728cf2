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
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import java.util.concurrent.TimeUnit;

/**
 * The management API over HTTP, on its own port, bound to loopback unless told otherwise (and then
 * only over TLS): deploy binaries, scale services, list and control VMs, read counters and
 * Prometheus metrics. Every request needs the kernel's token ({@link AdminAccess} says who else
 * is refused). Its one thread is separate from the gateway's, so a slow admin call never delays
 * guest traffic.
 * {@link AdminHandler} lists the endpoints; the {@code denali admin} commands call them.
 */
public final class AdminServer implements AutoCloseable {
  /** The largest binary a deploy may upload. */
  public static final int MAX_UPLOAD = 16 << 20;

  private final EventLoopGroup group;
  /** Threads that run the API's requests (a long one holds one, never the I/O thread). */
  private static final int HANDLER_THREADS = 4;
  private final io.netty.util.concurrent.EventExecutorGroup handlers;
  private final Channel channel;
  private final AdminConfig config;

  private AdminServer(Gateway gateway, AdminConfig config, SslContext tls)
      throws InterruptedException {
    this.config = config;
    this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    this.handlers = new io.netty.util.concurrent.DefaultEventExecutorGroup(HANDLER_THREADS);
    AdminAccess[] access = new AdminAccess[1]; // set once the port is known, before any request
    Channel ch;
    try {
      ch = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              if (tls != null) {
                ch.pipeline().addLast(tls.newHandler(ch.alloc()));
              }
              ch.pipeline().addLast(new HttpServerCodec(),
                  new HttpObjectAggregator(MAX_UPLOAD));
              // off the I/O thread: a deploy, a scale or a rolling update takes its time, and
              // the dashboard, top and Prometheus keep their answers meanwhile
              ch.pipeline().addLast(handlers, new AdminHandler(gateway, access[0]));
            }
          })
          .bind(new InetSocketAddress(config.bind(), config.port())).sync().channel();
    } catch (RuntimeException | InterruptedException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      handlers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
    this.channel = ch;
    access[0] = new AdminAccess(config, port());
  }

  /**
   * Serves the admin API for {@code gateway} as {@code config} says.
   *
   * @throws IllegalArgumentException when it would listen off loopback without TLS, or the
   *     certificate or key cannot be read
   */
  public static AdminServer start(Gateway gateway, AdminConfig config)
      throws InterruptedException {
    SslContext tls = null;
    if (config.tls()) {
      try {
        tls = SslContextBuilder.forServer(config.tlsCert().toFile(), config.tlsKey().toFile())
            .build();
      } catch (SSLException | IllegalArgumentException e) {
        throw new IllegalArgumentException("cannot use the TLS certificate " + config.tlsCert()
            + " and key " + config.tlsKey() + ": " + e.getMessage());
      }
    } else if (!isLoopback(config.bind())) {
      throw new IllegalArgumentException("the admin API listens on " + config.bind()
          + ", off loopback, only with TLS (give a PEM certificate and key)");
    }
    return new AdminServer(gateway, config, tls);
  }

  private static boolean isLoopback(String bind) {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown admin address " + bind);
    }
  }

  public AdminConfig config() {
    return config;
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    handlers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
