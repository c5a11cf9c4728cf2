package dev.denali.samples;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** The built sample services, as the jar carries them ({@code services/NAME.elf}). */
public final class Services {
  /** Every sample, in the order the demo starts them. */
  public static final List<String> ALL = List.of("hello", "static", "kv", "compute");

  private Services() {}

  /** The ELF of service {@code name}, or null when it was not built (a C service without gcc). */
  public static byte[] elf(String name) {
    try (InputStream in = Services.class.getResourceAsStream("/services/" + name + ".elf")) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The disk image built for service {@code name} from its {@code site/} folder ({@code
   * services/NAME.img}), or null when it has none.
   */
  public static byte[] diskImage(String name) {
    try (InputStream in = Services.class.getResourceAsStream("/services/" + name + ".img")) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
  }

  /** The services that were built. */
  public static List<String> available() {
    List<String> out = new ArrayList<>();
    for (String s : ALL) {
      if (elf(s) != null) {
        out.add(s);
      }
    }
    return out;
  }
}
