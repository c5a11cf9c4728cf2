package dev.denali.gateway;

import io.netty.channel.Channel;
import java.util.ArrayDeque;

/**
 * One client connection routed to one VM. {@link #backlog} and {@link #paused} belong to the
 * connection's event loop; the rest is read from kernel threads too.
 */
final class Flow {
  final int id;
  final int vm;
  final Service service;
  final Channel channel;
  volatile long bytesOut;
  volatile boolean ended;
  /** Messages the VM's full receive queue could not take yet, oldest first. */
  final ArrayDeque<byte[]> backlog = new ArrayDeque<>();
  boolean paused;

  Flow(int id, int vm, Service service, Channel channel) {
    this.id = id;
    this.vm = vm;
    this.service = service;
    this.channel = channel;
  }
}
