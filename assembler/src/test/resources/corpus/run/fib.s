# A recursive function: fib(n) = fib(n-1) + fib(n-2), printed in decimal for several n.
    .section .rodata
prefix: .asciz  "fib("
middle: .asciz  ") = "
args:   .word   0, 1, 2, 10, 20, 25
    .equ    NARGS, 6

    .text
    .globl  _start
_start:
    la      s0, args
    li      s1, NARGS
1:  lw      s2, 0(s0)
    la      a0, prefix
    call    print_str
    mv      a0, s2
    call    print_dec
    la      a0, middle
    call    print_str
    mv      a0, s2
    call    fib
    call    print_dec
    li      a0, '\n'
    call    print_char
    addi    s0, s0, 4
    addi    s1, s1, -1
    bnez    s1, 1b
    li      a0, -12345
    call    print_dec
    li      a0, '\n'
    call    print_char
    li      a0, 0
    li      a7, 93
    ecall

fib:                                # a0 = fib(a0), naive recursion
    li      t0, 2
    blt     a0, t0, 9f
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    mv      s0, a0
    addi    a0, a0, -1
    call    fib
    mv      s1, a0
    addi    a0, s0, -2
    call    fib
    add     a0, a0, s1
    lw      ra, 12(sp)
    lw      s0, 8(sp)
    lw      s1, 4(sp)
    addi    sp, sp, 16
9:  ret

# ---- helpers: print(a0 = buffer, a1 = length), print_str(a0 = asciz), print_char(a0),
# ---- print_hex(a0: "0x" and 8 digits), print_dec(a0: signed decimal)
print:
    mv      a2, a1
    mv      a1, a0
    li      a0, 1
    li      a7, 64
    ecall
    ret

print_str:
    mv      t0, a0
1:  lbu     t1, 0(t0)
    beqz    t1, 2f
    addi    t0, t0, 1
    j       1b
2:  sub     a1, t0, a0
    j       print

print_char:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sb      a0, 0(sp)
    mv      a0, sp
    li      a1, 1
    call    print
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

print_hex:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    li      t0, '0'
    sb      t0, 0(sp)
    li      t0, 'x'
    sb      t0, 1(sp)
    li      t2, 8
    addi    t3, sp, 9
    li      t4, 10
1:  andi    t0, a0, 15
    blt     t0, t4, 2f
    addi    t0, t0, 'a' - 10 - '0'
2:  addi    t0, t0, '0'
    sb      t0, 0(t3)
    srli    a0, a0, 4
    addi    t3, t3, -1
    addi    t2, t2, -1
    bnez    t2, 1b
    mv      a0, sp
    li      a1, 10
    call    print
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

print_dec:
    addi    sp, sp, -32
    sw      ra, 28(sp)
    addi    t1, sp, 24
    mv      t3, t1
    mv      t5, a0
    bgez    a0, 1f
    neg     a0, a0
1:  li      t4, 10
2:  remu    t0, a0, t4
    addi    t0, t0, '0'
    addi    t3, t3, -1
    sb      t0, 0(t3)
    divu    a0, a0, t4
    bnez    a0, 2b
    bgez    t5, 3f
    li      t0, '-'
    addi    t3, t3, -1
    sb      t0, 0(t3)
3:  mv      a0, t3
    sub     a1, t1, t3
    call    print
    lw      ra, 28(sp)
    addi    sp, sp, 32
    ret
