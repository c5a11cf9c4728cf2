package dev.denali.emu.loader;

import static dev.denali.emu.loader.ElfImage.P_FILESZ;
import static dev.denali.emu.loader.ElfImage.P_MEMSZ;
import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.asm.testing.Processes;
import dev.denali.emu.semantics.Guest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What loading a small hostile file may cost: the loader promises that a malformed or hostile
 * file "never causes an exception, an out-of-memory or a hang" (ProgramLoader's contract,
 * BRIEF.md section 6). Each case loads the file in a child JVM with a small heap, so an
 * OutOfMemoryError there cannot disturb this test JVM, and checks that the child ends normally.
 */
class LoaderResourceTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir
  Path tmp;

  /** Runs {@link LoadInSmallHeap} on {@code elf} in a JVM with {@code heap} of heap. */
  private Processes.Result loadInChildJvm(byte[] elf, String heap) throws IOException {
    Path file = tmp.resolve("hostile.elf");
    Files.write(file, elf);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return Processes.run(List.of(java, "-Xmx" + heap, "-cp",
        System.getProperty("java.class.path"), LoadInSmallHeap.class.getName(),
        file.toString()), TIMEOUT, null);
  }

  @Test
  void theValidBinaryLoadsInASmallHeap() throws IOException {
    Processes.Result r = loadInChildJvm(LoaderTest.VALID, "64m");
    assertThat(r.exitCode()).as(r::describe).isZero();
    assertThat(r.stdoutText()).startsWith("loaded");
  }

  /**
   * A 5 KB file whose text segment says p_memsz = 63 MiB (p_filesz = 4, the note asks for 1 GiB
   * of memory) makes ProgramLoader build the read-only image and the pre-decoded code for all
   * 63 MiB: about 350 MB of arrays and 16.5 million decoded words.
   */
  @Test
  void aHugeZeroFilledTextDoesNotExhaustTheHeap() throws IOException {
    ElfImage img = ElfImage.of(Guest.elf(".text\n.globl _start\n_start: d.exit zero\n",
        Map.of("memory", "1G")));
    int text = img.text();
    assertThat(img.phField(text, P_FILESZ)).isEqualTo(4);
    img.phField(text, P_MEMSZ, 63 << 20);
    assertThat(img.length()).isLessThan(64 << 10);
    Processes.Result r = loadInChildJvm(img.bytes(), "128m");
    assertThat(r.exitCode()).as(r::describe).isZero();
    // Refusing it (text has no zero-filled part in binaries from our assembler or GNU ld) or
    // loading it without arrays sized by p_memsz would both do.
    assertThat(r.stdoutText()).matches("(?s)(loaded|refused: .+)\\n?");
  }
}
