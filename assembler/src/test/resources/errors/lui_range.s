# lui takes a 20-bit unsigned immediate
	.text
_start:
	lui	a0, 0x100000
	lui	a1, -1
