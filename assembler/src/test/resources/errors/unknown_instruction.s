# an instruction the ISA does not have
	.text
_start:
	movz	a0, 1
