package dev.denali.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.isa.GuestConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** examples/hello.s, built from start.s, lib.s and hello.s with our assembler. */
class AsmHelloTest {
  static final String EXPECTED = """
      Hello from a Denali assembly guest!
      6 * 7 = 42
      -1 in hex: 0xffffffff
      the greeting is 36 bytes long
      """;

  static byte[] helloElf() {
    return Sdk.assembleFiles(List.of(Sdk.asmDir().resolve("start.s"),
        Sdk.asmDir().resolve("lib.s"), Sdk.example("hello.s")));
  }

  @Test
  void assemblesAndPrintsOnTheInterpreter() {
    Sdk.Run r = Sdk.run("hello", helloElf());
    assertThat(r.exited()).as(r.describe()).isTrue();
    assertThat(r.status()).as(r.describe()).isZero();
    assertThat(r.out()).isEqualTo(EXPECTED);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void carriesItsSettingsInTheNote() {
    var program = Sdk.load("hello", helloElf());
    assertThat(program.settings())
        .isEqualTo(Map.of("memory", "256K", "stack", "16K", "service", "hello"));
    assertThat(program.config()).isEqualTo(new GuestConfig(256 << 10, 16 << 10, "hello"));
  }

  @Test
  void entryIsStartAtTheTextBase() {
    var program = Sdk.load("hello", helloElf());
    assertThat(program.entry()).isEqualTo(0x10000); // start.s comes first on the command line
  }
}
