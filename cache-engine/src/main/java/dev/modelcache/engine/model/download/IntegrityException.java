package dev.modelcache.engine.model.download;

import java.io.IOException;

/**
 * A downloaded file is not what it should be: wrong size, wrong hash, or larger than allowed. Its
 * temporary file has been deleted, so it can never be used or resumed.
 */
public final class IntegrityException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Whether the file was refused for exceeding the size limit rather than for its content. */
  private final boolean tooLarge;

  public IntegrityException(String message, boolean tooLarge) {
    super(message);
    this.tooLarge = tooLarge;
  }

  /** Whether the download exceeded the configured maximum size. */
  public boolean tooLarge() {
    return tooLarge;
  }
}
