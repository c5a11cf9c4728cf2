package dev.denali.kernel;

import java.nio.file.Path;

/**
 * How one VM runs: its CPU share, its disk, what happens when it faults, and how much console
 * output the kernel keeps for it.
 *
 * @param weight CPU share: a VM of weight w runs w quanta for each quantum of a weight-1 VM
 *     (1..1000)
 * @param disk a disk image file to attach, or null
 * @param restart what to do when it faults
 * @param consoleBytes how many of the last bytes of its console output the kernel keeps
 */
public record VmOptions(int weight, Path disk, RestartPolicy restart, int consoleBytes) {
  public VmOptions {
    if (weight < 1 || weight > 1000) {
      throw new IllegalArgumentException("weight " + weight + " is not in 1..1000");
    }
    if (consoleBytes < 0 || consoleBytes > 1 << 20) {
      throw new IllegalArgumentException("console capture " + consoleBytes
          + " is not in 0..1 MiB");
    }
    if (restart == null) {
      restart = RestartPolicy.NEVER;
    }
  }

  public static VmOptions defaults() {
    return new VmOptions(1, null, RestartPolicy.NEVER, 1024);
  }

  public VmOptions withWeight(int w) {
    return new VmOptions(w, disk, restart, consoleBytes);
  }

  public VmOptions withDisk(Path d) {
    return new VmOptions(weight, d, restart, consoleBytes);
  }

  public VmOptions withRestart(RestartPolicy r) {
    return new VmOptions(weight, disk, r, consoleBytes);
  }

  public VmOptions withConsoleBytes(int n) {
    return new VmOptions(weight, disk, restart, n);
  }
}
