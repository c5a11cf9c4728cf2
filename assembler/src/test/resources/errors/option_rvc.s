# compressed instructions are not in the ISA
	.option rvc
	.text
_start:
	nop
