package dev.denali.gateway;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/** Netty's native epoll transport where it loads (Linux), NIO elsewhere. */
final class Transport {
  private Transport() {}

  static boolean epoll() {
    return Epoll.isAvailable();
  }

  static EventLoopGroup group(int threads) {
    IoHandlerFactory f = epoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, f);
  }

  static Class<? extends ServerChannel> serverChannel() {
    return epoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  static String name() {
    return epoll() ? "epoll" : "nio";
  }
}
