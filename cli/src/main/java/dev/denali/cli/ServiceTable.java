package dev.denali.cli;

import dev.denali.gateway.admin.TextFormat;
import dev.denali.kernel.VmState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How {@code denali admin services} prints the services of a running kernel: one line each,
 * with its instances, how clients reach it, the memory its VMs hold, its traffic, and its VMs
 * counted by state (never the list of their ids: a service may have a hundred thousand).
 * Built from the admin API's {@code GET /services} and {@code GET /vms} answers.
 */
final class ServiceTable {
  private ServiceTable() {}

  /** What one service's VMs add up to. */
  private static final class Totals {
    long resident;
    long hibernated;
    final Map<VmState, Integer> states = new EnumMap<>(VmState.class);
  }

  /**
   * Prints {@code services} (the list {@code GET /services} answers) with the states and
   * memory of their VMs from {@code vms} (the list {@code GET /vms} answers).
   *
   * @throws IllegalArgumentException when the answers are not shaped as the admin API's
   */
  static void print(PrintWriter out, Object services, Object vms) {
    Map<Long, Map<String, Object>> vmById = new HashMap<>();
    for (Object v : list(vms)) {
      Map<String, Object> vm = object(v);
      vmById.put(number(vm, "id"), vm);
    }
    List<Object> all = list(services);
    if (all.isEmpty()) {
      out.println("no services (denali admin deploy NAME BINARY starts one)");
      return;
    }
    out.printf(Locale.ROOT, "%-16s %9s  %-22s %22s %12s  %s%n", "SERVICE", "INSTANCES",
        "REACHED BY", "MEMORY", "CONNECTIONS", "VMS BY STATE");
    for (Object s : all) {
      Map<String, Object> service = object(s);
      String name = String.valueOf(service.get("name"));
      List<Object> ids = list(service.get("vms"));
      Totals t = totals(ids, vmById);
      long port = number(service, "port");
      out.printf(Locale.ROOT, "%-16s %,9d  %-22s %22s %,12d  %s%n", name, ids.size(),
          port > 0 ? "port " + port : "Host: " + name, memory(t),
          number(service, "connections"), states(t, ids.size()));
    }
  }

  private static Totals totals(List<Object> ids, Map<Long, Map<String, Object>> vmById) {
    Totals t = new Totals();
    for (Object id : ids) {
      Map<String, Object> vm = vmById.get(id instanceof Long l ? l : -1L);
      if (vm == null) {
        continue; // ended between the two requests
      }
      t.resident += number(vm, "residentBytes");
      t.hibernated += number(vm, "hibernatedBytes");
      VmState state;
      try {
        state = VmState.valueOf(String.valueOf(vm.get("state")).toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown VM state " + vm.get("state"));
      }
      t.states.merge(state, 1, Integer::sum);
    }
    return t;
  }

  private static String memory(Totals t) {
    String resident = TextFormat.bytes(t.resident);
    return t.hibernated == 0 ? resident
        : resident + " + " + TextFormat.bytes(t.hibernated) + " disk";
  }

  /** "3 idle, 1 running", in the kernel's order of states; "-" for none. */
  private static String states(Totals t, int instances) {
    List<String> parts = new ArrayList<>();
    int counted = 0;
    for (Map.Entry<VmState, Integer> e : t.states.entrySet()) {
      parts.add(String.format(Locale.ROOT, "%,d %s", e.getValue(),
          e.getKey().name().toLowerCase(Locale.ROOT)));
      counted += e.getValue();
    }
    if (counted < instances) {
      parts.add(String.format(Locale.ROOT, "%,d gone", instances - counted));
    }
    return parts.isEmpty() ? "-" : String.join(", ", parts);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object v) {
    if (v instanceof List<?> l) {
      return (List<Object>) l;
    }
    throw new IllegalArgumentException("a list expected, got " + shape(v));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object v) {
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalArgumentException("an object expected, got " + shape(v));
  }

  private static long number(Map<String, Object> o, String field) {
    if (o.get(field) instanceof Long n) {
      return n;
    }
    throw new IllegalArgumentException("a number expected in \"" + field + "\", got "
        + shape(o.get(field)));
  }

  private static String shape(Object v) {
    return v == null ? "null" : v.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }
}
