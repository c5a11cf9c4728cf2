/*
 * crt0.S: the entry point of C guests. _start sets gp, keeps sp 16-byte aligned, calls
 * main(0, {NULL}) and passes its result to exit(), which flushes stdio and ends the VM with the
 * exit ecall (so the same binary runs under qemu-riscv32).
 *
 * Nothing else needs doing: the VM starts with sp at the top of memory, 16-byte aligned, and
 * .bss zero-filled. denali.ld places .text.start first, at 0x10000.
 */
        .section .text.start, "ax", @progbits
        .globl  _start
_start:
        .option push
        .option norelax
        la      gp, __global_pointer$   /* for linker relaxation of small data (GNU ld) */
        .option pop
        andi    sp, sp, -16
        li      a0, 0                   /* argc */
        la      a1, __crt0_argv         /* argv = { NULL } */
        call    main
        call    exit                    /* status = main's result, in a0; never returns */
1:      j       1b

        .section .rodata.crt0, "a", @progbits
        .balign 4
__crt0_argv:
        .word   0

/*
 * A Denali note without settings: it marks every SDK binary as a Denali guest, and it keeps
 * .note.denali from being empty when the program has no DENALI_SETTINGS (GNU ld would then
 * place the headers segment at address 0, which Denali refuses). Notes are read in order, so
 * the program's own settings still apply.
 */
        .section .note.denali, "a", @note
        .balign 4
        .word   7, 0, 1                 /* namesz, descsz, type */
        .asciz  "Denali"
        .balign 4
