package dev.denali.cli;

import dev.denali.gateway.Gateway;
import dev.denali.kernel.KernelException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * A service manifest ({@code denali.yaml}): the services a kernel should run, for
 * {@code denali serve denali.yaml} and {@code denali admin apply denali.yaml}.
 *
 * <pre>
 * services:
 *   hello:
 *     binary: hello.elf       # an ELF, or an assembly source; relative to the manifest
 *     instances: 3            # default 1
 *     weight: 2               # CPU share of each VM, default 1
 *     restarts: 5             # restarts after faults, default 5
 *     disk: kv.img            # a disk image (serve only; one instance)
 * </pre>
 *
 * Parsed with snakeyaml-engine (YAML 1.2); an unknown key, a wrong type or a bad name is an
 * error that names the service and the key.
 */
record Manifest(Path file, List<Entry> services) {
  /** One declared service. */
  record Entry(String name, Path binary, int instances, int weight, int restarts, Path disk) {}

  private static final Set<String> KEYS = Set.of("binary", "instances", "weight", "restarts",
      "disk");

  /** Whether {@code arg} names a manifest (by its extension). */
  static boolean isManifest(String arg) {
    return arg.endsWith(".yaml") || arg.endsWith(".yml");
  }

  /** Reads {@code file}; a problem is an IllegalArgumentException saying what and where. */
  static Manifest read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    }
    Object doc;
    try {
      doc = new Load(LoadSettings.builder().setLabel(file.toString()).build())
          .loadFromString(text);
    } catch (YamlEngineException e) {
      // the parser's message repeats each place with a copy of the line and a caret: keep the
      // words and the places, on one line
      String said = e.getMessage().lines().map(String::strip)
          .filter(l -> !l.isEmpty() && !l.equals("^") && !l.matches("\\^+"))
          .filter(l -> !l.startsWith("in ") || l.contains(", line "))
          .distinct().reduce((a, b) -> a + " " + b).orElse("");
      throw new IllegalArgumentException(file + ": not valid YAML: " + said);
    }
    if (!(doc instanceof Map<?, ?> top) || !(top.get("services") instanceof Map<?, ?> map)
        || top.size() != 1) {
      throw new IllegalArgumentException(file + ": give one key, services, mapping each"
          + " service's name to its settings (binary, instances, ...)");
    }
    Path dir = file.toAbsolutePath().getParent();
    List<Entry> services = new ArrayList<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String name = String.valueOf(e.getKey());
      String where = file + ": service " + name;
      try {
        Gateway.checkName(name);
      } catch (KernelException bad) {
        throw new IllegalArgumentException(where + ": " + bad.getMessage());
      }
      if (!(e.getValue() instanceof Map<?, ?> settings)) {
        throw new IllegalArgumentException(where + ": give its settings (binary: FILE, ...)");
      }
      for (Object key : settings.keySet()) {
        if (!KEYS.contains(String.valueOf(key))) {
          throw new IllegalArgumentException(where + ": unknown setting '" + key + "' (known: "
              + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
        }
      }
      if (!(settings.get("binary") instanceof String binary)) {
        throw new IllegalArgumentException(where + ": binary: FILE is required (an ELF or an"
            + " assembly source)");
      }
      Path disk = settings.get("disk") instanceof String d ? dir.resolve(d) : null;
      if (settings.containsKey("disk") && disk == null) {
        throw new IllegalArgumentException(where + ": disk: give a file");
      }
      services.add(new Entry(name, dir.resolve(binary),
          number(settings, "instances", 1, 0, 1_000_000, where),
          number(settings, "weight", 1, 1, 1000, where),
          number(settings, "restarts", 5, 0, 1_000_000, where), disk));
    }
    return new Manifest(file, List.copyOf(services));
  }

  private static int number(Map<?, ?> settings, String key, int dflt, int min, int max,
      String where) {
    Object v = settings.get(key);
    if (v == null) {
      if (settings.containsKey(key)) {
        throw new IllegalArgumentException(where + ": " + key + ": give a number");
      }
      return dflt;
    }
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < min
        || ((Number) v).longValue() > max) {
      throw new IllegalArgumentException(where + ": " + key + ": give a whole number from "
          + min + " to " + max + ", not " + v);
    }
    return ((Number) v).intValue();
  }
}
