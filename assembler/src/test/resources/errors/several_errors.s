# every error of a file is reported in one run
	.text
_start:
	add	a0, a1
	slli	a0, a0, 40
	.bogus
	la	a0, missing
	addi	a0, a0, 5000
	j	1b
