package dev.denali.isa;

/** Error numbers returned (negated) by ecall services and device instructions; Linux's values. */
public final class Errno {
  private Errno() {}

  public static final int EIO = 5;
  public static final int EBADF = 9;
  public static final int EAGAIN = 11;
  public static final int EFAULT = 14;
  public static final int ENODEV = 19;
  public static final int EINVAL = 22;
  public static final int ENOSPC = 28;
  public static final int ENOSYS = 38;
  public static final int EMSGSIZE = 90;
}
