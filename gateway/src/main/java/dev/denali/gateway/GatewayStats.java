package dev.denali.gateway;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The gateway's counters: every connection it turned away and every message it dropped. */
public final class GatewayStats {
  final LongAdder accepted = new LongAdder();
  final AtomicInteger active = new AtomicInteger();
  final LongAdder routed = new LongAdder();
  final LongAdder noService = new LongAdder();
  final LongAdder badRequest = new LongAdder();
  final LongAdder requestTimeouts = new LongAdder();
  final LongAdder http2 = new LongAdder();
  final LongAdder flowsOpened = new LongAdder();
  final LongAdder headTooLarge = new LongAdder();
  final LongAdder bodyTooLarge = new LongAdder();
  final LongAdder headTimeout = new LongAdder();
  final LongAdder overLimit = new LongAdder();
  final LongAdder vmUnavailable = new LongAdder();
  final LongAdder idleClosed = new LongAdder();
  final LongAdder droppedMessages = new LongAdder();
  final LongAdder sendsRefused = new LongAdder();
  final LongAdder pauses = new LongAdder();
  /** Requests and responses refused because the bodies held already fill the budget. */
  final LongAdder noBufferRoom = new LongAdder();
  /** Bytes of bodies held now ({@link BufferBudget}); set by the gateway. */
  java.util.function.LongSupplier buffered = () -> 0;

  /** The names in {@link #snapshot} that are gauges (values now, not counts). */
  public static final java.util.Set<String> GAUGES =
      java.util.Set.of("connections_active", "buffered_body_bytes");

  /** A copy of the counters, by the names the metrics use. */
  public java.util.Map<String, Long> snapshot() {
    java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
    m.put("connections_accepted", accepted.sum());
    m.put("connections_active", (long) active.get());
    m.put("connections_routed", routed.sum());
    m.put("refused_no_service", noService.sum());
    m.put("refused_bad_request", badRequest.sum());
    m.put("request_timeouts", requestTimeouts.sum());
    m.put("connections_http2", http2.sum());
    m.put("flows_opened", flowsOpened.sum());
    m.put("refused_head_too_large", headTooLarge.sum());
    m.put("refused_body_too_large", bodyTooLarge.sum());
    m.put("refused_head_timeout", headTimeout.sum());
    m.put("refused_over_limit", overLimit.sum());
    m.put("refused_vm_unavailable", vmUnavailable.sum());
    m.put("closed_idle", idleClosed.sum());
    m.put("messages_dropped", droppedMessages.sum());
    m.put("guest_sends_refused", sendsRefused.sum());
    m.put("backpressure_pauses", pauses.sum());
    m.put("refused_no_buffer_room", noBufferRoom.sum());
    m.put("buffered_body_bytes", buffered.getAsLong());
    return m;
  }
}
