package dev.denali.gateway;

import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection routed to one VM. {@link #backlog} and {@link #paused} belong to the
 * connection's event loop; the rest is read from kernel threads too.
 */
final class Flow {
  final int id;
  final int vm;
  final Service service;
  /** The client connection (in HTTP mode, the one whose request this flow carries). */
  final Channel channel;
  /** HTTP mode: the flow carries requests (an {@link Exchange} at a time); else a connection. */
  final boolean http;
  /** HTTP mode: the request it carries now (the guest's bytes go to it), or null when idle. */
  volatile Exchange exchange;
  volatile long bytesOut;
  volatile boolean ended;
  /**
   * Writes handed to the event loop as tasks and not run yet: while there are any, a write made
   * on the event loop itself must queue behind them, or it would reach the client first.
   */
  final AtomicInteger queuedWrites = new AtomicInteger();
  /** Messages the VM's full receive queue could not take yet, oldest first. */
  final ArrayDeque<byte[]> backlog = new ArrayDeque<>();
  boolean paused;

  Flow(int id, int vm, Service service, Channel channel, Exchange exchange) {
    this.id = id;
    this.vm = vm;
    this.service = service;
    this.channel = channel;
    this.exchange = exchange;
    this.http = exchange != null;
  }
}
