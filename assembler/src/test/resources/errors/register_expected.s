# a number where a register must be
	.text
_start:
	addi	5, a0, 1
	mv	a0, 42
