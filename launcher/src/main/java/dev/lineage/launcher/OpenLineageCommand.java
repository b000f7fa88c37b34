package dev.lineage.launcher;

import dev.lineage.api.LineageIngested;
import dev.lineage.api.client.ApiErrorException;
import dev.lineage.api.client.LineageApiClient;
import dev.lineage.api.client.LineageApiException;
import dev.lineage.cli.CommandFailedException;
import dev.lineage.cli.LineageHttp;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lineage openlineage ...}: OpenLineage events by hand (issue 15). */
@Command(
    name = "openlineage",
    mixinStandardHelpOptions = true,
    description = "OpenLineage events: send the output of an integration by hand.",
    subcommands = {OpenLineageCommand.Send.class})
final class OpenLineageCommand implements Runnable {
  /** The environment variable naming the producer's token file. */
  static final String TOKEN_ENV = "LINEAGE_OPENLINEAGE_TOKEN_FILE";

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required: send");
  }

  @Command(
      name = "send",
      mixinStandardHelpOptions = true,
      description = {
        "Sends OpenLineage events from files to POST /api/v1/lineage of lineage-streams, each file"
            + " as it is (one event, or a JSON array of events), with a producer's bearer token.",
        "The server validates every event of a file (nothing of a file with a violation is"
            + " accepted), attests the rest for the producer the token names and folds them into"
            + " the graph."
      })
  static final class Send implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Event files (JSON).")
    List<Path> files;

    @Option(
        names = "--http",
        paramLabel = "URL",
        description =
            "The Lineage HTTP API (default: environment "
                + QueryCommand.HTTP_ENV
                + ", else "
                + CommandLineApi.DEFAULT_URL
                + ").")
    String http;

    @Option(
        names = "--token-file",
        paramLabel = "FILE",
        description =
            "The producer's token: a file holding the token, or a server token file's line"
                + " '<producer> <token>' (the first one; `lineage up` writes"
                + " <data dir>/keys/openlineage-tokens). Default: the file environment "
                + TOKEN_ENV
                + " names. Never on the command line itself.")
    Path tokenFile;

    @Option(
        names = "--timeout",
        paramLabel = "SECONDS",
        defaultValue = "30",
        description = "How long one answer may take (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() {
      URI url;
      try {
        url = QueryCommand.serverUrl(http, System.getenv());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--http: " + e.getMessage());
      }
      if (timeoutSeconds < 1) {
        throw new ParameterException(spec.commandLine(), "--timeout must be 1 or more");
      }
      String token = token();
      LineageApiClient client =
          LineageApiClient.builder(url)
              .connectTimeout(LineageHttp.CONNECT_TIMEOUT)
              .requestTimeout(Duration.ofSeconds(timeoutSeconds))
              .maxRetryWait(LineageHttp.MAX_RETRY_WAIT)
              .signer(LineageApiClient.RequestSigner.authorization("Bearer " + token))
              .build();
      PrintWriter out = spec.commandLine().getOut();
      for (Path file : files) {
        byte[] body;
        try {
          body = Files.readAllBytes(file);
        } catch (IOException e) {
          throw new ParameterException(spec.commandLine(), "cannot read " + file + ": " + e);
        }
        LineageIngested answer;
        try {
          answer = client.sendOpenLineage(body).value();
        } catch (ApiErrorException e) {
          throw new CommandFailedException(
              file
                  + ": "
                  + (e.status() == 401
                      ? "the server refused the token (" + e.error().message() + ")"
                      : "refused, HTTP "
                          + e.status()
                          + " ("
                          + e.reason()
                          + "): "
                          + e.error().message()));
        } catch (LineageApiException e) {
          throw new CommandFailedException(file + ": " + e.getMessage(), e);
        }
        out.println(
            file
                + ": "
                + answer.events().size()
                + " event(s) attested for producer "
                + answer.producer());
        for (LineageIngested.Event e : answer.events()) {
          out.println(
              "  "
                  + e.idempotencyKey()
                  + " -> "
                  + e.topic()
                  + "-"
                  + e.partition()
                  + "@"
                  + e.offset());
        }
      }
      out.flush();
      return 0;
    }

    /** The token: the first line of the file that is not a comment, its last word. */
    private String token() {
      Path file = tokenFile;
      if (file == null) {
        String named = System.getenv(TOKEN_ENV);
        if (named == null || named.isBlank()) {
          throw new ParameterException(
              spec.commandLine(),
              "give the producer's token file: --token-file FILE or " + TOKEN_ENV);
        }
        file = Path.of(named.strip());
      }
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new ParameterException(spec.commandLine(), "--token-file: cannot read " + file);
      }
      for (String line : lines) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        String[] words = l.split("\\s+");
        if (words.length > 2) {
          break;
        }
        return words[words.length - 1];
      }
      throw new ParameterException(
          spec.commandLine(),
          "--token-file: " + file + " holds no token (a token, or '<producer> <token>')");
    }
  }
}
