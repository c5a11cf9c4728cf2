# RV32 shift amounts are 0..31
	.text
_start:
	slli	a0, a0, 32
	srai	a1, a1, -1
