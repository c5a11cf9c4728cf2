package dev.denali.perf.http;

import dev.denali.gateway.GatewayConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrame;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The baseline of {@link HttpBench}: a plain Netty 4.2 hello-world HTTP/1.1 server, as Netty's
 * own HttpHelloWorldServer example writes it ({@link HttpServerCodec}, keep-alive, responses
 * written per request and flushed when a read batch ends). It answers every request with 200,
 * {@code Content-Type: text/plain}, {@code Connection: keep-alive} (the headers hello
 * sends, in the same number of bytes) and the body the hello sample gives from VM 1 ({@code "Hello
 * from Denali VM 1\n"}, 23 bytes), on the gateway's transport (epoll where it loads, else NIO)
 * with as many event-loop threads as {@link GatewayConfig#defaults()}, plus one acceptor.
 *
 * <pre>{@code
 * java -cp perf/target/denali-perf.jar dev.denali.perf.http.NettyHello [port]
 * }</pre>
 */
public final class NettyHello implements AutoCloseable {
  /** The body of hello's answer from VM 1. */
  public static final byte[] BODY = "Hello from Denali VM 1\n".getBytes(StandardCharsets.US_ASCII);

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel listener;

  private NettyHello(String bind, int port, int threads, boolean http2)
      throws InterruptedException {
    boss = group(1);
    workers = group(threads);
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(serverChannel())
        .option(ChannelOption.SO_BACKLOG, 4096)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (http2) {
              ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().initialSettings(
                  Http2Settings.defaultSettings().maxConcurrentStreams(100)).build(),
                  new Hello2());
            } else {
              ch.pipeline().addLast(new HttpServerCodec(), new Hello());
            }
          }
        });
    listener = b.bind(new InetSocketAddress(bind, port)).sync().channel();
  }

  /** Starts on {@code port} (0: any free port) with the gateway's default thread count. */
  public static NettyHello start(String bind, int port) throws InterruptedException {
    return new NettyHello(bind, port, GatewayConfig.defaults().threads(), false);
  }

  /**
   * The HTTP/2 baseline: cleartext HTTP/2 with prior knowledge only (what h2load speaks), each
   * stream answered by {@link Hello2} with the same headers and body, 100 streams at most per
   * connection as the gateway allows. Frames are answered on the connection, as the gateway does
   * ({@code Http2Requests}), not through a child channel per stream ({@code
   * Http2MultiplexHandler}), which made this baseline 1.6 times slower.
   */
  public static NettyHello startHttp2(String bind, int port) throws InterruptedException {
    return new NettyHello(bind, port, GatewayConfig.defaults().threads(), true);
  }

  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** "epoll" or "nio", chosen as the gateway chooses. */
  public static String transport() {
    return Epoll.isAvailable() ? "epoll" : "nio";
  }

  private static EventLoopGroup group(int threads) {
    IoHandlerFactory f = Epoll.isAvailable() ? EpollIoHandler.newFactory()
        : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, f);
  }

  private static Class<? extends ServerChannel> serverChannel() {
    return Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  private static final class Hello extends SimpleChannelInboundHandler<HttpObject> {
    private static final ByteBuf CONTENT = Unpooled.unreleasableBuffer(
        Unpooled.directBuffer(BODY.length).writeBytes(BODY)).asReadOnly();

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (!(msg instanceof HttpRequest req)) {
        return; // the (empty) body of a GET
      }
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
          HttpResponseStatus.OK, CONTENT.duplicate());
      res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
          .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
      if (keepAlive) {
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        ctx.write(res);
      } else {
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.write(res).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /**
   * An HTTP/2 connection: each stream's request, once it has ended, gets the hello answer as a
   * HEADERS frame and a DATA frame ending the stream; a request body's window goes back as it
   * arrives.
   */
  @io.netty.channel.ChannelHandler.Sharable
  private static final class Hello2 extends SimpleChannelInboundHandler<Http2StreamFrame> {
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
      boolean end = frame instanceof Http2HeadersFrame h ? h.isEndStream()
          : frame instanceof Http2DataFrame d && d.isEndStream();
      if (frame instanceof Http2DataFrame d && d.initialFlowControlledBytes() > 0) {
        ctx.write(new DefaultHttp2WindowUpdateFrame(d.initialFlowControlledBytes())
            .stream(d.stream()));
      }
      if (!end) {
        return;
      }
      Http2Headers headers = new DefaultHttp2Headers().status("200")
          .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
          .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
      ctx.write(new DefaultHttp2HeadersFrame(headers).stream(frame.stream()));
      ctx.write(new DefaultHttp2DataFrame(Hello.CONTENT.duplicate(), true)
          .stream(frame.stream()));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  @Override
  public void close() {
    listener.close().syncUninterruptibly();
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Serves until killed: {@code [port] [--h2]} (--h2: the HTTP/2 baseline). */
  public static void main(String[] args) throws InterruptedException {
    boolean h2 = java.util.Arrays.asList(args).contains("--h2");
    int port = args.length > 0 && !args[0].equals("--h2") ? Integer.parseInt(args[0]) : 8081;
    NettyHello h = h2 ? startHttp2("0.0.0.0", port) : start("0.0.0.0", port);
    System.out.println("NettyHello" + (h2 ? " (h2c, prior knowledge)" : "")
        + " on http://localhost:" + h.port() + "/ (" + transport() + ", "
        + GatewayConfig.defaults().threads() + " event-loop thread(s))");
    h.listener.closeFuture().sync();
  }
}
