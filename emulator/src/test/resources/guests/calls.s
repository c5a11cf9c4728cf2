# oracles: gnu qemu
# Self-checking guest: calls and returns, recursion (factorial, Fibonacci, Ackermann,
# mutual recursion, a deep recursion), and the ilp32 calling convention: callee-saved
# registers survive calls, arguments on the stack.
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
        li a0, 10
        call fact
        check 1, a0, 3628800
        li a0, 20
        call fib
        check 2, a0, 6765
        li a0, 2
        li a1, 3
        call ack
        check 3, a0, 9
        li a0, 3
        li a1, 3
        call ack
        check 4, a0, 61
        li a0, 101
        call is_even
        check 5, a0, 0
        li a0, 1000
        call is_even
        check 6, a0, 1
        li a0, 5000
        call sum_to                      # 5000 nested frames
        check 7, a0, 12502500

        # Callee-saved registers survive a call that uses them all.
        li s0, 100
        li s1, 101
        li s2, 102
        li s11, 111
        mv s10, sp
        call clobber
        check 8, s0, 100
        check 9, s1, 101
        check 10, s2, 102
        check 11, s11, 111
        li a0, 12
        bne sp, s10, fail

        # Ten arguments: eight in registers, two on the stack.
        addi sp, sp, -16
        li t0, 9
        sw t0, 0(sp)
        li t0, 10
        sw t0, 4(sp)
        li a0, 1
        li a1, 2
        li a2, 3
        li a3, 4
        li a4, 5
        li a5, 6
        li a6, 7
        li a7, 8
        call weighted
        addi sp, sp, 16
        check 13, a0, 385                # sum of i * i for i = 1..10

        # A call through a function pointer, and tail calls.
        la t0, fact
        li a0, 5
        jalr ra, 0(t0)
        check 14, a0, 120
        li a0, 7
        call tail_twice
        check 15, a0, 28

        li a0, 0
        li a7, 93
        ecall
fail:
        li a7, 93
        ecall

# fact(n) = n!
fact:   addi sp, sp, -16
        sw ra, 12(sp)
        sw s0, 8(sp)
        mv s0, a0
        li a0, 1
        beqz s0, 1f
        addi a0, s0, -1
        call fact
        mul a0, a0, s0
1:      lw s0, 8(sp)
        lw ra, 12(sp)
        addi sp, sp, 16
        ret

# fib(n), naively recursive
fib:    li t0, 2
        blt a0, t0, 2f
        addi sp, sp, -16
        sw ra, 12(sp)
        sw s0, 8(sp)
        sw s1, 4(sp)
        mv s0, a0
        addi a0, s0, -1
        call fib
        mv s1, a0
        addi a0, s0, -2
        call fib
        add a0, a0, s1
        lw s1, 4(sp)
        lw s0, 8(sp)
        lw ra, 12(sp)
        addi sp, sp, 16
2:      ret

# ack(m, n), the Ackermann function
ack:    addi sp, sp, -16
        sw ra, 12(sp)
        sw s0, 8(sp)
        bnez a0, 1f
        addi a0, a1, 1                   # m == 0: n + 1
        j 3f
1:      bnez a1, 2f
        addi a0, a0, -1                  # n == 0: ack(m - 1, 1)
        li a1, 1
        call ack
        j 3f
2:      mv s0, a0                        # ack(m - 1, ack(m, n - 1))
        addi a1, a1, -1
        call ack
        mv a1, a0
        addi a0, s0, -1
        call ack
3:      lw s0, 8(sp)
        lw ra, 12(sp)
        addi sp, sp, 16
        ret

is_even:
        beqz a0, 1f
        addi a0, a0, -1
        tail is_odd
1:      li a0, 1
        ret
is_odd: beqz a0, 1f
        addi a0, a0, -1
        tail is_even
1:      li a0, 0
        ret

# sum_to(n) = n + sum_to(n - 1), not tail-recursive
sum_to: beqz a0, 1f
        addi sp, sp, -16
        sw ra, 12(sp)
        sw a0, 8(sp)
        addi a0, a0, -1
        call sum_to
        lw t0, 8(sp)
        add a0, a0, t0
        lw ra, 12(sp)
        addi sp, sp, 16
1:      ret

clobber:
        addi sp, sp, -64
        sw s0, 0(sp)
        sw s1, 4(sp)
        sw s2, 8(sp)
        sw s11, 12(sp)
        li s0, -1
        li s1, -1
        li s2, -1
        li s11, -1
        lw s11, 12(sp)
        lw s2, 8(sp)
        lw s1, 4(sp)
        lw s0, 0(sp)
        addi sp, sp, 64
        ret

# weighted(a0..a7, [sp], [sp+4]) = sum of arg_i * i
weighted:
        li t0, 0
        mul t1, a0, a0
        add t0, t0, t1
        mul t1, a1, a1
        add t0, t0, t1
        mul t1, a2, a2
        add t0, t0, t1
        mul t1, a3, a3
        add t0, t0, t1
        mul t1, a4, a4
        add t0, t0, t1
        mul t1, a5, a5
        add t0, t0, t1
        mul t1, a6, a6
        add t0, t0, t1
        mul t1, a7, a7
        add t0, t0, t1
        lw t2, 0(sp)
        mul t1, t2, t2
        add t0, t0, t1
        lw t2, 4(sp)
        mul t1, t2, t2
        add t0, t0, t1
        mv a0, t0
        ret

tail_twice:                              # 4 * a0 via two tail calls
        slli a0, a0, 1
        tail tail_once
tail_once:
        slli a0, a0, 1
        ret
