package dev.denali.kernel;

/** A request the kernel refuses (unknown VM, full memory budget, closed kernel), with why. */
public final class KernelException extends RuntimeException {
  public KernelException(String message) {
    super(message);
  }
}
