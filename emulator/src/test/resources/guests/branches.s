# oracles: gnu qemu
# Self-checking guest: every branch taken and not taken, signed against unsigned,
# forward and backward, loops, and a jump table through jalr.
# Exits 0 when every check passed, else with the number of the first failed check.

        .macro taken num, op, a, b
        li t0, \a
        li t1, \b
        li a0, \num
        \op t0, t1, 1f
        j fail
1:
        .endm

        .macro nottaken num, op, a, b
        li t0, \a
        li t1, \b
        li a0, \num
        \op t0, t1, fail
        .endm

        .text
        .globl _start
_start:
        taken 1, beq, 5, 5
        nottaken 2, beq, 5, 6
        taken 3, bne, 0, -1
        nottaken 4, bne, -7, -7
        taken 5, blt, -1, 1
        nottaken 6, blt, 1, -1
        nottaken 7, blt, 3, 3
        taken 8, bltu, 1, -1
        nottaken 9, bltu, -1, 1
        taken 10, bge, 3, 3
        taken 11, bge, 1, -1
        nottaken 12, bge, 0x80000000, 0x7fffffff
        taken 13, bgeu, 0x80000000, 0x7fffffff
        nottaken 14, bgeu, 0, 1
        taken 15, bgeu, 0, 0
        taken 16, blt, 0x80000000, 0x7fffffff
        nottaken 17, bltu, 0xffffffff, 0xffffffff
        taken 18, bgt, 2, 1
        taken 19, ble, 2, 2
        taken 20, bgtu, -1, 0
        taken 21, bleu, 0, 0
        li t0, 0
        li a0, 22
        bnez t0, fail
        beqz t0, 2f
        j fail
2:      li t0, -5
        li a0, 23
        bgez t0, fail
        bltz t0, 3f
        j fail
3:      li a0, 24
        blez t0, 4f
        j fail
4:      bgtz t0, fail

        # Backward branches: count down 1000 times with bne, then up with blt.
        li t0, 1000
        li t1, 0
5:      addi t1, t1, 3
        addi t0, t0, -1
        bnez t0, 5b
        li t6, 3000
        li a0, 25
        bne t1, t6, fail
        li t0, -50
        li t1, 0
6:      addi t1, t1, 1
        addi t0, t0, 1
        blt t0, zero, 6b
        li t6, 50
        li a0, 26
        bne t1, t6, fail
        li t0, 0xfffffff0                # unsigned loop across the top
        li t1, 0
7:      addi t1, t1, 1
        addi t0, t0, 1
        bgeu t0, t1, 7b                  # stops when t0 wraps to small
        li t6, 16
        li a0, 27
        bne t1, t6, fail

        # A jump table: case i returns i * 11 in s1.
        li s2, 0
8:      la t0, table
        slli t1, s2, 2
        add t0, t0, t1
        lw t2, 0(t0)
        jalr ra, 0(t2)
        li t3, 11
        mul t4, s2, t3
        li a0, 28
        bne s1, t4, fail
        addi s2, s2, 1
        li t5, 4
        bne s2, t5, 8b

        li a0, 0
        li a7, 93
        ecall
fail:
        li a7, 93
        ecall

case0:  li s1, 0
        ret
case1:  li s1, 11
        ret
case2:  li s1, 22
        ret
case3:  li s1, 33
        jr ra

        .section .rodata
        .balign 4
table:  .word case0, case1, case2, case3
