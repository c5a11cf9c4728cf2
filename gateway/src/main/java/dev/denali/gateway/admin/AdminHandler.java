package dev.denali.gateway.admin;

import dev.denali.emu.LoadException;
import dev.denali.gateway.Gateway;
import dev.denali.gateway.ServiceInfo;
import dev.denali.kernel.Binary;
import dev.denali.kernel.ConsoleChunk;
import dev.denali.kernel.KernelException;
import dev.denali.kernel.RestartPolicy;
import dev.denali.kernel.VmInfo;
import dev.denali.kernel.VmOptions;
import dev.denali.kernel.VmState;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The admin API's endpoints; each answers JSON (or text) and never throws at the client. */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  static final String HELP = """
      Denali admin API (every request: Authorization: Bearer TOKEN, from the kernel's token file)
        GET    /services                          services with their VMs and traffic
        GET    /services/NAME
        POST   /services/NAME?instances=N[&port=P][&weight=W]   body: the ELF; deploys it
        POST   /services/NAME/scale?instances=N
        POST   /services/NAME/update              body: the new ELF; a rolling update
        DELETE /services/NAME                     removes it and destroys its VMs
        GET    /vms[?service=NAME][&state=S][&limit=N]   (at most 10,000 unless limit says)
        GET    /vms/ID
        GET    /services/NAME/logs[?since=ID:OFFSET,...]   its VMs' console output (JSON)
        GET    /vms/ID/console                    the last output of the VM
        POST   /vms/ID/stop | /vms/ID/start | /vms/ID/restart | /vms/ID/hibernate
        DELETE /vms/ID                            (a service's VM is replaced by a fresh one)
        GET    /stats                             kernel and gateway counters (JSON)
        GET    /metrics                           Prometheus metrics
        GET    /top[?limit=N]                     a text view: kernel, services, busiest VMs
        GET    /dashboard#token=TOKEN             a live page for a browser (no token needed
                                                  for the page itself: it holds no data)
      """;

  /** The most VMs one deploy or scale may ask for (each still counts against the budget). */
  static final int MAX_INSTANCES = 1_000_000;

  /** VMs listed when no limit is given: a million hibernated VMs would be 300 MB of JSON. */
  static final int DEFAULT_VM_LIMIT = 10_000;

  private final Gateway gateway;
  private final AdminAccess access;

  AdminHandler(Gateway gateway, AdminAccess access) {
    this.gateway = gateway;
    this.access = access;
  }

  private record Reply(HttpResponseStatus status, String contentType, String body) {
    static Reply json(HttpResponseStatus status, Object value) {
      return new Reply(status, "application/json", Json.of(value) + "\n");
    }

    static Reply error(HttpResponseStatus status, String message) {
      return json(status, Map.of("error", message));
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    Reply reply;
    String asset = DashboardFiles.name(req);
    AdminAccess.Refusal refused = asset != null ? access.checkPage(req) : access.check(req);
    try {
      reply = refused != null ? Reply.error(refused.status(), refused.message())
          : asset != null ? new Reply(HttpResponseStatus.OK, DashboardFiles.type(asset),
              DashboardFiles.text(asset))
          : handle(req);
    } catch (KernelException | IllegalArgumentException e) {
      reply = Reply.error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
    } catch (LoadException e) {
      reply = Reply.error(HttpResponseStatus.UNPROCESSABLE_ENTITY, "not a loadable guest: "
          + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reply = Reply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "interrupted");
    } catch (OutOfMemoryError e) {
      reply = Reply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "the kernel's JVM is out of"
          + " memory; nothing was changed");
    } catch (RuntimeException e) {
      reply = Reply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: "
          + e.getClass().getSimpleName());
    }
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, reply.status,
        Unpooled.copiedBuffer(reply.body, StandardCharsets.UTF_8));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType + "; charset=utf-8");
    res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    res.headers().set("X-Content-Type-Options", "nosniff");
    // the dashboard runs only its own script, talks only to this API, and is never framed
    res.headers().set("Content-Security-Policy", "default-src 'none'; script-src 'self';"
        + " connect-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none';"
        + " base-uri 'none'; form-action 'none'");
    res.headers().set("X-Frame-Options", "DENY");
    res.headers().set("Referrer-Policy", "no-referrer");
    if (reply.status.equals(HttpResponseStatus.UNAUTHORIZED)) {
      res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"denali admin\"");
    }
    HttpUtil.setContentLength(res, res.content().readableBytes());
    boolean keepAlive = refused == null && HttpUtil.isKeepAlive(req);
    HttpUtil.setKeepAlive(res, keepAlive);
    var f = ctx.writeAndFlush(res);
    if (!keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // a reset or broken pipe from an admin client: nothing to tell anyone
  }

  private Reply handle(FullHttpRequest req) throws LoadException, InterruptedException {
    if (req.decoderResult().isFailure()) {
      return Reply.error(HttpResponseStatus.BAD_REQUEST, "not an HTTP request: "
          + req.decoderResult().cause().getMessage());
    }
    QueryStringDecoder q = new QueryStringDecoder(req.uri());
    String[] path = q.path().replaceAll("^/+|/+$", "").split("/");
    HttpMethod m = req.method();
    String first = path[0];
    if (first.isEmpty()) {
      return new Reply(HttpResponseStatus.OK, "text/plain", HELP);
    }
    return switch (first) {
      case "services" -> services(m, path, q, req);
      case "vms" -> vms(m, path, q);
      case "stats" -> Reply.json(HttpResponseStatus.OK, stats());
      case "metrics" -> new Reply(HttpResponseStatus.OK, Metrics.CONTENT_TYPE,
          Metrics.render(gateway));
      case "top" -> new Reply(HttpResponseStatus.OK, "text/plain",
          TopView.render(gateway, intParam(q, "limit", 15, 0, 100_000)));
      default -> Reply.error(HttpResponseStatus.NOT_FOUND, "no endpoint /" + first
          + " (GET / lists them)");
    };
  }

  private Reply services(HttpMethod m, String[] path, QueryStringDecoder q, FullHttpRequest req)
      throws LoadException, InterruptedException {
    if (path.length == 1) {
      return m.equals(HttpMethod.GET) ? Reply.json(HttpResponseStatus.OK, gateway.services())
          : notAllowed(m);
    }
    String name = path[1];
    if (path.length == 3 && path[2].equals("scale") && m.equals(HttpMethod.POST)) {
      return Reply.json(HttpResponseStatus.OK, gateway.scale(name,
          intParam(q, "instances", -1, 0, MAX_INSTANCES)));
    }
    if (path.length == 3 && path[2].equals("update") && m.equals(HttpMethod.POST)) {
      byte[] elf = ByteBufUtil.getBytes(req.content());
      if (elf.length == 0) {
        return Reply.error(HttpResponseStatus.BAD_REQUEST, "send the new guest ELF as the body");
      }
      gateway.vms(name, true); // "no service" before loading anything
      return Reply.json(HttpResponseStatus.OK, gateway.update(name,
          gateway.kernel().load(name, elf)));
    }
    if (path.length == 3 && path[2].equals("logs")) {
      return m.equals(HttpMethod.GET) ? logs(name, q) : notAllowed(m);
    }
    if (path.length != 2) {
      return Reply.error(HttpResponseStatus.NOT_FOUND, "no endpoint " + q.path());
    }
    if (m.equals(HttpMethod.GET)) {
      ServiceInfo s = gateway.service(name, false);
      return s == null ? Reply.error(HttpResponseStatus.NOT_FOUND, "no service " + name)
          : Reply.json(HttpResponseStatus.OK, s);
    }
    if (m.equals(HttpMethod.POST)) {
      byte[] elf = ByteBufUtil.getBytes(req.content());
      if (elf.length == 0) {
        return Reply.error(HttpResponseStatus.BAD_REQUEST, "send the guest ELF as the body");
      }
      Gateway.checkName(name);
      if (gateway.vms(name, false) != null) {
        return Reply.error(HttpResponseStatus.CONFLICT, "service " + name + " is already"
            + " deployed (scale it, or remove it first)");
      }
      Binary b = gateway.kernel().load(name, elf);
      ServiceInfo s = gateway.deploy(name, b, intParam(q, "instances", 1, 0, MAX_INSTANCES),
          options(q), intParam(q, "port", 0, 0, 65535));
      return Reply.json(HttpResponseStatus.CREATED, s);
    }
    if (m.equals(HttpMethod.DELETE)) {
      gateway.remove(name);
      return Reply.json(HttpResponseStatus.OK, Map.of("removed", name));
    }
    return notAllowed(m);
  }

  /**
   * GET /services/NAME/logs[?since=ID:OFFSET,...]: each of the service's VMs' console output
   * from the offset given for it (0 when none: all that is kept), as {@code {"service": NAME,
   * "vms": [{"id", "from", "to", "text"}]}} with only the VMs that wrote something; a follower
   * asks again with each VM's {@code to}. At most {@link #LOGS_MAX_BYTES} of text an answer: a
   * follower gets the rest at its next call.
   */
  private Reply logs(String name, QueryStringDecoder q) {
    List<Integer> ids = gateway.vms(name, false);
    if (ids == null) {
      return Reply.error(HttpResponseStatus.NOT_FOUND, "no service " + name);
    }
    Map<Integer, Long> since = new java.util.HashMap<>();
    String given = param(q, "since");
    if (given != null && !given.isEmpty()) {
      for (String part : given.split(",", -1)) {
        String[] idAndOffset = part.split(":", -1);
        try {
          since.put(Integer.parseInt(idAndOffset[0]), Long.parseLong(idAndOffset[1]));
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
          throw new IllegalArgumentException("since=" + given + ": give ID:OFFSET pairs,"
              + " separated by commas");
        }
      }
    }
    List<Map<String, Object>> vms = new java.util.ArrayList<>();
    long bytes = 0;
    for (int id : ids) {
      ConsoleChunk c;
      try {
        c = gateway.kernel().consoleSince(id, since.getOrDefault(id, 0L));
      } catch (KernelException e) {
        continue; // destroyed since the service was listed
      }
      if (c.bytes().length == 0) {
        continue;
      }
      if (bytes + c.bytes().length > LOGS_MAX_BYTES && !vms.isEmpty()) {
        break;
      }
      bytes += c.bytes().length;
      Map<String, Object> vm = new LinkedHashMap<>();
      vm.put("id", id);
      vm.put("from", c.from());
      vm.put("to", c.to());
      vm.put("text", new String(c.bytes(), StandardCharsets.UTF_8));
      vms.add(vm);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("service", name);
    answer.put("vms", vms);
    return Reply.json(HttpResponseStatus.OK, answer);
  }

  /** The most console text one logs answer carries. */
  static final int LOGS_MAX_BYTES = 1 << 20;

  private Reply vms(HttpMethod m, String[] path, QueryStringDecoder q) {
    if (path.length == 1) {
      if (!m.equals(HttpMethod.GET)) {
        return notAllowed(m);
      }
      List<VmInfo> vms = gateway.kernel().list();
      String service = param(q, "service");
      if (service != null) {
        java.util.Set<Integer> ids = new java.util.HashSet<>(gateway.vms(service, true));
        vms = vms.stream().filter(v -> ids.contains(v.id())).toList(); // 10,000 x 10,000 as a list
      }
      String state = param(q, "state");
      if (state != null) {
        VmState s;
        try {
          s = VmState.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("state=" + state + " is none of "
              + java.util.Arrays.toString(VmState.values()).toLowerCase(Locale.ROOT));
        }
        vms = vms.stream().filter(v -> v.state() == s).toList();
      }
      int limit = intParam(q, "limit", DEFAULT_VM_LIMIT, 0, Integer.MAX_VALUE);
      return Reply.json(HttpResponseStatus.OK, vms.stream().limit(limit).toList());
    }
    int id;
    try {
      id = Integer.parseInt(path[1]);
    } catch (NumberFormatException e) {
      return Reply.error(HttpResponseStatus.BAD_REQUEST, "'" + path[1] + "' is not a VM id");
    }
    VmInfo info = gateway.kernel().info(id);
    if (info == null) {
      return Reply.error(HttpResponseStatus.NOT_FOUND, "no VM " + id);
    }
    if (path.length == 2) {
      if (m.equals(HttpMethod.GET)) {
        return Reply.json(HttpResponseStatus.OK, info);
      }
      if (m.equals(HttpMethod.DELETE)) {
        gateway.kernel().destroy(id);
        return Reply.json(HttpResponseStatus.OK, Map.of("destroyed", id));
      }
      return notAllowed(m);
    }
    String action = path[2];
    if (action.equals("console") && m.equals(HttpMethod.GET)) {
      return new Reply(HttpResponseStatus.OK, "text/plain", gateway.kernel().console(id));
    }
    if (!m.equals(HttpMethod.POST)) {
      return notAllowed(m);
    }
    switch (action) {
      case "stop" -> gateway.kernel().stop(id);
      case "start" -> gateway.kernel().start(id);
      case "restart" -> gateway.kernel().restart(id);
      case "hibernate" -> {
        if (!gateway.kernel().hibernate(id)) {
          return Reply.error(HttpResponseStatus.CONFLICT, "VM " + id + " is not idle");
        }
      }
      default -> {
        return Reply.error(HttpResponseStatus.NOT_FOUND, "no action " + action);
      }
    }
    return Reply.json(HttpResponseStatus.OK, gateway.kernel().info(id));
  }

  private Map<String, Object> stats() {
    var s = gateway.kernel().stats();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("vms", s.vms());
    m.put("byState", s.byState());
    m.put("residentBytes", s.residentBytes());
    m.put("hibernatedBytes", s.hibernatedBytes());
    m.put("runnable", s.runnable());
    m.put("quanta", s.quanta());
    m.put("hibernations", s.hibernations());
    m.put("restores", s.restores());
    m.put("wakeLatencyMicrosP50", s.wakeLatencyMicros().quantile(0.5));
    m.put("wakeLatencyMicrosP99", s.wakeLatencyMicros().quantile(0.99));
    m.put("gateway", gateway.stats().snapshot());
    m.put("flows", gateway.flows());
    m.put("transport", gateway.transport());
    return m;
  }

  private static VmOptions options(QueryStringDecoder q) {
    return VmOptions.defaults().withWeight(intParam(q, "weight", 1, 1, 1000))
        .withRestart(RestartPolicy.upTo(intParam(q, "restarts", 5, 0, 1_000_000)));
  }

  private static Reply notAllowed(HttpMethod m) {
    return Reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, m + " is not allowed here");
  }

  private static String param(QueryStringDecoder q, String name) {
    List<String> v = q.parameters().get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /**
   * The integer parameter {@code name} within {@code min..max}, or {@code dflt} when absent (a
   * negative default: the parameter is required).
   */
  private static int intParam(QueryStringDecoder q, String name, int dflt, int min, int max) {
    String v = param(q, name);
    if (v == null) {
      if (dflt < 0) {
        throw new IllegalArgumentException("give ?" + name + "=N");
      }
      return dflt;
    }
    long n;
    try {
      n = Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "=" + v + " is not a number");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(name + "=" + v + " is out of range (" + min + " to "
          + max + ")");
    }
    return (int) n;
  }
}
