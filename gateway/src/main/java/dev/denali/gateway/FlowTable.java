package dev.denali.gateway;

import dev.denali.isa.NetMessage;
import dev.denali.isa.VirtualRegisters;
import dev.denali.kernel.Kernel;
import dev.denali.kernel.NetSink;
import dev.denali.kernel.VmListener;
import dev.denali.kernel.VmState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every open flow, by id and by VM; the kernel's {@link NetSink} (guests' DATA and CLOSE go to
 * their connections) and a {@link VmListener} (a VM that faults or ends takes its flows with it:
 * a client that got nothing yet receives 502). Messages towards a VM whose receive queue is full
 * wait in the flow's backlog, and the connection stops reading until the VM drains its queue.
 */
final class FlowTable implements NetSink, VmListener {
  private final Kernel kernel;
  private final GatewayStats stats;
  private final int maxPendingOut;
  private final Map<Integer, Flow> flows = new ConcurrentHashMap<>();
  private final Map<Integer, Set<Flow>> byVm = new ConcurrentHashMap<>();
  /** CLOSE messages a full queue refused, by VM, sent when it drains. */
  private final Map<Integer, ArrayDeque<byte[]>> pendingCloses = new ConcurrentHashMap<>();
  private final AtomicInteger nextId = new AtomicInteger(1);
  /**
   * Deliveries from a connection's reads do not queue the VM for a worker: the event loop runs
   * its turn itself after the batch of reads ({@link FrontendHandler#channelReadComplete}).
   */
  static final boolean DEFER = !"false".equals(System.getProperty("denali.gateway.inline"));

  FlowTable(Kernel kernel, GatewayStats stats, int maxPendingOut) {
    this.kernel = kernel;
    this.stats = stats;
    this.maxPendingOut = maxPendingOut;
  }

  /** Registers a connection to {@code vm} and sends OPEN; null when the VM cannot take it. */
  Flow open(Service service, int vm, io.netty.channel.Channel channel) {
    return open(service, vm, channel, null);
  }

  /** Registers a flow for one HTTP request of {@code channel}'s client; null as for open. */
  Flow openExchange(Service service, int vm, io.netty.channel.Channel channel, Exchange e) {
    return open(service, vm, channel, e);
  }

  private Flow open(Service service, int vm, io.netty.channel.Channel channel, Exchange e) {
    int id = nextId.getAndIncrement();
    stats.flowsOpened.increment();
    Flow f = new Flow(id, vm, service, channel, e);
    flows.put(id, f);
    byVm.computeIfAbsent(vm, k -> ConcurrentHashMap.newKeySet()).add(f);
    if (!kernel.deliver(vm, Messages.open(id), DEFER)) {
      forget(f);
      return null;
    }
    return f;
  }

  int size() {
    return flows.size();
  }

  /** Connections open to VM {@code vm} now. */
  int openFlows(int vm) {
    Set<Flow> set = byVm.get(vm);
    return set == null ? 0 : set.size();
  }

  /** Sends client bytes to the flow's VM (event loop); false when they had to wait. */
  boolean toGuest(Flow f, byte[] data, int from, int length) {
    boolean sent = true;
    for (int at = from; at < from + length; at += Messages.MAX_PAYLOAD) {
      int n = Math.min(Messages.MAX_PAYLOAD, from + length - at);
      byte[] m = Messages.message(NetMessage.DATA, f.id, data, at, n);
      if (!f.backlog.isEmpty() || !kernel.deliver(f.vm, m, DEFER)) {
        f.backlog.add(m);
        sent = false;
      }
    }
    f.service.bytesIn.add(length);
    return sent;
  }

  /** Retries a flow's backlog (event loop); true when it is empty now. */
  boolean flushBacklog(Flow f) {
    while (!f.backlog.isEmpty()) {
      if (f.ended || !kernel.deliver(f.vm, f.backlog.peek())) {
        return f.ended;
      }
      f.backlog.poll();
    }
    return true;
  }

  /** The client went away: tell the VM (CLOSE), unless the flow already ended. */
  void clientClosed(Flow f) {
    if (f.ended) {
      return;
    }
    forget(f);
    byte[] close = Messages.close(f.id);
    if (!kernel.deliver(f.vm, close)) {
      ArrayDeque<byte[]> q = pendingCloses.computeIfAbsent(f.vm, k -> new ArrayDeque<>());
      synchronized (q) {
        q.add(close);
      }
    }
  }

  private void forget(Flow f) {
    f.ended = true;
    flows.remove(f.id);
    Set<Flow> set = byVm.get(f.vm);
    if (set != null) {
      set.remove(f);
    }
  }

  /** Channels written by turns run on this event loop and not flushed yet. */
  private static final ThreadLocal<java.util.Set<io.netty.channel.Channel>> UNFLUSHED =
      ThreadLocal.withInitial(java.util.LinkedHashSet::new);

  /** Runs the deferred turn of {@code vm} on this event loop, then flushes what it wrote. */
  void runDeferred(int vm) {
    kernel.runDeferred(vm);
    java.util.Set<io.netty.channel.Channel> written = UNFLUSHED.get();
    if (!written.isEmpty()) {
      for (io.netty.channel.Channel c : written) {
        c.flush();
      }
      written.clear();
    }
  }

  // ------------------------------------------------------------------ NetSink (kernel threads)

  @Override
  public boolean transmit(int vmId, byte[] m) {
    if (m.length < NetMessage.HEADER_BYTES) {
      stats.droppedMessages.increment();
      return true;
    }
    Flow f = flows.get(Messages.flow(m));
    if (f == null || f.vm != vmId) {
      stats.droppedMessages.increment(); // a closed flow, or another VM's: dropped and counted
      return true;
    }
    if (f.http) {
      return toExchange(f, m);
    }
    switch (Messages.kind(m)) {
      case NetMessage.DATA -> {
        int n = m.length - NetMessage.HEADER_BYTES;
        if (!f.channel.isWritable() && f.channel.unsafe().outboundBuffer() != null
            && f.channel.unsafe().outboundBuffer().totalPendingWriteBytes() > maxPendingOut) {
          stats.sendsRefused.increment();
          return false; // the client is not reading: -EAGAIN; IRQ_NET when it drains
        }
        ByteBuf data = Unpooled.wrappedBuffer(m, NetMessage.HEADER_BYTES, n);
        if (f.channel.eventLoop().inEventLoop() && f.queuedWrites.get() == 0) {
          // a turn run by the connection's own event loop: write now, flush once after the turn
          f.channel.write(data, f.channel.voidPromise());
          UNFLUSHED.get().add(f.channel);
        } else {
          inOrder(f, () -> f.channel.writeAndFlush(data, f.channel.voidPromise()));
        }
        f.bytesOut += n;
        f.service.bytesOut.add(n);
      }
      case NetMessage.CLOSE -> {
        forget(f);
        inOrder(f, () -> f.channel.writeAndFlush(Unpooled.EMPTY_BUFFER)
            .addListener(ChannelFutureListener.CLOSE));
      }
      default -> stats.droppedMessages.increment();
    }
    return true;
  }

  /** A guest's message on a flow that carries an HTTP request: to its exchange, in order. */
  private boolean toExchange(Flow f, byte[] m) {
    Exchange e = f.exchange;
    if (e == null) { // an idle link: the guest has nothing to say now
      if (Messages.kind(m) == NetMessage.DATA) {
        stats.droppedMessages.increment(); // bytes after its answer: never reuse this flow
        clientClosed(f);
      } else {
        forget(f);
      }
      return true;
    }
    switch (Messages.kind(m)) {
      case NetMessage.DATA -> {
        int n = m.length - NetMessage.HEADER_BYTES;
        f.bytesOut += n;
        f.service.bytesOut.add(n);
        inOrder(f, () -> e.fromGuest(m, NetMessage.HEADER_BYTES, n));
      }
      case NetMessage.CLOSE -> {
        forget(f);
        inOrder(f, e::guestClosed);
      }
      default -> stats.droppedMessages.increment();
    }
    return true;
  }

  /**
   * Runs {@code write} on the flow's event loop after every write handed to it before. A VM's
   * turns run on kernel workers or on an event loop, one at a time: without this, a turn on the
   * event loop would write before what the previous turn, on a worker, had queued for it, and
   * the client would get the bytes out of order (or the connection closed before them).
   */
  private static void inOrder(Flow f, Runnable write) {
    EventLoop loop = f.channel.eventLoop();
    if (loop.inEventLoop() && f.queuedWrites.get() == 0) {
      write.run();
      return;
    }
    f.queuedWrites.incrementAndGet();
    loop.execute(() -> {
      f.queuedWrites.decrementAndGet();
      write.run();
    });
  }

  @Override
  public void drained(int vmId) {
    ArrayDeque<byte[]> q = pendingCloses.get(vmId);
    if (q != null) {
      synchronized (q) {
        while (!q.isEmpty() && kernel.deliver(vmId, q.peek())) {
          q.poll();
        }
      }
    }
    Set<Flow> set = byVm.get(vmId);
    if (set != null) {
      for (Flow f : set) {
        f.channel.eventLoop().execute(() -> {
          if (!f.http) {
            FrontendHandler.resume(this, f);
          } else if (f.paused && flushBacklog(f)) {
            Exchange e = f.exchange; // the client whose request filled the VM's queue
            if (e != null) {
              e.connection.flowResumed(f);
            } else {
              f.paused = false;
            }
          }
        });
      }
    }
  }

  /** A connection's client drained its socket: wake the VM so that a refused send retries. */
  void writable(Flow f) {
    kernel.raise(f.vm, VirtualRegisters.IRQ_NET);
  }

  // ------------------------------------------------------------------ VmListener

  @Override
  public void faulted(int id, String fault) {
    failAll(id);
  }

  @Override
  public void ended(int id, VmState state) {
    failAll(id);
    pendingCloses.remove(id);
  }

  private void failAll(int vmId) {
    Set<Flow> set = byVm.remove(vmId);
    if (set == null) {
      return;
    }
    for (Flow f : set) {
      forget(f);
      if (f.http) {
        Exchange e = f.exchange;
        if (e != null) {
          inOrder(f, () -> e.fail(io.netty.handler.codec.http.HttpResponseStatus.BAD_GATEWAY,
              "the service's VM stopped before answering"));
        }
        continue;
      }
      f.service.badGateway.increment();
      if (f.bytesOut == 0) {
        f.channel.writeAndFlush(Unpooled.wrappedBuffer(Messages.httpError(502, "Bad Gateway",
            "the service's VM stopped before answering"))).addListener(
                ChannelFutureListener.CLOSE);
      } else {
        // what the VM sent before it stopped goes out first (it may not be flushed yet)
        f.channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      }
    }
  }
}
