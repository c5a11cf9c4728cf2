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
 * @param servicePorts the ports a service may be given a port of its own from (an operator's
 *     choice: by default none below 1024, where system services listen)
 * @param http how the gateway's port serves HTTP, request by request ({@link HttpLimits}); null:
 *     it routes whole connections by their first request's Host (stream mode)
 * @param tls HTTP mode over TLS (HTTP/2 or HTTP/1.1 by ALPN) with the operator's certificate;
 *     null: cleartext (HTTP/1.1, or HTTP/2 with prior knowledge)
 */
public record GatewayConfig(String bind, int port, int threads, int maxHeadBytes,
    Duration headTimeout, Duration idleTimeout, int maxConnectionsPerService,
    int maxPendingOutBytes, PortRange servicePorts, HttpLimits http, Tls tls) {
  /**
   * The gateway's certificate chain and its PKCS#8 private key, PEM files.
   *
   * @param alsoCleartext the port takes cleartext connections too, told apart from TLS by their
   *     first bytes ({@code denali demo}); false (the default): TLS only
   */
  public record Tls(java.nio.file.Path certificate, java.nio.file.Path key,
      boolean alsoCleartext) {
    /** TLS only. */
    public Tls(java.nio.file.Path certificate, java.nio.file.Path key) {
      this(certificate, key, false);
    }

    /** The same files, with cleartext connections taken too. */
    public Tls withCleartext() {
      return new Tls(certificate, key, true);
    }
  }

  /**
   * HTTP mode: the gateway reads each request whole, routes it by its own Host, queues it for
   * its service and hands it to the VM with the fewest requests outstanding.
   *
   * @param maxBodyBytes the largest request body (413 beyond)
   * @param maxResponseBytes the largest response a guest may give (502 beyond)
   * @param requestTimeout how long a request may wait and run before it gets 504
   * @param requestsPerVm requests one VM is given at a time (the rest wait in the queue)
   * @param queuePerService requests that may wait for a service (beyond: 503 with Retry-After
   *     over HTTP/1.1; over HTTP/2 the request waits on its connection, which stops reading)
   * @param accessLog where every answered request is logged ({@code AccessLog}; "-": standard
   *     output), or null for no log
   * @param maxBufferedBytes request and response bodies held in memory at once, over every
   *     connection (503 beyond; see {@code BufferBudget})
   */
  public record HttpLimits(int maxBodyBytes, int maxResponseBytes, Duration requestTimeout,
      int requestsPerVm, int queuePerService, java.nio.file.Path accessLog,
      long maxBufferedBytes) {
    /**
     * 16 MiB bodies, 64 MiB responses, 30 s, 8 requests per VM, 1,024 waiting per service, no
     * access log, and a quarter of the heap (at least 64 MiB) for bodies held at once.
     */
    public static HttpLimits defaults() {
      return new HttpLimits(16 << 20, 64 << 20, Duration.ofSeconds(30), 8, 1024, null,
          Math.max(64L << 20, Runtime.getRuntime().maxMemory() / 4));
    }

    public HttpLimits withMaxBufferedBytes(long n) {
      if (n < 1) {
        throw new IllegalArgumentException("the body buffer budget must be positive: " + n);
      }
      return new HttpLimits(maxBodyBytes, maxResponseBytes, requestTimeout, requestsPerVm,
          queuePerService, accessLog, n);
    }

    public HttpLimits withRequestTimeout(Duration d) {
      return new HttpLimits(maxBodyBytes, maxResponseBytes, d, requestsPerVm, queuePerService,
          accessLog, maxBufferedBytes);
    }

    public HttpLimits withMaxBodyBytes(int n) {
      return new HttpLimits(n, maxResponseBytes, requestTimeout, requestsPerVm, queuePerService,
          accessLog, maxBufferedBytes);
    }

    public HttpLimits withQueue(int perVm, int perService) {
      return new HttpLimits(maxBodyBytes, maxResponseBytes, requestTimeout, perVm, perService,
          accessLog, maxBufferedBytes);
    }

    public HttpLimits withAccessLog(java.nio.file.Path file) {
      return new HttpLimits(maxBodyBytes, maxResponseBytes, requestTimeout, requestsPerVm,
          queuePerService, file, maxBufferedBytes);
    }
  }

  /** The ports from {@code low} to {@code high}, both included. */
  public record PortRange(int low, int high) {
    public PortRange {
      if (low < 1 || high > 65535 || low > high) {
        throw new IllegalArgumentException("a port range is LOW-HIGH within 1-65535, not "
            + low + "-" + high);
      }
    }

    /** Parses "LOW-HIGH" (or one port). */
    public static PortRange parse(String s) {
      String[] p = s.strip().split("-", -1);
      try {
        if (p.length == 1) {
          int port = Integer.parseInt(p[0].strip());
          return new PortRange(port, port);
        }
        if (p.length == 2) {
          return new PortRange(Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip()));
        }
      } catch (NumberFormatException e) {
        // the message below
      }
      throw new IllegalArgumentException("a port range is LOW-HIGH, not '" + s + "'");
    }

    public boolean contains(int port) {
      return port >= low && port <= high;
    }

    @Override
    public String toString() {
      return low + "-" + high;
    }
  }

  public static GatewayConfig defaults() {
    return new GatewayConfig("0.0.0.0", 8080, Math.max(1, Runtime.getRuntime()
        .availableProcessors() / 2), 8192, Duration.ofSeconds(10), Duration.ofSeconds(60),
        10_000, 1 << 20, new PortRange(1024, 65535), null, null);
  }

  public GatewayConfig withPort(int p) {
    return new GatewayConfig(bind, p, threads, maxHeadBytes, headTimeout, idleTimeout,
        maxConnectionsPerService, maxPendingOutBytes, servicePorts, http, tls);
  }

  public GatewayConfig withBind(String address) {
    return new GatewayConfig(address, port, threads, maxHeadBytes, headTimeout, idleTimeout,
        maxConnectionsPerService, maxPendingOutBytes, servicePorts, http, tls);
  }

  public GatewayConfig withThreads(int n) {
    return new GatewayConfig(bind, port, n, maxHeadBytes, headTimeout, idleTimeout,
        maxConnectionsPerService, maxPendingOutBytes, servicePorts, http, tls);
  }

  public GatewayConfig withHeadTimeout(Duration d) {
    return new GatewayConfig(bind, port, threads, maxHeadBytes, d, idleTimeout,
        maxConnectionsPerService, maxPendingOutBytes, servicePorts, http, tls);
  }

  public GatewayConfig withIdleTimeout(Duration d) {
    return new GatewayConfig(bind, port, threads, maxHeadBytes, headTimeout, d,
        maxConnectionsPerService, maxPendingOutBytes, servicePorts, http, tls);
  }

  public GatewayConfig withMaxConnectionsPerService(int n) {
    return new GatewayConfig(bind, port, threads, maxHeadBytes, headTimeout, idleTimeout, n,
        maxPendingOutBytes, servicePorts, http, tls);
  }

  public GatewayConfig withServicePorts(PortRange range) {
    return new GatewayConfig(bind, port, threads, maxHeadBytes, headTimeout, idleTimeout,
        maxConnectionsPerService, maxPendingOutBytes, range, http, tls);
  }

  /** Serves HTTP request by request with {@code limits}; null: stream mode. */
  public GatewayConfig withHttp(HttpLimits limits) {
    return new GatewayConfig(bind, port, threads, maxHeadBytes, headTimeout, idleTimeout,
        maxConnectionsPerService, maxPendingOutBytes, servicePorts, limits, tls);
  }

  /** Serves HTTP mode over TLS with {@code files} (which needs HTTP mode); null: cleartext. */
  public GatewayConfig withTls(Tls files) {
    return new GatewayConfig(bind, port, threads, maxHeadBytes, headTimeout, idleTimeout,
        maxConnectionsPerService, maxPendingOutBytes, servicePorts, http, files);
  }
}
