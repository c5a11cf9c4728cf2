# .bss: a zeroed buffer is checked, filled with i*i - 3*i, summed, and the sum printed;
# then the exit status is bits 8..15 of the sum.
    .equ    WORDS, 256
    .bss
    .balign 4
buffer:
    .space  WORDS * 4
flag:
    .zero   4

    .section .rodata
s_zero: .asciz  "zero sum: "
s_sum:  .asciz  "sum: "
s_flag: .asciz  "flag: "

    .text
    .globl  _start
_start:
    la      s0, buffer
    li      s1, WORDS
    li      a0, 0
1:  lw      t0, 0(s0)
    add     a0, a0, t0
    addi    s0, s0, 4
    addi    s1, s1, -1
    bnez    s1, 1b
    mv      s2, a0
    la      a0, s_zero
    call    print_str
    mv      a0, s2
    call    print_dec
    li      a0, '\n'
    call    print_char

    la      s0, buffer
    li      s1, 0
    li      s3, WORDS
2:  mul     t0, s1, s1
    slli    t1, s1, 1
    add     t1, t1, s1
    sub     t0, t0, t1
    slli    t2, s1, 2
    add     t2, t2, s0
    sw      t0, 0(t2)
    addi    s1, s1, 1
    blt     s1, s3, 2b

    li      s2, 0
    li      s1, 0
3:  slli    t2, s1, 2
    add     t2, t2, s0
    lw      t0, 0(t2)
    add     s2, s2, t0
    addi    s1, s1, 1
    blt     s1, s3, 3b
    la      a0, s_sum
    call    print_str
    mv      a0, s2
    call    print_dec
    li      a0, '\n'
    call    print_char

    la      t0, flag
    lw      a0, 0(t0)
    addi    a0, a0, 1
    sw      a0, 0(t0)
    lw      s4, 0(t0)
    la      a0, s_flag
    call    print_str
    mv      a0, s4
    call    print_dec
    li      a0, '\n'
    call    print_char

    srli    a0, s2, 8
    andi    a0, a0, 0xff
    li      a7, 93
    ecall

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
