package dev.denali.gateway;

import dev.denali.kernel.Binary;
import dev.denali.kernel.Histogram;
import dev.denali.kernel.Kernel;
import dev.denali.kernel.KernelException;
import dev.denali.kernel.VmOptions;
import dev.denali.kernel.VmState;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's network gateway: it terminates real TCP connections with Netty and speaks to
 * guests in flow messages through their virtual NICs. A connection is routed by its first
 * request's Host header to a service ({@code hello}, {@code hello.example.com}; {@code
 * 42.hello} picks instance 42), or by the service's own port, and handed to one of the service's
 * VMs. Everything is non-blocking; the VM's bounded receive queue pauses the connection's reads.
 *
 * <pre>{@code
 * Gateway g = Gateway.start(kernel, GatewayConfig.defaults().withPort(8080));
 * g.deploy("hello", kernel.load("hello", elf), 100, VmOptions.defaults(), 0);
 * }</pre>
 */
public final class Gateway implements AutoCloseable {
  /** Service deploys, scales and removals, for the operator (SLF4J). */
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(
      "dev.denali.gateway");

  final Kernel kernel;
  final GatewayConfig config;
  final GatewayStats stats = new GatewayStats();
  final FlowTable flows;
  /** HTTP mode: flows kept open between requests. */
  final GuestLinks links;
  /** HTTP mode: room for the request and response bodies held at once. */
  final BufferBudget buffers;
  private final EventLoopGroup boss;
  /** HTTP mode: where answered requests are logged, or null. */
  final AccessLog accessLog;
  /** HTTP mode over TLS: the context for the gateway's port; null: cleartext. */
  private final io.netty.handler.ssl.SslContext tls;
  private final EventLoopGroup workers;
  private final Channel listener;
  private final Map<String, Service> services = new ConcurrentHashMap<>();
  private final Map<String, Channel> servicePorts = new ConcurrentHashMap<>();

  /** Where a connection goes: a service and an instance (0: any; -1: none that can exist). */
  record Route(Service service, int instance) {}

  private Gateway(Kernel kernel, GatewayConfig config) throws InterruptedException {
    this.kernel = kernel;
    this.config = config;
    if (config.tls() != null && config.http() == null) {
      throw new IllegalArgumentException("TLS needs HTTP mode");
    }
    this.tls = config.tls() == null ? null : HttpPipelines.sslContext(config.tls());
    try {
      this.accessLog = config.http() == null || config.http().accessLog() == null ? null
          : new AccessLog(config.http().accessLog());
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot write the access log "
          + config.http().accessLog() + ": " + e.getMessage());
    }
    this.flows = new FlowTable(kernel, stats, config.maxPendingOutBytes());
    this.links = new GuestLinks(flows);
    this.buffers = new BufferBudget(config.http() == null ? Long.MAX_VALUE
        : config.http().maxBufferedBytes());
    stats.buffered = buffers::held;
    kernel.netSink(flows);
    kernel.addListener(flows);
    this.boss = Transport.group(1);
    kernel.addListener((id, state) -> {
      if (state == VmState.DESTROYED) {
        boss.execute(() -> replace(id)); // off the kernel's thread and the VM's lock
        links.forget(id);
      }
    });
    this.workers = Transport.group(config.threads());
    this.listener = bind(config.port(), null);
  }

  /** HTTP mode: the latencies (microseconds) of {@code service}'s answers, or null. */
  public Histogram latencyMicros(String service) {
    Service s = services.get(service);
    return s == null ? null : s.latencyMicros;
  }

  /** HTTP mode: the sum of the latencies (microseconds) of {@code service}'s answers. */
  public long latencySumMicros(String service) {
    Service s = services.get(service);
    return s == null ? 0 : s.latencySumMicros.sum();
  }

  /**
   * HTTP mode: a request to {@code vm} of {@code s} got no answer in time. A VM that is still
   * computing (a handler stuck in a loop) is restarted afresh from its binary, so the service
   * recovers; its other requests get 502. One that is idle (waiting for something) is left.
   */
  void restartStuck(Service s, int vm) {
    dev.denali.kernel.VmInfo info = kernel.info(vm);
    if (info != null && (info.state() == VmState.RUNNING || info.state() == VmState.RUNNABLE)) {
      try {
        kernel.restart(vm);
        s.timeoutRestarts.increment();
      } catch (KernelException gone) {
        // destroyed or being hibernated meanwhile
      }
    }
  }

  /** HTTP mode: starts what waits for {@code s} and can go to a VM now. */
  void dispatch(Service s) {
    if (config.http() == null) {
      return; // stream mode: connections, not requests, go to VMs
    }
    for (Exchange e : s.requests.assign(s.vms, config.http().requestsPerVm(),
        kernel.config().workers())) {
      e.connection.executor().execute(e::start);
    }
    // HTTP/2 connections whose requests wait for room: woken together once a quarter of the
    // queue is free (one at a time, per request answered, cost 40 % of the throughput)
    int limit = config.http().queuePerService();
    if (!s.parked.isEmpty() && s.requests.waiting() <= limit - Math.max(1, limit / 4)) {
      for (Http2Requests c; (c = s.parked.poll()) != null; ) {
        c.ctx().executor().execute(c::unpark);
      }
    }
  }

  public GatewayConfig config() {
    return config;
  }

  /** Starts listening on the configured port. */
  public static Gateway start(Kernel kernel, GatewayConfig config) throws InterruptedException {
    return new Gateway(kernel, config);
  }

  private Channel bind(int port, Service fixed) throws InterruptedException {
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(Transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 4096)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
            new WriteBufferWaterMark(config.maxPendingOutBytes() / 2, config.maxPendingOutBytes()))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new IdleCloser(stats, config.idleTimeout()));
            if (fixed == null && config.http() != null) {
              HttpPipelines.init(Gateway.this, ch.pipeline(), tls);
            } else {
              ch.pipeline().addLast(new FrontendHandler(Gateway.this, fixed));
            }
          }
        });
    return b.bind(new InetSocketAddress(config.bind(), port)).sync().channel();
  }

  /** The port the gateway listens on (the configured one, or the one chosen for port 0). */
  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** "epoll" or "nio". */
  public String transport() {
    return Transport.name();
  }

  public Kernel kernel() {
    return kernel;
  }

  // ------------------------------------------------------------------ services

  /**
   * Deploys {@code binary} as service {@code name} with {@code instances} VMs (started now), and,
   * when {@code port} is not 0, a port of its own.
   *
   * @throws KernelException when the name is taken or the VMs cannot be made
   */
  public synchronized ServiceInfo deploy(String name, Binary binary, int instances,
      VmOptions options, int port) throws InterruptedException {
    checkName(name);
    if (services.containsKey(name)) {
      throw new KernelException("service " + name + " is already deployed");
    }
    if (port != 0 && !config.servicePorts().contains(port)) {
      throw new KernelException("port " + port + " is outside the ports services may use ("
          + config.servicePorts() + ")");
    }
    checkDiskInstances(options, instances);
    Service s = new Service(name, binary, port, options);
    s.vms.addAll(kernel.spawn(binary, instances, options));
    services.put(name, s);
    if (port != 0) {
      try {
        servicePorts.put(name, bind(port, s));
      } catch (InterruptedException e) {
        remove(name);
        throw e;
      } catch (Exception e) { // Netty rethrows the bind's IOException unchecked
        remove(name);
        throw new KernelException("cannot listen on port " + port + ": " + e.getMessage());
      }
    }
    LOG.info("service {} deployed: {} VM{} of {}{}", name, instances, instances == 1 ? "" : "s",
        binary.name(), port != 0 ? ", port " + port : "");
    return s.info(kernel);
  }

  /**
   * A service's VM was destroyed by someone other than the service (an operator's destroy):
   * a fresh VM of the service's binary and options takes its place, and its instance number,
   * so the service keeps the instances it was given. A VM removed by a scale or a remove is no
   * longer in its service's list by then.
   */
  private synchronized void replace(int id) {
    for (Service s : services.values()) {
      int at = s.vms.indexOf(id);
      if (at >= 0) {
        try {
          s.vms.set(at, kernel.spawn(s.binary, 1, s.options).get(0));
          s.replaced.increment();
        } catch (KernelException e) {
          s.vms.remove(at); // no room for it: the service runs one instance fewer
        }
      }
    }
  }

  /** A disk image belongs to one VM: a service with one runs one instance. */
  private static void checkDiskInstances(VmOptions options, int instances) {
    if (options.disk() != null && instances > 1) {
      throw new KernelException("a service with a disk image (" + options.disk() + ") runs one"
          + " instance: two VMs writing one image would lose each other's writes");
    }
  }

  /**
   * Refuses a service name that clients could not reach by Host: 1..63 lower-case letters,
   * digits, '_' or '-', starting with a letter or digit, and not all digits.
   */
  public static void checkName(String name) {
    if (!name.matches("[a-z0-9][a-z0-9_-]{0,62}") || name.matches("[0-9]+")) {
      throw new KernelException("service name '" + name + "' must be 1..63 lower-case letters,"
          + " digits, '_' or '-', starting with a letter or digit, and not a number");
    }
  }

  /**
   * Changes the number of VMs of a service: starts new ones (made as the deploy said: same
   * weight, restart policy and disk) or destroys the last ones. All or nothing.
   */
  public synchronized ServiceInfo scale(String name, int instances) {
    Service s = service(name);
    if (instances < 0) {
      throw new KernelException("instances must not be negative");
    }
    checkDiskInstances(s.options, instances);
    int before = s.vms.size();
    if (instances > s.vms.size()) {
      s.vms.addAll(kernel.spawn(s.binary, instances - s.vms.size(), s.options));
    }
    while (s.vms.size() > instances) {
      int vm = s.vms.remove(s.vms.size() - 1);
      kernel.destroy(vm);
    }
    if (before != instances) {
      LOG.info("service {} scaled from {} to {} VMs", name, before, instances);
    }
    return s.info(kernel);
  }

  /** How long a VM being replaced may take to answer the requests it has. */
  static final long DRAIN_MILLIS = 30_000;

  /**
   * A rolling update: the service's VMs are replaced, one instance at a time, by VMs of
   * {@code binary}, and no request fails for it. A new VM takes each instance's place before the
   * old one leaves; from then on requests go to the new one, and the old one is destroyed once it
   * has answered the requests it was given (after {@link #DRAIN_MILLIS} at most). A service with
   * a disk image runs one VM, which must close the image before another opens it: the old VM
   * leaves the service first, and requests wait in the service's queue until the new one runs.
   * Returns when every instance runs the new binary; scales and operators' replacements made
   * meanwhile run it too. (In stream mode, where a VM holds whole connections rather than
   * requests, the connections an old VM holds end with it.)
   */
  public ServiceInfo update(String name, Binary binary) throws InterruptedException {
    Service s;
    synchronized (this) {
      s = service(name);
      if (s.updating) {
        throw new KernelException("service " + name + " is being updated already");
      }
      if (binary.program().config().httpMessages() != s.messages) {
        throw new KernelException("the new binary of " + name + " takes HTTP as "
            + (s.messages ? "text" : "messages") + ", the running one as "
            + (s.messages ? "messages" : "text") + ": remove the service and deploy it again");
      }
      s.updating = true;
      s.binary = binary;
    }
    try {
      LOG.info("service {}: rolling update to {} started ({} VMs)", name, binary.name(),
          s.vms.size());
      for (int i = 0; ; i++) {
        int old;
        boolean disk = s.options.disk() != null;
        synchronized (this) {
          if (services.get(name) != s || i >= s.vms.size()) {
            break; // removed, or scaled down, meanwhile
          }
          old = s.vms.get(i);
          if (disk) {
            s.vms.remove(i); // out of the service: not replaced when it ends
          } else {
            s.vms.set(i, kernel.spawn(binary, 1, s.options).get(0));
          }
        }
        dispatch(s);
        long end = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
        while (s.requests.inHand(old) > 0 && System.nanoTime() < end) {
          Thread.sleep(5);
        }
        try {
          kernel.destroy(old);
        } catch (KernelException gone) {
          // ended by itself meanwhile
        }
        if (disk) {
          startWithDisk(s, i);
        }
      }
      LOG.info("service {}: rolling update to {} done", name, binary.name());
      return s.info(kernel);
    } finally {
      synchronized (this) {
        s.updating = false;
      }
    }
  }

  /**
   * Starts the VM of a service with a disk as its instance {@code at + 1}, once the VM it
   * replaces has closed the image (a destroy completes at the end of a running VM's turn).
   */
  private void startWithDisk(Service s, int at) throws InterruptedException {
    long end = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
    while (true) {
      synchronized (this) {
        try {
          s.vms.add(Math.min(at, s.vms.size()), kernel.spawn(s.binary, 1, s.options).get(0));
          break;
        } catch (KernelException busy) {
          if (System.nanoTime() > end) {
            throw busy;
          }
        }
      }
      Thread.sleep(5);
    }
    dispatch(s);
  }

  /** Removes a service: its port closes and its VMs are destroyed. */
  public synchronized void remove(String name) {
    Service s = service(name);
    services.remove(name);
    Channel port = servicePorts.remove(name);
    if (port != null) {
      port.close();
    }
    for (int vm : s.vms) {
      try {
        kernel.destroy(vm);
      } catch (KernelException gone) {
        // already destroyed
      }
    }
    LOG.info("service {} removed ({} VMs destroyed)", name, s.vms.size());
  }

  public List<ServiceInfo> services() {
    return services.values().stream().map(s -> s.info(kernel))
        .sorted(Comparator.comparing(ServiceInfo::name)).toList();
  }

  public ServiceInfo service(String name, boolean required) {
    Service s = required ? service(name) : services.get(name);
    return s == null ? null : s.info(kernel);
  }

  /**
   * The VMs of service {@code name}, in instance order (null when there is none and it is not
   * {@code required}): what {@link #service(String, boolean)} says of them, without adding up
   * the service's counters and its VMs' CPU time.
   */
  public List<Integer> vms(String name, boolean required) {
    Service s = required ? service(name) : services.get(name);
    return s == null ? null : List.copyOf(s.vms);
  }

  private Service service(String name) {
    Service s = services.get(name);
    if (s == null) {
      throw new KernelException("no service " + name);
    }
    return s;
  }

  public GatewayStats stats() {
    return stats;
  }

  /** Open flows (connections routed to a VM). */
  public int flows() {
    return flows.size();
  }

  /**
   * The route for a Host value: its first label names the service, or, when that label is a
   * number, the instance of the service named by the second. Without a match, the only service
   * (when there is exactly one).
   */
  Route route(String host) {
    if (host != null) { // read by hand: this runs for every request
      int dot = host.indexOf('.');
      String first = dot < 0 ? host : host.substring(0, dot);
      Service s = services.get(first);
      if (s != null) {
        return new Route(s, 0);
      }
      if (dot >= 1 && dot <= 9 && digits(first)) {
        int end = host.indexOf('.', dot + 1);
        s = services.get(end < 0 ? host.substring(dot + 1) : host.substring(dot + 1, end));
        if (s != null) {
          int n = Integer.parseInt(first);
          return new Route(s, n == 0 ? -1 : n); // instances count from 1
        }
      }
    }
    if (services.size() == 1) {
      return new Route(services.values().iterator().next(), 0);
    }
    return null;
  }

  private static boolean digits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    listener.close().syncUninterruptibly();
    servicePorts.values().forEach(c -> c.close().syncUninterruptibly());
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    if (accessLog != null) {
      accessLog.close();
    }
  }
}
