# crc32: the bitwise CRC-32 (IEEE, reflected, polynomial 0xEDB88320) of 64 KiB of bytes
# data[i] = (i * 31 + 7) & 0xff, computed 4 times.
# Exit status: the low byte of the final CRC.
        .equ    SIZE, 65536
        .text
        .globl  _start
_start:
        la      s0, data
        li      s1, SIZE
        li      t0, 0                   # fill the buffer
1:      li      t1, 31
        mul     t1, t0, t1
        addi    t1, t1, 7
        add     t2, s0, t0
        sb      t1, 0(t2)
        addi    t0, t0, 1
        blt     t0, s1, 1b
        li      s3, 4                   # rounds
        li      s4, 0xEDB88320
round:  li      a0, -1                  # crc = ~0
        li      t0, 0
byte:   add     t2, s0, t0
        lbu     t3, 0(t2)
        xor     a0, a0, t3
        li      t4, 8
bit:    andi    t5, a0, 1
        srli    a0, a0, 1
        neg     t5, t5                  # 0 or -1
        and     t5, t5, s4
        xor     a0, a0, t5
        addi    t4, t4, -1
        bnez    t4, bit
        addi    t0, t0, 1
        blt     t0, s1, byte
        not     a0, a0
        addi    s3, s3, -1
        bnez    s3, round
        andi    a0, a0, 0xff
        li      a7, 93
        ecall

        .bss
data:   .space  SIZE
