package dev.denali.perf.c;

/**
 * The plain-Java twin of {@code ckernels/workload.c}: the same algorithms, sizes, data and order
 * of operations, so it computes the same CRC ({@link #crc()}) and the guest's exit status
 * ({@link #run()}, the CRC's low byte). The C program's pointers are indices here (-1 for NULL),
 * its unsigned 32-bit arithmetic is {@code int} arithmetic with unsigned division, shifts and
 * comparisons where C's are unsigned, and 16- and 8-bit values are masked where C narrows them.
 *
 * <p>Not thread-safe (like the C program, it works in static arrays); each call starts afresh.
 */
public final class JavaWorkload {
  static final int ITERATIONS = 180;
  static final int LIST_SIZE = 200;
  static final int TEXT_SIZE = 1024;
  static final int MAT_N = 20;
  static final int SEED = 0x2545F491;

  private JavaWorkload() {}

  /** The guest's exit status: the low byte of the CRC. */
  public static int run() {
    return crc() & 0xFF;
  }

  /** The CRC the guest prints. */
  public static synchronized int crc() {
    return workload(SEED);
  }

  /** The line the guest prints. */
  public static String output() {
    return String.format("workload: %d iterations, crc 0x%04x%n", ITERATIONS, crc())
        .replace(System.lineSeparator(), "\n");
  }

  // ---- CRC-16 (CRC-16/ARC, bit by bit) ----

  static int crc8(int data, int crc) {
    crc ^= data & 0xFF;
    for (int i = 0; i < 8; i++) {
      if ((crc & 1) != 0) {
        crc = (crc >>> 1) ^ 0xA001;
      } else {
        crc >>>= 1;
      }
    }
    return crc;
  }

  static int crc16(int value, int crc) {
    crc = crc8(value & 0xFF, crc);
    return crc8((value >>> 8) & 0xFF, crc);
  }

  static int crc32w(int value, int crc) {
    crc = crc16(value & 0xFFFF, crc);
    return crc16(value >>> 16, crc);
  }

  // ---- xorshift32: state[0] is the state ----

  static int nextRandom(int[] state) {
    int x = state[0];
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    state[0] = x;
    return x;
  }

  // ---- linked list: node i is (next[i], value[i], key[i]); -1 is NULL ----

  private static final int[] NEXT = new int[LIST_SIZE];
  private static final int[] VALUE = new int[LIST_SIZE];
  private static final int[] KEY = new int[LIST_SIZE];

  private interface Compare {
    int compare(int a, int b);
  }

  private static final Compare BY_VALUE = (a, b) -> VALUE[a] - VALUE[b];
  private static final Compare BY_KEY = (a, b) -> KEY[a] - KEY[b];

  static int listBuild(int[] rng) {
    int head = -1;
    for (int i = LIST_SIZE - 1; i >= 0; i--) {
      KEY[i] = i;
      VALUE[i] = (nextRandom(rng) & 0x3FF) - 512;
      NEXT[i] = head;
      head = i;
    }
    return head;
  }

  static int listFind(int p, int value) {
    for (int pos = 0; p != -1; p = NEXT[p], pos++) {
      if (VALUE[p] == value) {
        return pos;
      }
    }
    return -1;
  }

  static int listReverse(int p) {
    int done = -1;
    while (p != -1) {
      int next = NEXT[p];
      NEXT[p] = done;
      done = p;
      p = next;
    }
    return done;
  }

  private static int listSort(int list, Compare cmp) {
    for (int insize = 1;; insize *= 2) {
      int p = list;
      int tail = -1;
      int merges = 0;
      list = -1;
      while (p != -1) {
        merges++;
        int q = p;
        int psize = 0;
        for (int i = 0; i < insize; i++) {
          psize++;
          q = NEXT[q];
          if (q == -1) {
            break;
          }
        }
        int qsize = insize;
        while (psize > 0 || (qsize > 0 && q != -1)) {
          int e;
          if (psize == 0) {
            e = q;
            q = NEXT[q];
            qsize--;
          } else if (qsize == 0 || q == -1) {
            e = p;
            p = NEXT[p];
            psize--;
          } else if (cmp.compare(p, q) <= 0) {
            e = p;
            p = NEXT[p];
            psize--;
          } else {
            e = q;
            q = NEXT[q];
            qsize--;
          }
          if (tail != -1) {
            NEXT[tail] = e;
          } else {
            list = e;
          }
          tail = e;
        }
        p = q;
      }
      NEXT[tail] = -1;
      if (merges <= 1) {
        return list;
      }
    }
  }

  static int listWork(int seed) {
    int[] rng = {seed | 1};
    int head = listBuild(rng);
    int crc = 0;
    int found = 0;
    int missed = 0;
    for (int i = 0; i < 32; i++) {
      int pos = listFind(head, (nextRandom(rng) & 0x3FF) - 512);
      if (pos >= 0) {
        found += pos;
      } else {
        missed++;
      }
    }
    head = listSort(head, BY_VALUE);
    for (int p = head; p != -1; p = NEXT[p]) {
      crc = crc16(VALUE[p] & 0xFFFF, crc);
    }
    head = listReverse(head);
    for (int i = 0; i < 16; i++) {
      found += listFind(head, VALUE[Integer.remainderUnsigned(nextRandom(rng), LIST_SIZE)]);
    }
    head = listSort(head, BY_KEY);
    int k = 0;
    for (int p = head; p != -1; p = NEXT[p], k++) {
      if (KEY[p] != k) {
        crc ^= 0x5555;
      }
      crc = crc8((VALUE[p] ^ KEY[p]) & 0xFF, crc);
    }
    crc = crc16(found & 0xFFFF, crc);
    return crc16(missed & 0xFFFF, crc);
  }

  // ---- state machine over a generated text ----

  static final int S_START = 0;
  static final int S_INVALID = 1;
  static final int S_SIGN = 2;
  static final int S_INT = 3;
  static final int S_FLOAT = 4;
  static final int S_EXP = 5;
  static final int S_EXPSIGN = 6;
  static final int S_SCI = 7;
  static final int S_COUNT = 8;

  private static final byte[] TEXT = new byte[TEXT_SIZE];

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static final byte[] DIGITS = new byte[10];

  static int putNumber(int n, int v) {
    byte[] digits = DIGITS;
    int k = 0;
    do {
      digits[k++] = (byte) ('0' + Integer.remainderUnsigned(v, 10));
      v = Integer.divideUnsigned(v, 10);
    } while (v != 0);
    while (k > 0) {
      TEXT[n++] = digits[--k];
    }
    return n;
  }

  static int textGenerate(int[] rng) {
    int n = 0;
    while (n < TEXT_SIZE - 24) {
      int r = nextRandom(rng);
      int kind = Integer.remainderUnsigned(r, 6);
      r >>>= 8;
      switch (kind) {
        case 0 -> n = putNumber(n, r % 100000);
        case 1 -> {
          TEXT[n++] = (byte) ((r & 1) != 0 ? '-' : '+');
          n = putNumber(n, (r >>> 1) % 1000);
        }
        case 2 -> {
          n = putNumber(n, r % 1000);
          TEXT[n++] = '.';
          n = putNumber(n, (r >>> 10) % 100);
        }
        case 3 -> {
          n = putNumber(n, r % 10);
          TEXT[n++] = '.';
          n = putNumber(n, (r >>> 4) % 10);
          TEXT[n++] = (byte) ((r & 0x100) != 0 ? 'e' : 'E');
          if ((r & 0x200) != 0) {
            TEXT[n++] = '-';
          }
          n = putNumber(n, (r >>> 10) % 40);
        }
        case 4 -> {
          TEXT[n++] = 'x';
          n = putNumber(n, r % 100);
          TEXT[n++] = '?';
        }
        default -> {
          TEXT[n++] = '.';
          n = putNumber(n, r % 10000);
        }
      }
      TEXT[n++] = ',';
    }
    TEXT[n] = 0;
    return n;
  }

  /** Scans one token from pos[0]; returns its final state; value[0] = its digits. */
  static int scanToken(int[] pos, int[] transitions, int[] value) {
    int p = pos[0];
    int state = S_START;
    int v = 0;
    int c;
    while ((c = TEXT[p] & 0xFF) != 0) {
      p++;
      if (c == ',') {
        break;
      }
      int next;
      switch (state) {
        case S_START:
          if (isDigit(c)) {
            next = S_INT;
          } else if (c == '+' || c == '-') {
            next = S_SIGN;
          } else if (c == '.') {
            next = S_FLOAT;
          } else {
            next = S_INVALID;
          }
          break;
        case S_SIGN:
          if (isDigit(c)) {
            next = S_INT;
          } else if (c == '.') {
            next = S_FLOAT;
          } else {
            next = S_INVALID;
          }
          break;
        case S_INT:
          if (isDigit(c)) {
            next = S_INT;
          } else if (c == '.') {
            next = S_FLOAT;
          } else if (c == 'e' || c == 'E') {
            next = S_EXP;
          } else {
            next = S_INVALID;
          }
          break;
        case S_FLOAT:
          if (isDigit(c)) {
            next = S_FLOAT;
          } else if (c == 'e' || c == 'E') {
            next = S_EXP;
          } else {
            next = S_INVALID;
          }
          break;
        case S_EXP:
          if (c == '+' || c == '-') {
            next = S_EXPSIGN;
          } else if (isDigit(c)) {
            next = S_SCI;
          } else {
            next = S_INVALID;
          }
          break;
        case S_EXPSIGN:
        case S_SCI:
          next = isDigit(c) ? S_SCI : S_INVALID;
          break;
        default:
          next = S_INVALID;
          break;
      }
      if (next != state) {
        transitions[next]++;
      }
      if (isDigit(c)) {
        v = v * 10 + (c - '0');
      }
      state = next;
    }
    pos[0] = p;
    value[0] = v;
    return state;
  }

  static int scanText(int[] finals, int[] transitions, int sum) {
    int[] pos = {0};
    int[] v = {0};
    while (TEXT[pos[0]] != 0) {
      int state = scanToken(pos, transitions, v);
      finals[state]++;
      if (state == S_INT) {
        sum = Integer.remainderUnsigned(sum * 31 + v[0], 65521);
      }
    }
    return sum;
  }

  static void textCorrupt(int length, int step, int mask) {
    for (int i = step / 2; i < length; i += step) {
      TEXT[i] ^= (byte) mask;
    }
  }

  static int stateWork(int seed) {
    int[] rng = {seed | 1};
    int length = textGenerate(rng);
    int[] finals = new int[S_COUNT];
    int[] transitions = new int[S_COUNT];
    int sum = 0;
    int crc = 0;
    int step = 3 + Integer.remainderUnsigned(nextRandom(rng), 13);
    int mask = (nextRandom(rng) & 1) != 0 ? 0x01 : 0x04;
    sum = scanText(finals, transitions, sum);
    textCorrupt(length, step, mask);
    sum = scanText(finals, transitions, sum);
    textCorrupt(length, step + 2, 0x02);
    sum = scanText(finals, transitions, sum);
    textCorrupt(length, step + 2, 0x02);
    textCorrupt(length, step, mask);
    sum = scanText(finals, transitions, sum);
    for (int i = 0; i < S_COUNT; i++) {
      crc = crc32w(finals[i], crc);
      crc = crc16(transitions[i] & 0xFFFF, crc);
    }
    return crc16(sum & 0xFFFF, crc);
  }

  // ---- matrices ----

  private static final short[] MA = new short[MAT_N * MAT_N];
  private static final short[] MB = new short[MAT_N * MAT_N];
  private static final int[] MC = new int[MAT_N * MAT_N];
  private static final short[] VEC = new short[MAT_N];
  private static final int[] VRES = new int[MAT_N];

  static short randomElement(int[] rng) {
    return (short) ((nextRandom(rng) & 0xFFF) - 2048);
  }

  static void matrixInit(int[] rng) {
    for (int i = 0; i < MAT_N * MAT_N; i++) {
      MA[i] = randomElement(rng);
      MB[i] = randomElement(rng);
    }
    for (int i = 0; i < MAT_N; i++) {
      VEC[i] = randomElement(rng);
    }
  }

  static void matrixAddConst(short[] a, short k) {
    for (int i = 0; i < MAT_N * MAT_N; i++) {
      a[i] = (short) (a[i] + k);
    }
  }

  static void matrixMulConst(int[] c, short[] a, short k) {
    for (int i = 0; i < MAT_N * MAT_N; i++) {
      c[i] = a[i] * k;
    }
  }

  static void matrixMulVector(int[] r, short[] a, short[] v) {
    for (int i = 0; i < MAT_N; i++) {
      int acc = 0;
      for (int j = 0; j < MAT_N; j++) {
        acc += a[i * MAT_N + j] * v[j];
      }
      r[i] = acc / 7 + acc % 5;
    }
  }

  static void matrixMulMatrix(int[] c, short[] a, short[] b) {
    for (int i = 0; i < MAT_N; i++) {
      for (int j = 0; j < MAT_N; j++) {
        int acc = 0;
        for (int k = 0; k < MAT_N; k++) {
          acc += a[i * MAT_N + k] * b[k * MAT_N + j];
        }
        c[i * MAT_N + j] = acc;
      }
    }
  }

  static void matrixMulMatrixBits(int[] c, short[] a, short[] b) {
    for (int i = 0; i < MAT_N; i++) {
      for (int j = 0; j < MAT_N; j++) {
        int acc = 0;
        for (int k = 0; k < MAT_N; k++) {
          int t = a[i * MAT_N + k] * b[k * MAT_N + j];
          acc += ((t >> 2) & 0xF) * ((t >> 5) & 0x7F);
        }
        c[i * MAT_N + j] = acc;
      }
    }
  }

  static int matrixSum(int[] c, int n, int clip) {
    int running = 0;
    int previous = 0;
    int score = 0;
    for (int i = 0; i < n; i++) {
      int current = c[i];
      running += current;
      if (running > clip || running < -clip) {
        score += 10;
        running = 0;
      } else if (current > previous) {
        score += 1;
      }
      previous = current;
    }
    return score & 0xFFFF;
  }

  static int matrixWork(int seed) {
    int[] rng = {seed | 1};
    matrixInit(rng);
    short k = (short) ((nextRandom(rng) & 0x1F) - 16);
    int crc = 0;
    matrixAddConst(MA, k);
    matrixMulConst(MC, MA, k);
    crc = crc16(matrixSum(MC, MAT_N * MAT_N, 40000), crc);
    matrixMulVector(VRES, MA, VEC);
    crc = crc16(matrixSum(VRES, MAT_N, 20000000), crc);
    matrixMulMatrix(MC, MA, MB);
    crc = crc16(matrixSum(MC, MAT_N * MAT_N, 100000000), crc);
    matrixMulMatrixBits(MC, MA, MB);
    crc = crc16(matrixSum(MC, MAT_N * MAT_N, 30000), crc);
    matrixAddConst(MA, (short) -k);
    int mix = 0;
    for (int i = 0; i < MAT_N * MAT_N; i++) {
      mix = mix * 33 + (MA[i] & 0xFFFF);
    }
    return crc32w(mix, crc);
  }

  // ---- the whole workload ----

  static int workload(int seed) {
    int crc = 0;
    for (int it = 0; it < ITERATIONS; it++) {
      int s = seed ^ (it * 0x9E3779B9) ^ crc;
      crc = crc16(listWork(s), crc);
      crc = crc16(stateWork(s + crc), crc);
      crc = crc16(matrixWork(s ^ (crc << 16)), crc);
    }
    return crc;
  }
}
