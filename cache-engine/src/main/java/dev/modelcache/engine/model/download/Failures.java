package dev.modelcache.engine.model.download;

import java.io.IOException;
import java.net.SocketTimeoutException;

/** Says in one line what went wrong with a download, for the sources' typed errors. */
public final class Failures {
  private Failures() {}

  /**
   * The cause of a failed request or download: the messages of this package's own exceptions as
   * they are (they name the file and the numbers), timeouts and size refusals with what to change,
   * anything else with its type (e.g. {@code ConnectException: Connection refused}).
   */
  public static String describe(IOException e) {
    if (e instanceof SocketTimeoutException) {
      return "timed out: " + e.getMessage();
    }
    if (e instanceof IntegrityException integrity && integrity.tooLarge()) {
      return e.getMessage() + " (MODEL_CACHE_DOWNLOAD_MAX_MB)";
    }
    if (e.getClass() == IOException.class
        || e instanceof HttpStatusException
        || e instanceof IntegrityException) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
