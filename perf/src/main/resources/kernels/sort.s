# sort: insertion sort of 3000 ints from a linear congruential generator
# (x = x * 1103515245 + 12345, value = x >> 8), then a check that the array is sorted.
# Exit status: 0 when sorted, 1 otherwise... plus the low byte of a[1500] as a checksum:
# status = (a[1500] & 0x7f) << 1 | unsorted.
        .equ    N, 3000
        .text
        .globl  _start
_start:
        la      s0, array
        li      s1, N
        li      t0, 0
        li      t1, 12345               # seed
        li      t2, 1103515245
        li      t3, 12345
fill:   mul     t1, t1, t2
        add     t1, t1, t3
        srai    t4, t1, 8
        slli    t5, t0, 2
        add     t5, t5, s0
        sw      t4, 0(t5)
        addi    t0, t0, 1
        blt     t0, s1, fill
        li      t0, 1                   # i
outer:  slli    t5, t0, 2
        add     t5, t5, s0
        lw      a0, 0(t5)               # key
        addi    t1, t0, -1              # j
inner:  bltz    t1, place
        slli    t5, t1, 2
        add     t5, t5, s0
        lw      a1, 0(t5)
        ble     a1, a0, place
        sw      a1, 4(t5)
        addi    t1, t1, -1
        j       inner
place:  slli    t5, t1, 2
        add     t5, t5, s0
        sw      a0, 4(t5)
        addi    t0, t0, 1
        blt     t0, s1, outer
        li      a2, 0                   # unsorted flag
        li      t0, 1
check:  slli    t5, t0, 2
        add     t5, t5, s0
        lw      a0, -4(t5)
        lw      a1, 0(t5)
        ble     a0, a1, 1f
        li      a2, 1
1:      addi    t0, t0, 1
        blt     t0, s1, check
        li      t0, 1500
        slli    t5, t0, 2
        add     t5, t5, s0
        lw      a0, 0(t5)
        andi    a0, a0, 0x7f
        slli    a0, a0, 1
        or      a0, a0, a2
        li      a7, 93
        ecall

        .bss
array:  .space  N * 4
