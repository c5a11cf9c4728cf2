package dev.denali.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.denali.asm.testing.ExternalTool;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code denali new} and {@code denali cc} as a new user meets them: a scaffolded service
 * builds and serves as it is, from a folder of its own (the guest SDK comes from the denali
 * distribution, not from a path into the repository).
 */
class NewServiceTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** Starts {@code denali serve FILES} in the background; returns the gateway's port. */
  private int serve(Path... files) throws Exception {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("serve", "--port",
        "0", "--admin-port", "0", "--bind", "127.0.0.1", "--admin-token-file",
        dir.resolve("token").toString(), "--duration", "60s"));
    for (Path f : files) {
      args.add(f.toString());
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    Thread t = new Thread(() -> Main.run(args.toArray(String[]::new), log, errors));
    t.setDaemon(true);
    t.start();
    Pattern p = Pattern.compile("gateway: http://[^:]+:(\\d+)/");
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < end && t.isAlive()) {
      String text = log.toString(StandardCharsets.UTF_8);
      Matcher m = p.matcher(text);
      if (text.contains("serving; Ctrl-C stops") && m.find()) {
        return Integer.parseInt(m.group(1));
      }
      Thread.sleep(10);
    }
    throw new AssertionError("serve did not start:\n" + log + errors);
  }

  private static HttpResponse<String> get(int port, String host, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + port + path)).header("Host", host).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aNewCServiceBuildsWithCcAndServes() throws Exception {
    ExternalTool.require(CcCommand.GCC, "gcc-riscv64-unknown-elf");
    assertThat(run("new", "c", "greeter", "--dir", dir.toString())).as(err.toString()).isZero();
    Path source = dir.resolve("greeter/greeter.c");
    assertThat(source).exists();
    assertThat(out.toString()).contains("denali cc greeter.c")
        .contains("denali serve greeter.elf");

    assertThat(run("cc", "-Wall", "-Wextra", "-Werror", source.toString()))
        .as(err.toString()).isZero();
    Path elf = dir.resolve("greeter/greeter.elf");
    assertThat(elf).isNotEmptyFile();

    int port = serve(elf);
    HttpResponse<String> hello = get(port, "greeter", "/");
    assertThat(hello.statusCode()).isEqualTo(200);
    assertThat(hello.body()).isEqualTo("Hello from greeter on Denali VM 1\n");
    assertThat(get(port, "greeter", "/elsewhere").statusCode()).isEqualTo(404);
  }

  @Test
  void aNewAssemblyServiceServesFromItsSourceWithNoIncludeFlags() throws Exception {
    assertThat(run("new", "asm", "greet", "--dir", dir.toString())).as(err.toString()).isZero();
    Path source = dir.resolve("greet/greet.s");
    assertThat(out.toString()).contains("denali serve greet.s");
    int port = serve(source);
    HttpResponse<String> hello = get(port, "greet", "/");
    assertThat(hello.statusCode()).isEqualTo(200);
    assertThat(hello.body()).isEqualTo("Hello from greet\n");

    // denali asm finds the SDK's includes the same way
    assertThat(run("asm", source.toString())).as(err.toString()).isZero();
    assertThat(dir.resolve("greet/greet.elf")).isNotEmptyFile();
  }

  /** A program using printf and 64-bit division, on each compiler; run by denali run. */
  @ParameterizedTest
  @ValueSource(strings = {"gcc", "clang"})
  void ccBuildsWithEitherCompiler(String compiler) throws Exception {
    if (compiler.equals("gcc")) {
      ExternalTool.require(CcCommand.GCC, "gcc-riscv64-unknown-elf");
    } else {
      ExternalTool.require(CcCommand.CLANG, "clang");
      ExternalTool.require(CcCommand.LLD, "lld");
    }
    Path source = dir.resolve("sum.c");
    Files.writeString(source, """
        #include <denali.h>
        #include <stdio.h>
        DENALI_SETTINGS("memory=256K", "stack=16K");
        int main(void) {
          volatile unsigned x = 7;
          printf("%s says %u\\n", WHO, (unsigned) (SUM / x));
          return 3;
        }
        """);
    Path elf = dir.resolve("sum-" + compiler + ".elf");
    assertThat(run("cc", "--compiler", compiler, "-DWHO=\"" + compiler + "\"",
        "-DSUM=700", "-O1", "-o", elf.toString(), source.toString())).as(err.toString())
        .isZero();
    ByteArrayOutputStream guestOut = new ByteArrayOutputStream();
    int status = Main.run(new String[] {"run", elf.toString()}, guestOut,
        new ByteArrayOutputStream());
    assertThat(status).isEqualTo(3);
    assertThat(guestOut.toString(StandardCharsets.UTF_8)).isEqualTo(compiler + " says 100\n");
  }

  /** The SDK's start file and libc are compiled once per set of options, then reused. */
  @Test
  void ccCompilesTheSdkOncePerSetOfOptions() throws Exception {
    ExternalTool.require(CcCommand.GCC, "gcc-riscv64-unknown-elf");
    Path source = dir.resolve("tiny.c");
    Files.writeString(source, "int main(void) { return 7; }\n");
    String flag = "-DTEST_RUN_" + System.nanoTime(); // options no earlier build used
    assertThat(run("cc", "-v", flag, source.toString())).as(err.toString()).isZero();
    assertThat(err.toString()).contains("crt0.S -o").contains("libc/string.c -o");
    assertThat(run("cc", "-v", flag, source.toString())).as(err.toString()).isZero();
    assertThat(err.toString()).doesNotContain("crt0.S").contains("tiny.c");
    ByteArrayOutputStream guestOut = new ByteArrayOutputStream();
    assertThat(Main.run(new String[] {"run", dir.resolve("tiny.elf").toString()}, guestOut,
        new ByteArrayOutputStream())).isEqualTo(7);
  }

  @Test
  void ccPassesTheCompilersErrorsOnAndWritesNothing() throws Exception {
    ExternalTool.require(CcCommand.GCC, "gcc-riscv64-unknown-elf");
    Path source = dir.resolve("broken.c");
    Files.writeString(source, "int main(void) { return undeclared; }\n");
    assertThat(run("cc", source.toString())).isEqualTo(Main.EXIT_USER_ERROR);
    assertThat(err.toString()).contains("broken.c:1").contains("undeclared")
        .contains("no output written");
    assertThat(dir.resolve("broken.elf")).doesNotExist();

    assertThat(run("cc", dir.resolve("missing.c").toString())).isEqualTo(Main.EXIT_USER_ERROR);
    assertThat(err.toString()).contains("missing.c: no such file");
    assertThat(run("cc", "--compiler", "tcc", source.toString()))
        .isEqualTo(Main.EXIT_USER_ERROR);
    assertThat(err.toString()).contains("gcc or clang");
  }

  @Test
  void newRefusesBadNamesOtherLanguagesAndExistingFolders() throws Exception {
    assertThat(run("new", "c", "Bad Name", "--dir", dir.toString())).isEqualTo(Main.EXIT_USAGE);
    assertThat(err.toString()).contains("lower-case");
    assertThat(run("new", "rust", "svc", "--dir", dir.toString())).isEqualTo(Main.EXIT_USAGE);
    assertThat(err.toString()).contains("c or asm");
    Files.createDirectories(dir.resolve("taken"));
    Files.writeString(dir.resolve("taken/keep.txt"), "mine");
    assertThat(run("new", "c", "taken", "--dir", dir.toString()))
        .isEqualTo(Main.EXIT_USER_ERROR);
    assertThat(err.toString()).contains("already exists");
    assertThat(dir.resolve("taken/keep.txt")).hasContent("mine");
    assertThat(dir.resolve("taken/taken.c")).doesNotExist();
  }
}
