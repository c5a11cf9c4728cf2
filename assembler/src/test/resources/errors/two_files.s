# also: two_files_b.inc
# errors in two files are all reported, each with its own file name
	.text
	.globl	_start
_start:
	call	helper
	addi	a0, a0, 4096
