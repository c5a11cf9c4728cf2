# Functions with a standard prologue and epilogue (ilp32): saved registers, a frame pointer,
# locals on the stack, a recursive call, and a tail call.
    .globl _start
    .type   _start, @function
_start:
    li      a0, 10
    call    fact
    mv      s1, a0
    li      a0, 5
    li      a1, 7
    call    max
    add     a0, a0, s1
    li      a7, 93
    ecall
    .size   _start, .-_start

    .type   fact, @function
fact:                               # a0 = n! (recursive)
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    addi    s0, sp, 16
    mv      s1, a0
    li      t0, 1
    ble     a0, t0, .Lbase
    addi    a0, a0, -1
    call    fact
    mul     a0, a0, s1
    j       .Ldone
.Lbase:
    li      a0, 1
.Ldone:
    lw      ra, 12(sp)
    lw      s0, 8(sp)
    lw      s1, 4(sp)
    addi    sp, sp, 16
    ret
    .size   fact, .-fact

    .type   max, @function
max:                                # tail-calls max2 with the arguments in order
    bge     a0, a1, 1f
    mv      t0, a0
    mv      a0, a1
    mv      a1, t0
1:  tail    max2
    .size   max, .-max

max2:
    addi    sp, sp, -32
    sw      ra, 28(sp)
    sw      a0, 0(sp)
    sw      a1, 4(sp)
    lw      a0, 0(sp)
    lw      ra, 28(sp)
    addi    sp, sp, 32
    jr      ra
