# oracles: gnu qemu
# stdout: strings ok\n
# Self-checking guest: string routines (strlen, strcmp, memcpy, memset, reverse, atoi,
# utoa) on read-only and writable data; prints a line with the write ecall.
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
        la a0, hello
        call strlen
        check 1, a0, 13
        la a0, empty
        call strlen
        check 2, a0, 0

        la a0, hello
        la a1, hello2
        call strcmp
        check 3, a0, 0
        la a0, apple
        la a1, apply
        call strcmp
        slt t0, a0, zero
        check 4, t0, 1                   # "apple" < "apply"
        la a0, apply
        la a1, app
        call strcmp
        sgtz t0, a0
        check 5, t0, 1                   # a prefix sorts first

        # memcpy the greeting into the buffer, then reverse it in place.
        la a0, buf
        la a1, hello
        li a2, 14                        # with the NUL
        call memcpy
        la a0, buf
        call strlen
        check 6, a0, 13
        la a0, buf
        call reverse
        la a0, buf
        la a1, olleh
        call strcmp
        check 7, a0, 0

        # memset 100 bytes to '*' and count them back.
        la a0, buf
        li a1, '*'
        li a2, 100
        call memset
        la t0, buf
        li t1, 0
        li t2, 0
1:      add t3, t0, t1
        lbu t4, 0(t3)
        addi t4, t4, -'*'
        bnez t4, 2f
        addi t2, t2, 1
2:      addi t1, t1, 1
        li t3, 120
        bne t1, t3, 1b
        check 8, t2, 100

        la a0, number
        call atoi
        check 9, a0, -2147483647
        la a0, zero_str
        call atoi
        check 10, a0, 0

        li a0, 4000000000
        la a1, buf
        call utoa
        la a0, buf
        la a1, four_billion
        call strcmp
        check 11, a0, 0

        # print "strings ok\n" to stdout
        li a0, 1
        la a1, ok
        li a2, 11
        li a7, 64
        ecall
        check 12, a0, 11

        li a0, 0
        li a7, 93
        ecall
fail:
        li a7, 93
        ecall

strlen: mv t0, a0
1:      lbu t1, 0(t0)
        beqz t1, 2f
        addi t0, t0, 1
        j 1b
2:      sub a0, t0, a0
        ret

strcmp: lbu t0, 0(a0)
        lbu t1, 0(a1)
        bne t0, t1, 1f
        beqz t0, 1f
        addi a0, a0, 1
        addi a1, a1, 1
        j strcmp
1:      sub a0, t0, t1
        ret

memcpy: beqz a2, 2f
        mv t0, a0
1:      lbu t1, 0(a1)
        sb t1, 0(t0)
        addi t0, t0, 1
        addi a1, a1, 1
        addi a2, a2, -1
        bnez a2, 1b
2:      ret

memset: beqz a2, 2f
        mv t0, a0
1:      sb a1, 0(t0)
        addi t0, t0, 1
        addi a2, a2, -1
        bnez a2, 1b
2:      ret

reverse:                                 # reverses the NUL-terminated string at a0
        addi sp, sp, -16
        sw ra, 12(sp)
        sw a0, 8(sp)
        call strlen
        lw t0, 8(sp)
        add t1, t0, a0
        addi t1, t1, -1
1:      bgeu t0, t1, 2f
        lbu t2, 0(t0)
        lbu t3, 0(t1)
        sb t3, 0(t0)
        sb t2, 0(t1)
        addi t0, t0, 1
        addi t1, t1, -1
        j 1b
2:      lw ra, 12(sp)
        addi sp, sp, 16
        ret

atoi:   li t0, 0                         # result
        li t1, 0                         # negative?
        lbu t2, 0(a0)
        li t3, '-'
        bne t2, t3, 1f
        li t1, 1
        addi a0, a0, 1
1:      lbu t2, 0(a0)
        beqz t2, 2f
        addi t2, t2, -'0'
        li t3, 10
        mul t0, t0, t3
        add t0, t0, t2
        addi a0, a0, 1
        j 1b
2:      beqz t1, 3f
        neg t0, t0
3:      mv a0, t0
        ret

utoa:   addi sp, sp, -16                 # unsigned a0 in decimal at a1
        mv t0, sp
        li t2, 10
1:      remu t1, a0, t2
        addi t1, t1, '0'
        sb t1, 0(t0)
        addi t0, t0, 1
        divu a0, a0, t2
        bnez a0, 1b
2:      addi t0, t0, -1
        lbu t1, 0(t0)
        sb t1, 0(a1)
        addi a1, a1, 1
        bne t0, sp, 2b
        sb zero, 0(a1)
        addi sp, sp, 16
        ret

        .section .rodata
hello:  .asciz "Hello, Denali"
hello2: .asciz "Hello, Denali"
olleh:  .asciz "ilaneD ,olleH"
empty:  .asciz ""
apple:  .asciz "apple"
apply:  .asciz "apply"
app:    .asciz "app"
number: .asciz "-2147483647"
zero_str: .asciz "0"
four_billion: .asciz "4000000000"
ok:     .ascii "strings ok\n"

        .bss
buf:    .zero 256
