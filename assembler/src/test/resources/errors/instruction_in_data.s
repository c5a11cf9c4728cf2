# instructions belong in .text
	.text
_start:
	ret
	.data
x:
	addi	a0, a0, 1
