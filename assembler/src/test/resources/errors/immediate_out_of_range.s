# addi takes -2048..2047
	.text
_start:
	addi	a0, a0, 2048
	addi	a0, a0, -2049
