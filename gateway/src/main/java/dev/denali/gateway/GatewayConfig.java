package dev.denali.gateway;

import java.time.Duration;

/**
 * How the gateway listens and what it bounds.
 *
 * @param bind the address the service port listens on ("0.0.0.0": every interface)
 * @param port the service port (0: any free port)
 * @param threads Netty event-loop threads
 * @param maxHeadBytes the longest request head the gateway reads to route a connection (431
 *     beyond)
 * @param headTimeout how long a new connection may take to send its request head (408 after)
 * @param idleTimeout a routed connection with no bytes either way for this long is closed
 * @param maxConnectionsPerService connections one service may hold (503 beyond)
 * @param maxPendingOutBytes bytes a slow client may leave unread before the guest's sends get
 *     -EAGAIN
 */
public record GatewayConfig(String bind, int port, int threads, int maxHeadBytes,
    Duration headTimeout, Duration idleTimeout, int maxConnectionsPerService,
    int maxPendingOutBytes) {
  public static GatewayConfig defaults() {
    return new GatewayConfig("0.0.0.0", 8080, Math.max(1, Runtime.getRuntime()
        .availableProcessors() / 2), 8192, Duration.ofSeconds(10), Duration.ofSeconds(60),
        10_000, 1 << 20);
  }

  public GatewayConfig withPort(int p) {
    return new GatewayConfig(bind, p, threads, maxHeadBytes, headTimeout, idleTimeout,
        maxConnectionsPerService, maxPendingOutBytes);
  }

  public GatewayConfig withBind(String address) {
    return new GatewayConfig(address, port, threads, maxHeadBytes, headTimeout, idleTimeout,
        maxConnectionsPerService, maxPendingOutBytes);
  }

  public GatewayConfig withThreads(int n) {
    return new GatewayConfig(bind, port, n, maxHeadBytes, headTimeout, idleTimeout,
        maxConnectionsPerService, maxPendingOutBytes);
  }

  public GatewayConfig withHeadTimeout(Duration d) {
    return new GatewayConfig(bind, port, threads, maxHeadBytes, d, idleTimeout,
        maxConnectionsPerService, maxPendingOutBytes);
  }

  public GatewayConfig withIdleTimeout(Duration d) {
    return new GatewayConfig(bind, port, threads, maxHeadBytes, headTimeout, d,
        maxConnectionsPerService, maxPendingOutBytes);
  }

  public GatewayConfig withMaxConnectionsPerService(int n) {
    return new GatewayConfig(bind, port, threads, maxHeadBytes, headTimeout, idleTimeout, n,
        maxPendingOutBytes);
  }
}
