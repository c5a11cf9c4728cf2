# oracles: gnu qemu
# Self-checking guest: initialized data of every directive, zeroed bss (a large one),
# read-only constants, alignment, symbol arithmetic, and the section order of the memory map.
# Exits 0 when every check passed, else with the number of the first failed check.

        .macro check num, reg, value     # clobbers t5, t6 and a0
        mv t5, \reg
        li t6, \value
        li a0, \num
        bne t5, t6, fail
        .endm

        .macro checkr num, reg, other    # compares two registers; clobbers a0
        li a0, \num
        bne \reg, \other, fail
        .endm

        .text
        .globl _start
_start:
        la s0, d_bytes
        lbu t0, 0(s0)
        check 1, t0, 1
        lbu t0, 3(s0)
        check 2, t0, 0xff
        la s0, d_half
        lhu t0, 0(s0)
        check 3, t0, 0x1234
        lh t0, 2(s0)
        check 4, t0, -2
        la s0, d_word
        lw t0, 0(s0)
        check 5, t0, 0xcafebabe
        lw t0, 4(s0)
        check 6, t0, -123456
        la s0, d_quad
        lw t0, 0(s0)
        check 7, t0, 0x89abcdef
        lw t0, 4(s0)
        check 8, t0, 0x01234567
        la s0, d_str
        lbu t0, 0(s0)
        check 9, t0, 'D'
        lbu t0, 6(s0)
        check 10, t0, 0                  # .asciz ends with a NUL
        la s0, d_aligned
        andi t0, s0, 15
        check 11, t0, 0                  # .balign 16
        lw t0, 0(s0)
        check 12, t0, 77

        # The whole bss reads zero (16 KiB), then can be written and read back.
        la t0, b_start
        la t1, b_end
        sub t2, t1, t0
        check 13, t2, 16384
1:      lw t3, 0(t0)
        li a0, 14
        bnez t3, fail
        sw t0, 0(t0)                     # each word holds its own address
        addi t0, t0, 4
        bne t0, t1, 1b
        la t0, b_start
        lw t3, 100(t0)
        addi t4, t0, 100
        checkr 15, t3, t4

        # Data is writable and keeps what is written.
        la s0, counter
        lw t0, 0(s0)
        addi t0, t0, 1
        sw t0, 0(s0)
        lw t1, 0(s0)
        check 16, t1, 1001

        # Read-only constants and a table of addresses.
        la s0, r_table
        lw t0, 0(s0)
        la t1, d_word
        checkr 17, t0, t1
        lw t0, 8(s0)                     # .word b_end - b_start
        check 18, t0, 16384
        la s0, r_sum
        lw t0, 0(s0)
        check 19, t0, 0x12345678

        # Sections in memory-map order: text < rodata < data < bss; data on a page of its own.
        la t0, _start
        la t1, r_table
        la t2, d_bytes
        la t3, b_start
        sltu t4, t0, t1
        check 20, t4, 1
        sltu t4, t1, t2
        check 21, t4, 1
        sltu t4, t2, t3
        check 22, t4, 1
        srli t4, t2, 12
        srli t5, t1, 12
        li a0, 24
        beq t4, t5, fail                 # data is not on rodata's page

        li a0, 0
        li a7, 93
        ecall
fail:
        li a7, 93
        ecall

        .section .rodata
        .balign 4
r_table: .word d_word, d_str, b_end - b_start
r_sum:  .word 0x12340000 + 0x5678

        .data
d_bytes: .byte 1, 2, 3, 0xff
d_half:  .half 0x1234, -2
d_word:  .word 0xcafebabe, -123456
d_quad:  .quad 0x0123456789abcdef
d_str:   .asciz "Denali"
         .balign 16
d_aligned: .word 77
counter: .word 1000

        .bss
        .balign 4
b_start: .zero 16384
b_end:
