# oracles:
# stdout: denali ok\n
# Self-checking guest: what only Denali has: the virtual-register page, the virtual
# devices of single-VM mode and the ecall error returns. Runs without a disk or network.
# Exits 0 when every check passed, else with the number of the first failed check.

        .equ VREGS, 0x1000

        .macro check num, reg, value     # clobbers t5, t6 and a0
        mv t5, \reg
        li t6, \value
        li a0, \num
        bne t5, t6, fail
        .endm

        .text
        .globl _start
_start:
        mv s11, sp                       # the top of memory
        li s0, VREGS
        lw t0, 0x00(s0)
        check 1, t0, 0x494c4e44          # MAGIC, "DNLI"
        lbu t0, 0(s0)
        check 2, t0, 'D'
        lw t0, 0x04(s0)
        check 3, t0, 1                   # VERSION
        lw t0, 0x08(s0)
        li a0, 4
        bne t0, s11, fail                # MEMORY_SIZE: sp starts at the top
        lw t0, 0x34(s0)
        check 5, t0, 0                   # DISK_BLOCKS: no disk
        lw t0, 0x38(s0)
        check 6, t0, 4096                # DISK_BLOCK_SIZE
        lw t0, 0x40(s0)
        check 7, t0, 0                   # IN_HANDLER
        lw t0, 0x18(s0)
        check 8, t0, 0                   # PENDING

        la a1, msg
        li a2, 10
        d.console.write t0, a1, a2
        check 9, t0, 10

        la a1, now
        d.clock.read t0, a1
        check 10, t0, 0
        lw t1, 4(a1)                     # high word of microseconds since 1970
        li t2, 0x60a24                   # 1.7e15 us is 0x00060a24_181e4000
        sltu t3, t1, t2
        check 11, t3, 0

        li a0, 3                         # write(3, ...): EBADF
        la a1, msg
        li a2, 1
        li a7, 64
        ecall
        check 12, a0, -9
        li a7, 1000                      # an unknown service: ENOSYS
        ecall
        check 13, a0, -38
        li a0, 7                         # clock_gettime64 with a bad clock: EINVAL
        la a1, now
        li a7, 403
        ecall
        check 14, a0, -22
        li a0, 1                         # CLOCK_MONOTONIC into the null page: EFAULT
        li a1, 16
        ecall
        check 15, a0, -14

        la a1, msg
        li a2, 4
        d.net.send t0, a1, a2
        check 16, t0, -19                # no network in single-VM mode: ENODEV
        d.disk.flush t0
        check 17, t0, -19                # no disk: ENODEV

        li t1, 0
        d.idle t0, t1                    # yield
        check 18, t0, 0
        li t1, 100
        d.idle t0, t1                    # sleep 100 us
        check 19, t0, 0

        li s1, 0
        d.exit s1
fail:
        d.exit a0

        .section .rodata
msg:    .ascii "denali ok\n"
        .data
        .balign 8
now:    .zero 16
