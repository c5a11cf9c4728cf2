package dev.denali.perf.suite;

import dev.denali.emu.GuestProgram;
import dev.denali.emu.LoadException;
import dev.denali.emu.ProgramLoader;
import dev.denali.perf.c.CResources;
import dev.denali.perf.c.GuestBuild;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The benchmark suite's C programs: {@code perf/src/main/resources/suite/*.c}, sharing
 * {@code suite.h}. Each checks its own result and prints one line, {@link #RESULT_LINE}, exiting
 * 0 only when the check passed. ELFs are compiled on first use and cached per JVM and build;
 * {@link #load} returns a freshly loaded program each time (so its JIT translation is made anew).
 */
public final class SuitePrograms {
  private SuitePrograms() {}

  /** The sources: the suite resource directory. */
  public static final CResources SOURCES = new CResources("suite");

  /** What a program prints when its check passed: name, iterations, checksum, "ok". */
  public static final Pattern RESULT_LINE =
      Pattern.compile("[a-z0-9]+: \\d+ iterations, checksum 0x[0-9a-f]{8} ok\n");

  private record Key(String name, GuestBuild build) {}

  private static final Map<Key, byte[]> ELF_CACHE = new ConcurrentHashMap<>();

  /** The programs' names, sorted. */
  public static List<String> names() {
    return SOURCES.names();
  }

  /** Program {@code name} compiled with {@code build} (cached). */
  public static byte[] elf(String name, GuestBuild build) {
    return ELF_CACHE.computeIfAbsent(new Key(name, build), k -> SOURCES.compile(name, build));
  }

  /** Program {@code name} compiled with {@code build}, freshly loaded. */
  public static GuestProgram load(String name, GuestBuild build) {
    try {
      return ProgramLoader.load(name, elf(name, build));
    } catch (LoadException e) {
      throw new IllegalStateException("suite program " + name + " does not load: "
          + e.getMessage(), e);
    }
  }
}
