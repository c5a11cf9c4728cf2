package dev.denali.emu;

/** A guest binary the loader refuses; the message names what is wrong. */
public final class LoadException extends Exception {
  private static final long serialVersionUID = 1L;

  public LoadException(String message) {
    super(message);
  }
}
