# a made-up mnemonic that happens to start with f
	.text
_start:
	foo	a0, a1
