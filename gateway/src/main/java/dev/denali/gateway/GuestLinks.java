package dev.denali.gateway;

import io.netty.channel.EventLoop;
import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP mode's flows kept open between requests: after a guest answers a request and keeps its
 * connection (HTTP/1.1 keep-alive), the flow and its codec wait here for the next request to
 * that VM from the same event loop, which saves the guest an OPEN and a CLOSE per request and
 * the gateway a codec. Each event loop has its own pool (a link is used by one loop only), so
 * the pools need no lock; a link whose flow has ended (the guest closed it, or its VM faulted or
 * was destroyed) is dropped when met.
 */
final class GuestLinks {
  /** A flow to one VM and the codec that speaks to the guest on it. */
  static final class Link {
    final Flow flow;
    final GuestCodec codec;
    final EventLoop loop;

    Link(Flow flow, GuestCodec codec, EventLoop loop) {
      this.flow = flow;
      this.codec = codec;
      this.loop = loop;
    }

    boolean usable() {
      return !flow.ended && codec.usable();
    }

    void discard(FlowTable flows) {
      flows.clientClosed(flow); // CLOSE to the guest, unless the flow has ended
      codec.release();
    }
  }

  /** Per event loop, by VM id (primitive keys: this is looked up for every request). */
  private final Map<EventLoop, IntObjectHashMap<ArrayDeque<Link>>> idle =
      new ConcurrentHashMap<>();
  private final FlowTable flows;

  GuestLinks(FlowTable flows) {
    this.flows = flows;
  }

  private IntObjectHashMap<ArrayDeque<Link>> of(EventLoop loop) {
    IntObjectHashMap<ArrayDeque<Link>> m = idle.get(loop);
    return m != null ? m : idle.computeIfAbsent(loop, l -> new IntObjectHashMap<>());
  }

  /** An idle link to {@code vm} for this event loop, or null (on {@code loop}). */
  Link take(EventLoop loop, int vm) {
    ArrayDeque<Link> q = of(loop).get(vm);
    while (q != null && !q.isEmpty()) {
      Link l = q.pollLast(); // the most recently used: its VM is likely still resident
      if (l.usable()) {
        return l;
      }
      l.discard(flows);
    }
    return null;
  }

  /** Keeps {@code l} for the next request to its VM, at most {@code max} per VM (on its loop). */
  void give(Link l, int max) {
    IntObjectHashMap<ArrayDeque<Link>> m = of(l.loop);
    ArrayDeque<Link> q = m.get(l.flow.vm);
    if (q == null) {
      q = new ArrayDeque<>();
      m.put(l.flow.vm, q);
    }
    q.removeIf(old -> {
      if (!old.usable()) {
        old.discard(flows);
        return true;
      }
      return false;
    });
    if (q.size() >= max) {
      l.discard(flows);
      return;
    }
    q.addLast(l);
  }

  /** Forgets the links of {@code vm} (it ended): on each loop, drops them. */
  void forget(int vm) {
    for (Map.Entry<EventLoop, IntObjectHashMap<ArrayDeque<Link>>> e : idle.entrySet()) {
      e.getKey().execute(() -> {
        ArrayDeque<Link> q = e.getValue().remove(vm);
        if (q != null) {
          q.forEach(l -> l.discard(flows));
        }
      });
    }
  }
}
