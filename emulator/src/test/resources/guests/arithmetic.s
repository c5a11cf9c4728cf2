# oracles: gnu qemu
# Self-checking guest: RV32I arithmetic, logic, comparisons and shifts.
# Exits 0 when every check passed, else with the number of the first failed check.

        .macro check num, reg, value     # clobbers t5, t6 and a0
        mv t5, \reg
        li t6, \value
        li a0, \num
        bne t5, t6, fail
        .endm

        .text
        .globl _start
_start:
        li s0, 0x7fffffff
        li s1, 1
        add t0, s0, s1
        check 1, t0, 0x80000000          # signed overflow wraps
        li s2, 0x80000000
        add t0, s2, s2
        check 2, t0, 0
        sub t0, s2, s1
        check 3, t0, 0x7fffffff
        sub t0, zero, s2
        check 4, t0, 0x80000000          # -MIN == MIN
        addi t0, s0, 1
        check 5, t0, 0x80000000
        addi t0, zero, -2048
        check 6, t0, -2048

        li s3, -1
        slt t0, s3, s1
        check 7, t0, 1
        sltu t0, s3, s1
        check 8, t0, 0
        slti t0, s2, -2048
        check 9, t0, 1
        sltiu t0, s1, -1                 # 1 < 0xffffffff
        check 10, t0, 1
        seqz t0, zero
        check 11, t0, 1
        snez t0, s3
        check 12, t0, 1

        li s4, 0xf0f0ff00
        li s5, 0x0ff0f0f0
        xor t0, s4, s5
        check 13, t0, 0xff000ff0
        or t0, s4, s5
        check 14, t0, 0xfff0fff0
        and t0, s4, s5
        check 15, t0, 0x00f0f000
        xori t0, s4, -1
        check 16, t0, 0x0f0f00ff
        andi t0, s4, -256
        check 17, t0, 0xf0f0ff00
        ori t0, zero, 0x7ff
        check 18, t0, 0x7ff

        li s6, 0x80000001
        li s7, 33
        sll t0, s6, s7                   # shift amounts use the low 5 bits
        check 19, t0, 2
        srl t0, s6, s7
        check 20, t0, 0x40000000
        sra t0, s6, s7
        check 21, t0, 0xc0000000
        srai t0, s2, 31
        check 22, t0, -1
        srli t0, s2, 31
        check 23, t0, 1
        slli t0, s1, 31
        check 24, t0, 0x80000000
        li t1, -13
        srai t0, t1, 2                   # rounds toward minus infinity
        check 25, t0, -4

        lui t0, 0xfffff
        check 26, t0, 0xfffff000
        lui t0, 0x12345
        addi t0, t0, 0x678
        check 27, t0, 0x12345678
        li t0, 0xdeadbeef
        check 28, t0, 0xdeadbeef
        neg t0, s1
        check 29, t0, -1
        not t0, zero
        check 30, t0, -1

1:      auipc t0, 0                      # auipc sees its own address
        la t1, 1b
        li a0, 31
        bne t0, t1, fail

        # A small checksum: sum of i*i xor i for i in 0..99, computed with adds and shifts.
        li t0, 0
        li t1, 0
        li t2, 100
2:      mv t3, zero                      # t3 = t1 * t1 by shift-and-add
        mv t4, t1
        mv t5, t1
3:      andi a1, t5, 1
        beqz a1, 4f
        add t3, t3, t4
4:      slli t4, t4, 1
        srli t5, t5, 1
        bnez t5, 3b
        xor t3, t3, t1
        add t0, t0, t3
        addi t1, t1, 1
        bne t1, t2, 2b
        check 32, t0, 329520

        li a0, 0
        li a7, 93
        ecall
fail:
        li a7, 93
        ecall
