# Data directives inside .text, string escapes, .space/.zero/.fill, little-endian layout.
    .globl _start
_start:
    j       after
    .byte   0, 1, 0x7f, 0x80, 0xff, -1, -128, 'a'
    .half   0, 0x1234, 0xffff, -1, -32768
    .short  0x5678, 65535
    .2byte  0xbeef
    .word   0, 1, -1, 0x12345678, 0x80000000, 0xffffffff, -2147483648
    .long   0xdeadbeef, 42
    .4byte  0xcafebabe
    .int    7, -7
    .ascii  "abc"
    .ascii  "tab\there", "nl\n"
    .asciz  "zero-terminated"
    .string "esc: \\ \" \0 \x41 \101 \7 \177 \b \f \r"
    .ascii  ""
    .asciz  ""
    .string "multi", "ple"
    .byte   1 + 2, 'B' - 'A', 0x10 | 0x01
    .word   (1 << 31) | 1, ~0, 100 * 100
    .half   (0x12 << 8) + 0x34
    .space  5
    .space  3, 0xab
    .zero   4
    .skip   2, 0x11
    .fill   3, 1, 0x22
    .fill   2, 2, 0x3344
    .fill   2, 4, 0x55667788
    .balign 4, 0
after:
    .word   .Lend - _start          # a difference of two text labels: position-independent
    .half   .Lend - after
    .byte   .Lend - after - 1
    .balign 4, 0
.Lend:
    ret
