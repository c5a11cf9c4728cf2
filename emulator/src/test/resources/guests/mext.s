# oracles: gnu qemu
# Self-checking guest: the M extension, with its edge cases (division by zero, signed
# overflow), high multiplies, and algorithms built on them.
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
        li s0, 0x80000000                # INT_MIN
        li s1, -1
        li s2, 7
        li s3, -7
        li s4, 2

        mul t0, s1, s1
        check 1, t0, 1
        mul t0, s0, s1
        check 2, t0, 0x80000000
        li t1, 0x10000
        mul t0, t1, t1
        check 3, t0, 0
        li t1, 123456789
        li t2, 987654321
        mul t0, t1, t2
        check 4, t0, 0xfbff5385          # low word of 121932631112635269
        mulh t0, t1, t2
        check 5, t0, 0x1b13114           # high word
        mulhu t0, s1, s1                 # 0xffffffff^2 = 0xfffffffe_00000001
        check 6, t0, 0xfffffffe
        mulh t0, s1, s1
        check 7, t0, 0
        mulhsu t0, s1, s1                # -1 * 0xffffffff
        check 8, t0, -1
        mulh t0, s0, s0                  # 2^62
        check 9, t0, 0x40000000
        mulhu t0, s0, s0
        check 10, t0, 0x40000000
        mulhsu t0, s0, s1                # -2^31 * (2^32 - 1)
        check 11, t0, 0x80000000

        div t0, s2, zero
        check 12, t0, -1
        divu t0, s2, zero
        check 13, t0, 0xffffffff
        rem t0, s2, zero
        check 14, t0, 7
        remu t0, s3, zero
        check 15, t0, -7
        div t0, s0, s1
        check 16, t0, 0x80000000
        rem t0, s0, s1
        check 17, t0, 0
        div t0, s3, s4
        check 18, t0, -3                 # truncates toward zero
        rem t0, s3, s4
        check 19, t0, -1
        div t0, s2, s3
        check 20, t0, -1
        rem t0, s2, s4
        check 21, t0, 1
        divu t0, s3, s4                  # 0xfffffff9 / 2
        check 22, t0, 0x7ffffffc
        remu t0, s3, s4
        check 23, t0, 1
        divu t0, s0, s1
        check 24, t0, 0
        remu t0, s0, s1
        check 25, t0, 0x80000000

        # gcd(1071, 462) = 21 by Euclid with rem
        li t0, 1071
        li t1, 462
1:      rem t2, t0, t1
        mv t0, t1
        mv t1, t2
        bnez t1, 1b
        check 26, t0, 21

        # isqrt(1000000007) = 31622 by Newton's method with divu
        li t0, 1000000007
        mv t1, t0
2:      divu t2, t0, t1
        add t2, t2, t1
        srli t2, t2, 1
        bgeu t2, t1, 3f
        mv t1, t2
        j 2b
3:      check 27, t1, 31622

        # 64-bit product of two 32-bit values with mul/mulhu, summed over a series:
        # sum over i = 1..1000 of (i * 0x9e3779b9) as a 64-bit value, low and high words.
        li t0, 1
        li t1, 0x9e3779b9
        li t2, 0                         # low
        li t3, 0                         # high
4:      mul t4, t0, t1
        mulhu t5, t0, t1
        add t2, t2, t4
        sltu a1, t2, t4                  # carry
        add t3, t3, t5
        add t3, t3, a1
        addi t0, t0, 1
        li a2, 1001
        bne t0, a2, 4b
        check 28, t2, 0x02e54d74
        check 29, t3, 0x4b84e

        # Decimal digits of 4294967295 with divu/remu: their sum is 4+2+9+4+9+6+7+2+9+5 = 57
        li t0, -1
        li t1, 0
        li t2, 10
5:      remu t3, t0, t2
        add t1, t1, t3
        divu t0, t0, t2
        bnez t0, 5b
        check 30, t1, 57

        li a0, 0
        li a7, 93
        ecall
fail:
        li a7, 93
        ecall
