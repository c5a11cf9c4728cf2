# the names a missing include would define are not reported one by one after its error
	.include "no_such_sdk.inc"
	.globl _start
	.text
_start:
	sdk_exit 0
	li a0, SDK_CONSTANT
	call sdk_function
	addi a0, a0, 4096
