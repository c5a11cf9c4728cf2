package dev.denali.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The pipelines of HTTP mode: HTTP/1.1 (Netty's codec and aggregator, then an
 * {@link HttpConnection}), and HTTP/2 (Netty's frame codec, then {@link Http2Requests}, which
 * gives every stream an {@link Http2StreamRequest}: frames to one full request, one full
 * response to frames, and an {@link HttpConnection} of its own). Over TLS the
 * protocol is chosen by ALPN (h2 first); in cleartext, a connection that opens with the HTTP/2
 * preface speaks HTTP/2 ("prior knowledge", as h2load and {@code curl --http2-prior-knowledge}
 * do), any other speaks HTTP/1.1.
 */
final class HttpPipelines {
  private HttpPipelines() {}

  /** The TLS context for {@code tls}, offering h2 and http/1.1 by ALPN. */
  static SslContext sslContext(GatewayConfig.Tls tls) {
    try {
      return SslContextBuilder.forServer(tls.certificate().toFile(), tls.key().toFile())
          .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
          .applicationProtocolConfig(new ApplicationProtocolConfig(
              ApplicationProtocolConfig.Protocol.ALPN,
              ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
              ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
              ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
          .build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot use the TLS certificate " + tls.certificate()
          + " and key " + tls.key() + ": " + e.getMessage());
    }
  }

  /** Sets up a new connection of the gateway's port in HTTP mode. */
  static void init(Gateway gateway, ChannelPipeline p, SslContext tls) {
    gateway.stats.accepted.increment();
    gateway.stats.active.incrementAndGet();
    p.channel().closeFuture().addListener(f -> gateway.stats.active.decrementAndGet());
    if (tls == null) {
      p.addLast(new PrefaceSniffer(gateway));
    } else if (gateway.config.tls().alsoCleartext()) {
      p.addLast(new TlsSniffer(gateway, tls));
    } else {
      tls(gateway, p, tls);
    }
  }

  /** TLS, then HTTP/2 or HTTP/1.1 as ALPN chose (HTTP/1.1 when the client offered neither). */
  private static void tls(Gateway gateway, ChannelPipeline p, SslContext tls) {
    p.addLast(tls.newHandler(p.channel().alloc()));
    p.addLast(new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
      @Override
      protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
          http2(gateway, ctx.pipeline());
        } else {
          http1(gateway, ctx.pipeline());
        }
      }
    });
  }

  static void http1(Gateway gateway, ChannelPipeline p) {
    HttpConnection c = new HttpConnection(gateway);
    p.addLast(new HttpConnection.ReadWatch(c),
        new HttpServerCodec(4096, gateway.config.maxHeadBytes(), 8192),
        new HttpConnection.BodySplitter(c), new HttpConnection.BodyWatch(c),
        new CountingAggregator(gateway), c);
  }

  /** Netty's aggregator, counting the bodies it refuses with 413. */
  private static final class CountingAggregator extends HttpObjectAggregator {
    private final GatewayStats stats;

    CountingAggregator(Gateway gateway) {
      super(gateway.config.http().maxBodyBytes());
      this.stats = gateway.stats;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized)
        throws Exception {
      stats.bodyTooLarge.increment();
      super.handleOversizedMessage(ctx, oversized);
    }
  }

  static void http2(Gateway gateway, ChannelPipeline p) {
    gateway.stats.http2.increment();
    // at most 100 streams open at once per connection (each an unanswered request)
    RequestDeadlines deadlines = new RequestDeadlines(p.channel().eventLoop(),
        gateway.config.http().requestTimeout().toNanos());
    p.addLast(Http2FrameCodecBuilder.forServer().initialSettings(Http2Settings.defaultSettings()
            .maxConcurrentStreams(100)).build(),
        new Http2Requests(gateway, deadlines));
  }

  /**
   * A port that takes both: a connection whose first bytes are a TLS record goes to {@link
   * #tls}, any other to the {@link PrefaceSniffer}.
   */
  static final class TlsSniffer extends ByteToMessageDecoder {
    private final Gateway gateway;
    private final SslContext tls;

    TlsSniffer(Gateway gateway, SslContext tls) {
      this.gateway = gateway;
      this.tls = tls;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      if (in.readableBytes() < 5) {
        return; // a TLS record header is 5 bytes
      }
      if (SslHandler.isEncrypted(in, false)) {
        tls(gateway, ctx.pipeline(), tls);
      } else {
        ctx.pipeline().addLast(new PrefaceSniffer(gateway));
      }
      ctx.pipeline().remove(this);
    }
  }

  /**
   * Cleartext: reads the first bytes of a connection, then makes it HTTP/2 (when they are the
   * client preface) or HTTP/1.1, and steps aside.
   */
  static final class PrefaceSniffer extends ByteToMessageDecoder {
    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();
    private final Gateway gateway;

    PrefaceSniffer(Gateway gateway) {
      this.gateway = gateway;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      int n = Math.min(in.readableBytes(), PREFACE.readableBytes());
      boolean prefix = ByteBufUtil.equals(in, in.readerIndex(), PREFACE, 0, n);
      if (prefix && n < PREFACE.readableBytes()) {
        return; // could still be HTTP/2: wait for more
      }
      if (prefix) {
        http2(gateway, ctx.pipeline());
      } else {
        http1(gateway, ctx.pipeline());
      }
      ctx.pipeline().remove(this); // hands the bytes read so far to what follows
    }
  }
}
