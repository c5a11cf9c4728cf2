# oracles: gnu qemu
# Self-checking guest: sorts 200 pseudo-random words (xorshift32) with insertion sort and
# with a recursive quicksort, checks both are ordered and agree, then binary-searches.
# Exits 0 when every check passed, else with the number of the first failed check.

        .equ N, 200

        .macro check num, reg, value     # clobbers t5, t6 and a0
        mv t5, \reg
        li t6, \value
        li a0, \num
        bne t5, t6, fail
        .endm

        .text
        .globl _start
_start:
        # Fill both arrays with the same xorshift32 sequence, checksumming it.
        la s0, arr1
        la s1, arr2
        li t0, 2463534242                # seed
        li t1, 0
        li s2, 0                         # sum of the values
1:      slli t2, t0, 13
        xor t0, t0, t2
        srli t2, t0, 17
        xor t0, t0, t2
        slli t2, t0, 5
        xor t0, t0, t2
        slli t3, t1, 2
        add t4, s0, t3
        sw t0, 0(t4)
        add t4, s1, t3
        sw t0, 0(t4)
        add s2, s2, t0
        addi t1, t1, 1
        li t5, N
        bne t1, t5, 1b

        mv a0, s0
        li a1, N
        call insertion_sort
        mv a0, s1
        li a1, 0
        li a2, N - 1
        call quicksort

        # Both sorted ascending (unsigned), equal, and with the same sum.
        li t1, 0
        li s3, 0
2:      slli t3, t1, 2
        add t4, s0, t3
        lw t5, 0(t4)
        add t4, s1, t3
        lw t6, 0(t4)
        li a0, 1
        bne t5, t6, fail
        add s3, s3, t5
        beqz t1, 3f
        lw t2, -4(t4)
        li a0, 2
        bltu t6, t2, fail
3:      addi t1, t1, 1
        li t2, N
        bne t1, t2, 2b
        li a0, 3
        bne s2, s3, fail

        # Binary search finds every element at a position holding it, and misses a gap.
        li s4, 0
4:      slli t3, s4, 2
        add t4, s0, t3
        lw a1, 0(t4)
        mv a0, s0
        li a2, N
        call bsearch
        li a0, 4
        bltz t0, fail
        slli t3, t0, 2
        add t4, s0, t3
        lw t5, 0(t4)
        slli t3, s4, 2
        add t3, s0, t3
        lw t6, 0(t3)
        bne t5, t6, fail
        addi s4, s4, 1
        li t2, N
        bne s4, t2, 4b
        lw a1, 0(s0)                     # below the smallest value (unless it is 0)
        beqz a1, 5f
        addi a1, a1, -1
        mv a0, s0
        li a2, N
        call bsearch
        check 5, t0, -1
5:
        li a0, 0
        li a7, 93
        ecall
fail:
        li a7, 93
        ecall

# insertion_sort(a0 = array, a1 = n), unsigned ascending
insertion_sort:
        li t0, 1
1:      bge t0, a1, 4f
        slli t1, t0, 2
        add t1, a0, t1
        lw t2, 0(t1)                     # key
        mv t3, t0
2:      beqz t3, 3f
        lw t4, -4(t1)
        bgeu t2, t4, 3f
        sw t4, 0(t1)
        addi t1, t1, -4
        addi t3, t3, -1
        j 2b
3:      sw t2, 0(t1)
        addi t0, t0, 1
        j 1b
4:      ret

# quicksort(a0 = array, a1 = lo, a2 = hi), Lomuto partition, unsigned
quicksort:
        bge a1, a2, 9f
        addi sp, sp, -16
        sw ra, 12(sp)
        sw s0, 8(sp)
        sw s1, 4(sp)
        sw s2, 0(sp)
        mv s0, a0
        mv s1, a1
        mv s2, a2
        slli t0, a2, 2
        add t0, a0, t0
        lw t1, 0(t0)                     # pivot = a[hi]
        addi t2, a1, -1                  # i
        mv t3, a1                        # j
1:      bge t3, a2, 3f
        slli t4, t3, 2
        add t4, a0, t4
        lw t5, 0(t4)
        bgtu t5, t1, 2f
        addi t2, t2, 1
        slli t6, t2, 2
        add t6, a0, t6
        lw a3, 0(t6)
        sw t5, 0(t6)
        sw a3, 0(t4)
2:      addi t3, t3, 1
        j 1b
3:      addi t2, t2, 1                   # swap a[i + 1] and a[hi]
        slli t6, t2, 2
        add t6, a0, t6
        lw a3, 0(t6)
        sw t1, 0(t6)
        sw a3, 0(t0)
        sw t2, -4(sp)                    # below sp: keep the pivot index across the calls
        addi sp, sp, -16
        sw t2, 0(sp)
        mv a0, s0
        mv a1, s1
        addi a2, t2, -1
        call quicksort
        lw t2, 0(sp)
        mv a0, s0
        addi a1, t2, 1
        mv a2, s2
        call quicksort
        addi sp, sp, 16
        lw s2, 0(sp)
        lw s1, 4(sp)
        lw s0, 8(sp)
        lw ra, 12(sp)
        addi sp, sp, 16
9:      ret

# bsearch(a0 = array, a1 = key, a2 = n) -> t0 = an index holding key, or -1
bsearch:
        li t1, 0
        mv t2, a2
1:      bgeu t1, t2, 3f
        add t3, t1, t2
        srli t3, t3, 1
        slli t4, t3, 2
        add t4, a0, t4
        lw t5, 0(t4)
        beq t5, a1, 2f
        bltu t5, a1, 4f
        mv t2, t3
        j 1b
4:      addi t1, t3, 1
        j 1b
2:      mv t0, t3
        ret
3:      li t0, -1
        ret

        .bss
        .balign 4
arr1:   .zero 4 * N
arr2:   .zero 4 * N
