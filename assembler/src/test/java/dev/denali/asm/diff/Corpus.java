package dev.denali.asm.diff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Finds the test corpus: assembler/src/test/resources/corpus, as copied to the classpath. */
final class Corpus {
  private Corpus() {}

  /** The corpus folder {@code corpus/<sub>} (sub may be empty). */
  static Path dir(String sub) {
    String resource = sub.isEmpty() ? "/corpus" : "/corpus/" + sub;
    URL url = Corpus.class.getResource(resource);
    if (url != null && "file".equals(url.getProtocol())) {
      try {
        return Path.of(url.toURI());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    Path fallback = Path.of("src", "test", "resources", "corpus").resolve(sub);
    if (Files.isDirectory(fallback)) {
      return fallback;
    }
    throw new IllegalStateException("corpus folder " + resource + " not found");
  }

  /** The files directly in {@code corpus/<sub>} whose names end with {@code suffix}, sorted. */
  static List<Path> files(String sub, String suffix) {
    try (Stream<Path> s = Files.list(dir(sub))) {
      return s.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(suffix))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
