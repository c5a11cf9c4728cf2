# oracles: gnu qemu
# Self-checking guest: bit manipulation with shifts and logic: population count, count of
# leading zeros, bit reversal, and the CRC-32 of "123456789" (0xcbf43926), table-free and
# with a table built at run time.
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
        li a0, 0xf0f0f0f1
        call popcount
        check 1, a0, 17
        li a0, 0
        call popcount
        check 2, a0, 0
        li a0, -1
        call popcount
        check 3, a0, 32

        li a0, 1
        call clz
        check 4, a0, 31
        li a0, 0x80000000
        call clz
        check 5, a0, 0
        li a0, 0
        call clz
        check 6, a0, 32
        li a0, 0x00012345
        call clz
        check 7, a0, 15

        li a0, 0x00000001
        call bitrev
        check 8, a0, 0x80000000
        li a0, 0x12345678
        call bitrev
        check 9, a0, 0x1e6a2c48

        la a0, digits
        li a1, 9
        call crc32_bitwise
        check 10, a0, 0xcbf43926

        call crc32_make_table
        la a0, digits
        li a1, 9
        call crc32_table
        check 11, a0, 0xcbf43926
        la a0, digits
        li a1, 0
        call crc32_table
        check 12, a0, 0

        li a0, 0
        li a7, 93
        ecall
fail:
        li a7, 93
        ecall

popcount:
        li t0, 0
1:      beqz a0, 2f
        addi t1, a0, -1
        and a0, a0, t1                   # clear the lowest set bit
        addi t0, t0, 1
        j 1b
2:      mv a0, t0
        ret

clz:    li t0, 32
        beqz a0, 2f
        li t0, 0
1:      bltz a0, 2f                      # top bit set
        slli a0, a0, 1
        addi t0, t0, 1
        j 1b
2:      mv a0, t0
        ret

bitrev: li t0, 0
        li t1, 32
1:      slli t0, t0, 1
        andi t2, a0, 1
        or t0, t0, t2
        srli a0, a0, 1
        addi t1, t1, -1
        bnez t1, 1b
        mv a0, t0
        ret

crc32_bitwise:                           # a0 = buffer, a1 = length
        li t0, -1
        li t3, 0xedb88320
        beqz a1, 3f
1:      lbu t1, 0(a0)
        xor t0, t0, t1
        li t2, 8
2:      andi t4, t0, 1
        srli t0, t0, 1
        neg t4, t4
        and t4, t4, t3
        xor t0, t0, t4
        addi t2, t2, -1
        bnez t2, 2b
        addi a0, a0, 1
        addi a1, a1, -1
        bnez a1, 1b
3:      not a0, t0
        ret

crc32_make_table:
        la a2, table
        li t3, 0xedb88320
        li t0, 0                         # n
1:      mv t1, t0
        li t2, 8
2:      andi t4, t1, 1
        srli t1, t1, 1
        beqz t4, 3f
        xor t1, t1, t3
3:      addi t2, t2, -1
        bnez t2, 2b
        slli t5, t0, 2
        add t5, a2, t5
        sw t1, 0(t5)
        addi t0, t0, 1
        li t6, 256
        bne t0, t6, 1b
        ret

crc32_table:
        la a2, table
        li t0, -1
        beqz a1, 2f
1:      lbu t1, 0(a0)
        xor t1, t1, t0
        andi t1, t1, 0xff
        slli t1, t1, 2
        add t1, a2, t1
        lw t1, 0(t1)
        srli t0, t0, 8
        xor t0, t0, t1
        addi a0, a0, 1
        addi a1, a1, -1
        bnez a1, 1b
2:      not a0, t0
        ret

        .section .rodata
digits: .ascii "123456789"

        .bss
        .balign 4
table:  .zero 1024
