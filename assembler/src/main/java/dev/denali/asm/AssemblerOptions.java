package dev.denali.asm;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Options of one assembler run.
 *
 * @param settings Denali note settings (memory, stack, service, ...) that the command line adds;
 *     they override what the sources' own {@code .note.denali} section says
 * @param listing whether to produce a listing (address, encoding and source side by side)
 * @param includePath extra folders searched by {@code .include} after the including file's own
 */
public record AssemblerOptions(Map<String, String> settings, boolean listing,
    List<Path> includePath) {

  public static AssemblerOptions defaults() {
    return new AssemblerOptions(Map.of(), false, List.of());
  }

  public AssemblerOptions withListing(boolean on) {
    return new AssemblerOptions(settings, on, includePath);
  }

  public AssemblerOptions withSettings(Map<String, String> s) {
    return new AssemblerOptions(s, listing, includePath);
  }
}
