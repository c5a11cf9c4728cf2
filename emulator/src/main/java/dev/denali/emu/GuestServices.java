package dev.denali.emu;

import dev.denali.isa.Ecall;
import dev.denali.isa.Errno;
import dev.denali.isa.OpcodeIds;
import dev.denali.isa.VirtualRegisters;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The ecall services and the Denali virtual instructions of one {@link Vm}, written once for
 * every engine (ISA manual, "ecall services" and "Denali virtual instructions").
 */
final class GuestServices {
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
      ByteOrder.LITTLE_ENDIAN);

  private final Vm vm;

  GuestServices(Vm vm) {
    this.vm = vm;
  }

  /**
   * Runs the ecall service numbered a7 (ISA manual, "ecall services"). Returns true when the VM
   * must stop (it exited).
   */
  boolean ecall() {
    Ecall e = Ecall.byNumber(vm.x[17]);
    if (e == null) {
      vm.x[10] = -Errno.ENOSYS;
      return false;
    }
    switch (e) {
      case WRITE -> {
        int fd = vm.x[10];
        vm.x[10] = fd == 1 || fd == 2 ? consoleWrite(fd, vm.x[11], vm.x[12]) : -Errno.EBADF;
        return false;
      }
      case EXIT, EXIT_GROUP -> {
        vm.exit(vm.x[10]);
        return true;
      }
      case CLOCK_GETTIME64 -> {
        vm.x[10] = clockGettime(vm.x[10], vm.x[11]);
        return false;
      }
      default -> throw new IllegalStateException("BUG: ecall " + e);
    }
  }

  private int clockGettime(int clockId, int addr) {
    long micros;
    if (clockId == Ecall.CLOCK_REALTIME) {
      micros = vm.clock().realtimeMicros();
    } else if (clockId == Ecall.CLOCK_MONOTONIC) {
      micros = vm.clock().monotonicMicros();
    } else {
      return -Errno.EINVAL;
    }
    if (!vm.writable(addr, 16)) {
      return -Errno.EFAULT;
    }
    LONG.set(vm.mem, addr - vm.writableBase, micros / 1_000_000);
    LONG.set(vm.mem, addr - vm.writableBase + 8, (micros % 1_000_000) * 1000);
    return 0;
  }

  private int consoleWrite(int stream, int addr, int length) {
    if (length == 0) {
      return 0;
    }
    byte[] bytes = vm.readRange(addr, length);
    if (bytes == null) {
      return -Errno.EFAULT;
    }
    vm.console().write(stream, bytes, 0, bytes.length);
    return length;
  }

  /**
   * Executes a Denali virtual instruction (ISA manual, "Denali virtual instructions"). Returns
   * true when the VM must stop: it exited, or it went idle (then {@link #pc} must already point
   * past the d.idle), or d.iret returned to a pc outside text (then it faulted).
   */
  boolean denali(int op, int rd, int rs1, int rs2) {
    int a = vm.x[rs1];
    int b = vm.x[rs2];
    switch (op) {
      case OpcodeIds.D_EXIT -> {
        vm.exit(a);
        return true;
      }
      case OpcodeIds.D_IDLE -> {
        vm.idle(a == -1 ? -1 : Integer.toUnsignedLong(a), rd);
        return true;
      }
      case OpcodeIds.D_CONSOLE_WRITE -> vm.x[rd] = consoleWrite(1, a, b);
      case OpcodeIds.D_CLOCK_READ -> {
        if (vm.writable(a, 8)) {
          LONG.set(vm.mem, a - vm.writableBase, vm.clock().realtimeMicros());
          vm.x[rd] = 0;
        } else {
          vm.x[rd] = -Errno.EFAULT;
        }
      }
      case OpcodeIds.D_NET_SEND -> vm.x[rd] = netSend(a, b);
      case OpcodeIds.D_NET_RECV -> vm.x[rd] = netRecv(a, b);
      case OpcodeIds.D_DISK_READ -> vm.x[rd] = diskRead(a, b);
      case OpcodeIds.D_DISK_WRITE -> vm.x[rd] = diskWrite(a, b);
      case OpcodeIds.D_DISK_FLUSH -> vm.x[rd] = diskFlush();
      default -> throw new IllegalStateException("BUG: Denali op " + op);
    }
    vm.x[0] = 0;
    return false;
  }

  private int netSend(int addr, int length) {
    Nic nic = vm.nic();
    if (nic == null) {
      return -Errno.ENODEV;
    }
    if (Integer.compareUnsigned(length, nic.mtu()) > 0) {
      return -Errno.EMSGSIZE;
    }
    byte[] message = vm.readRange(addr, length);
    if (message == null) {
      return -Errno.EFAULT;
    }
    return nic.transmit(message) ? 0 : -Errno.EAGAIN;
  }

  /** Moves the next message into the buffer; taking the last one clears IRQ_NET. */
  private int netRecv(int addr, int capacity) {
    Nic nic = vm.nic();
    if (nic == null) {
      return -Errno.ENODEV;
    }
    byte[] message = nic.peek();
    if (message == null) {
      vm.clearPending(VirtualRegisters.IRQ_NET);
      return -Errno.EAGAIN;
    }
    if (Integer.compareUnsigned(message.length, capacity) > 0) {
      return -Errno.EMSGSIZE;
    }
    if (!vm.writable(addr, message.length)) {
      return -Errno.EFAULT;
    }
    System.arraycopy(message, 0, vm.mem, addr - vm.writableBase, message.length);
    nic.take();
    if (nic.peek() == null) {
      vm.clearPending(VirtualRegisters.IRQ_NET);
    }
    return message.length;
  }

  private int diskRead(int block, int addr) {
    if (vm.disk() == null) {
      return -Errno.ENODEV;
    }
    if (block < 0 || block >= vm.disk().blocks()) {
      return -Errno.EINVAL;
    }
    if (!vm.writable(addr, Disk.BLOCK)) {
      return -Errno.EFAULT;
    }
    try {
      vm.disk().read(block, vm.mem, addr - vm.writableBase);
      return 0;
    } catch (IOException e) {
      return -Errno.EIO;
    }
  }

  private int diskWrite(int block, int addr) {
    if (vm.disk() == null) {
      return -Errno.ENODEV;
    }
    if (block < 0 || block >= vm.disk().blocks()) {
      return -Errno.EINVAL;
    }
    byte[] data = vm.readRange(addr, Disk.BLOCK);
    if (data == null) {
      return -Errno.EFAULT;
    }
    try {
      vm.disk().write(block, data, 0);
      return 0;
    } catch (IOException e) {
      return -Errno.EIO;
    }
  }

  private int diskFlush() {
    if (vm.disk() == null) {
      return -Errno.ENODEV;
    }
    try {
      vm.disk().flush();
      return 0;
    } catch (IOException e) {
      return -Errno.EIO;
    }
  }
}
