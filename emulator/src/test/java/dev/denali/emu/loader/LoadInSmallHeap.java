package dev.denali.emu.loader;

import dev.denali.emu.LoadException;
import dev.denali.emu.ProgramLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads one ELF file in a JVM of its own (started by {@link LoaderResourceTest} with a small
 * heap) and prints "loaded" or "refused: message"; anything thrown makes the exit status
 * non-zero.
 */
public final class LoadInSmallHeap {
  private LoadInSmallHeap() {}

  public static void main(String[] args) throws Exception {
    byte[] elf = Files.readAllBytes(Path.of(args[0]));
    try {
      ProgramLoader.load("small-heap", elf);
      System.out.println("loaded");
    } catch (LoadException e) {
      System.out.println("refused: " + e.getMessage());
    }
  }
}
