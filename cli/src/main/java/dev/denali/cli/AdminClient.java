package dev.denali.cli;

import dev.denali.gateway.admin.AdminToken;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Requests to a running kernel's admin API, with its token, for {@code denali admin}. An answer
 * with an error status carries the server's message (the JSON's {@code "error"} field); a
 * request that gets no answer at all is an {@link Unreachable} saying why.
 */
final class AdminClient {
  private final String url;
  private final Path tokenFile;
  private final HttpClient http = HttpClient.newHttpClient();

  /** An HTTP status and the body that came with it. */
  record Answer(int status, String body) {
    boolean ok() {
      return status < 400;
    }

    /**
     * What the server said went wrong: its {@code {"error": "..."}} message, or the status and
     * the body's first line when the body is not such an object.
     */
    String error() {
      try {
        if (JsonReader.parse(body) instanceof Map<?, ?> m && m.get("error") instanceof String s) {
          return s;
        }
      } catch (JsonReader.NotJson e) {
        // not JSON: shown as it is below
      }
      String first = body.strip().lines().findFirst().orElse("");
      return "HTTP " + status + (first.isEmpty() ? "" : ": " + first);
    }
  }

  /** No answer: nothing listens there, the token cannot be read, the connection failed. */
  static final class Unreachable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreachable(String message) {
      super(message);
    }
  }

  AdminClient(String url, Path tokenFile) {
    this.url = url.replaceAll("/+$", "");
    this.tokenFile = tokenFile;
  }

  /**
   * The dashboard's address, with the token in its fragment: a browser keeps the fragment to
   * itself, and the page reads the token from there.
   */
  String dashboardAddress() throws Unreachable {
    try {
      String token = AdminToken.forClient(URI.create(url), tokenFile);
      return url + "/dashboard" + (token == null ? ""
          : "#token=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException | IllegalArgumentException e) {
      throw new Unreachable(e.getMessage());
    }
  }

  /** Sends {@code method path} (with {@code body}, or none when null) and returns the answer. */
  Answer send(String method, String path, byte[] body) throws Unreachable, InterruptedException {
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60));
      String token = AdminToken.forClient(URI.create(url), tokenFile);
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new Unreachable(e.getMessage());
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (ConnectException e) {
      throw new Unreachable("nothing answers at " + url + " (is `denali serve` running?"
          + " --url names another)");
    } catch (IOException | IllegalArgumentException e) {
      throw new Unreachable(url + ": " + e.getMessage());
    }
  }
}
