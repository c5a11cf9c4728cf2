package dev.denali.emu.qemu;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Shrinks a generated program on which an engine disagrees with qemu: leaves out one block after
 * another (a loop or branch with everything inside it, a call, a straight piece), keeping each
 * omission after which the program still fails, until a whole pass omits nothing more. Every
 * reduced program is still valid (blocks are self-contained: addresses stay inside the buffer,
 * loops keep their counters), so it always terminates.
 */
final class ProgramReducer {
  private ProgramReducer() {}

  /**
   * @param fails whether a source still shows the disagreement
   * @param maxChecks at most this many calls of {@code fails}
   * @return the smallest failing source found
   */
  static String reduce(GeneratedProgram program, Predicate<String> fails, int maxChecks) {
    Set<Integer> omitted = new HashSet<>();
    String current = program.source();
    int checks = 0;
    boolean progress = true;
    while (progress && checks < maxChecks) {
      progress = false;
      for (int id : program.blockIds()) {
        if (omitted.contains(id) || checks >= maxChecks) {
          continue;
        }
        omitted.add(id);
        String candidate = program.source(omitted);
        if (candidate.equals(current)) {
          continue; // inside a block already left out
        }
        checks++;
        if (fails.test(candidate)) {
          current = candidate;
          progress = true;
        } else {
          omitted.remove(id);
        }
      }
    }
    return current;
  }
}
