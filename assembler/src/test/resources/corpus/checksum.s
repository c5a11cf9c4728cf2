# A realistic loop: Fletcher-16 style checksum over a table that lives in .text (read through
# a pc-relative address), with a second pass that counts set bits.
    .globl _start
    .equ    LEN, 16
_start:
    lla     a0, table               # a0 = pointer
    li      a1, LEN                 # a1 = bytes left
    li      a2, 0                   # sum1
    li      a3, 0                   # sum2
    li      t2, 255
.Lloop:
    lbu     t0, 0(a0)
    add     a2, a2, t0
    remu    a2, a2, t2
    add     a3, a3, a2
    remu    a3, a3, t2
    addi    a0, a0, 1
    addi    a1, a1, -1
    bnez    a1, .Lloop
    slli    a3, a3, 8
    or      a0, a3, a2              # a0 = checksum

    # popcount of a0
    li      a1, 0
1:  beqz    a0, 2f
    andi    t0, a0, 1
    add     a1, a1, t0
    srli    a0, a0, 1
    j       1b
2:  mv      a0, a1
    li      a7, 93
    ecall
    .p2align 2
table:
    .byte   1, 2, 3, 4, 5, 6, 7, 8
    .byte   0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5, 0x96, 0x87
