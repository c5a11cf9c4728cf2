package dev.denali.perf;

/**
 * The benchmark kernels in plain Java: the same algorithms, sizes and data as the guest programs
 * in resources/kernels, returning the guest's exit status. The baseline the engines are measured
 * against.
 */
public final class JavaKernels {
  private JavaKernels() {}

  public static int run(String name) {
    return switch (name) {
      case "loop" -> loop();
      case "sieve" -> sieve();
      case "crc32" -> crc32();
      case "fib" -> fib(27) & 0xFF;
      case "matmul" -> matmul();
      case "sort" -> sort();
      default -> throw new IllegalArgumentException("no kernel named " + name);
    };
  }

  static int loop() {
    int t0 = 10_000_000;
    int t1 = 0;
    int t2 = 0;
    do {
      t1 += t0;
      t2 = t1 ^ t0;
      t0--;
    } while (t0 != 0);
    return (t1 + (t2 & 0)) & 0xFF;
  }

  static int sieve() {
    final int n = 1_000_000;
    byte[] composite = new byte[n];
    for (int i = 2; i * i < n; i++) {
      if (composite[i] == 0) {
        for (int j = i * i; j < n; j += i) {
          composite[j] = 1;
        }
      }
    }
    int count = 0;
    for (int i = 2; i < n; i++) {
      if (composite[i] == 0) {
        count++;
      }
    }
    return count & 0xFF;
  }

  static int crc32() {
    final int size = 65536;
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    int crc = 0;
    for (int round = 0; round < 4; round++) {
      crc = -1;
      for (int i = 0; i < size; i++) {
        crc ^= data[i] & 0xFF;
        for (int b = 0; b < 8; b++) {
          crc = (crc >>> 1) ^ (-(crc & 1) & 0xEDB88320);
        }
      }
      crc = ~crc;
    }
    return crc & 0xFF;
  }

  static int fib(int n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
  }

  static int matmul() {
    final int n = 96;
    int[] a = new int[n * n];
    int[] b = new int[n * n];
    int[] c = new int[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a[i * n + j] = i + j;
        b[i * n + j] = i - j;
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        int sum = 0;
        for (int k = 0; k < n; k++) {
          sum += a[i * n + k] * b[k * n + j];
        }
        c[i * n + j] = sum;
      }
    }
    int total = 0;
    for (int v : c) {
      total += v;
    }
    return total & 0xFF;
  }

  static int sort() {
    final int n = 3000;
    int[] a = new int[n];
    int x = 12345;
    for (int i = 0; i < n; i++) {
      x = x * 1103515245 + 12345;
      a[i] = x >> 8;
    }
    for (int i = 1; i < n; i++) {
      int key = a[i];
      int j = i - 1;
      while (j >= 0 && a[j] > key) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = key;
    }
    int unsorted = 0;
    for (int i = 1; i < n; i++) {
      if (a[i - 1] > a[i]) {
        unsorted = 1;
      }
    }
    return (a[1500] & 0x7F) << 1 | unsorted;
  }
}
