package dev.denali.cli;

import dev.denali.gateway.Gateway;
import dev.denali.kernel.KernelException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code denali new c|asm NAME}: a folder NAME with an HTTP service that builds and serves as it
 * is, from templates the jar carries ({@code dev/denali/cli/new/}; {@code @NAME@} in them
 * becomes the name).
 */
@Command(
    name = "new",
    mixinStandardHelpOptions = true,
    description = {
      "Create a folder NAME with a small HTTP service in C or assembly, ready to build and"
          + " serve:",
      "  denali new c hello && cd hello && denali cc hello.c && denali serve hello.elf",
      "  denali new asm hello && cd hello && denali serve hello.s"
    })
final class NewCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "c|asm", description = "the language: c or asm")
  String language;

  @Parameters(index = "1", paramLabel = "NAME",
      description = "the service's name (lower-case letters, digits, - and _), also the"
          + " folder's and the source's")
  String name;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "where to create the folder (default: the current directory)")
  Path dir = Path.of("");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    String template;
    String source;
    switch (language) {
      case "c":
        template = "c/service.c";
        source = name + ".c";
        break;
      case "asm":
      case "s":
        template = "asm/service.s";
        source = name + ".s";
        break;
      default:
        err.println("denali new: the language is c or asm, not " + language);
        return Main.EXIT_USAGE;
    }
    try {
      Gateway.checkName(name); // the gateway's rule, so that a Host header can name it
    } catch (KernelException e) {
      err.println("denali new: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    Path folder = dir.resolve(name);
    if (Files.exists(folder)) {
      err.println("denali new: " + folder + " already exists; nothing written");
      return Main.EXIT_USER_ERROR;
    }
    String text;
    try (InputStream in = NewCommand.class.getResourceAsStream("new/" + template)) {
      if (in == null) {
        err.println("denali new: this build of denali has no template " + template);
        return Main.EXIT_INTERNAL;
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@NAME@", name);
    } catch (IOException e) {
      err.println("denali new: cannot read the template: " + e.getMessage());
      return Main.EXIT_INTERNAL;
    }
    try {
      Files.createDirectories(folder);
      Files.writeString(folder.resolve(source), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println("denali new: cannot write " + folder.resolve(source) + ": " + e.getMessage());
      return Main.EXIT_USER_ERROR;
    }
    out.println("created " + folder.resolve(source));
    out.println("next:");
    out.println("  cd " + folder);
    if (language.equals("c")) {
      out.println("  denali cc " + source + "              # -> " + name + ".elf");
      out.println("  denali serve " + name + ".elf");
    } else {
      out.println("  denali serve " + source);
    }
    out.println("  curl -H 'Host: " + name + "' http://localhost:8080/");
    out.flush();
    return 0;
  }
}
