# oracles: gnu qemu
# Self-checking guest: loads and stores of every width, sign and zero extension,
# little-endian byte order, misaligned accesses, a copy loop and the stack.
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
        la s0, bytes
        lb t0, 0(s0)
        check 1, t0, -128
        lbu t0, 0(s0)
        check 2, t0, 0x80
        lb t0, 1(s0)
        check 3, t0, -1
        lbu t0, 2(s0)
        check 4, t0, 0x7f
        lh t0, 0(s0)                     # 80 ff
        check 5, t0, 0xffffff80
        lhu t0, 0(s0)
        check 6, t0, 0xff80
        lw t0, 0(s0)                     # 80 ff 7f 01
        check 7, t0, 0x017fff80
        lw t0, 1(s0)                     # misaligned: ff 7f 01 02
        check 8, t0, 0x02017fff
        lh t0, 3(s0)                     # 01 02
        check 9, t0, 0x0201
        lhu t0, 5(s0)                    # 03 fe
        check 10, t0, 0xfe03

        la s1, buf
        li t1, 0x11223344
        sw t1, 0(s1)
        lbu t0, 0(s1)
        check 11, t0, 0x44
        lbu t0, 3(s1)
        check 12, t0, 0x11
        sw t1, 5(s1)                     # misaligned store
        lw t0, 5(s1)
        check 13, t0, 0x11223344
        lw t0, 4(s1)                     # 00 44 33 22
        check 14, t0, 0x22334400
        lw t0, 8(s1)                     # 11 00 00 00
        check 15, t0, 0x00000011
        li t1, 0xabcd
        sh t1, 13(s1)
        lhu t0, 13(s1)
        check 16, t0, 0xabcd
        lh t0, 13(s1)
        check 17, t0, 0xffffabcd
        lbu t0, 12(s1)
        check 18, t0, 0
        lbu t0, 15(s1)
        check 19, t0, 0
        li t1, 0x1ff
        sb t1, 20(s1)                    # only the low byte
        lw t0, 20(s1)
        check 20, t0, 0xff

        # Copy 100 bytes from rodata to bss at every alignment and compare.
        li s2, 0                         # source and destination offset
copy_outer:
        la t0, pattern
        add t0, t0, s2
        la t1, buf
        addi t1, t1, 64
        add t1, t1, s2
        li t2, 100
1:      lbu t3, 0(t0)
        sb t3, 0(t1)
        addi t0, t0, 1
        addi t1, t1, 1
        addi t2, t2, -1
        bnez t2, 1b
        la t0, pattern
        add t0, t0, s2
        la t1, buf
        addi t1, t1, 64
        add t1, t1, s2
        li t2, 25
2:      lw t3, 0(t0)                     # compare as (possibly misaligned) words
        lw t4, 0(t1)
        li a0, 21
        bne t3, t4, fail
        addi t0, t0, 4
        addi t1, t1, 4
        addi t2, t2, -1
        bnez t2, 2b
        addi s2, s2, 1
        li t5, 4
        bne s2, t5, copy_outer

        # The stack: push 10 words, pop them in reverse.
        mv s3, sp
        li t0, 0
3:      addi sp, sp, -4
        sw t0, 0(sp)
        addi t0, t0, 1
        li t1, 10
        bne t0, t1, 3b
        li t2, 0
4:      lw t1, 0(sp)
        addi sp, sp, 4
        addi t0, t0, -1
        li a0, 22
        bne t1, t0, fail
        bne sp, s3, 4b
        check 23, t0, 0
        andi t0, sp, 15
        check 24, t0, 0                  # sp starts 16-byte aligned

        # Negative offsets and offsets at the immediate's limits.
        la t0, buf
        addi t0, t0, 2047
        li t1, 0x5a
        sb t1, -2047(t0)
        lbu t2, -2047(t0)
        check 25, t2, 0x5a
        la t0, buf
        li t1, 0x77
        sb t1, 2047(t0)
        addi t0, t0, 2047
        lbu t2, 0(t0)
        check 26, t2, 0x77

        li a0, 0
        li a7, 93
        ecall
fail:
        li a7, 93
        ecall

        .section .rodata
bytes:  .byte 0x80, 0xff, 0x7f, 0x01, 0x02, 0x03, 0xfe, 0x00
pattern:
        .ascii "The quick brown fox jumps over the lazy dog; "
        .ascii "Pack my box with five dozen liquor jugs. 0123456789!"
        .zero 8

        .bss
        .balign 4
buf:    .zero 4096
