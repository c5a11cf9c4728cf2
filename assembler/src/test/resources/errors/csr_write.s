# CSRs cannot be written
	.text
_start:
	csrw	mstatus, a0
	csrrw	a0, cycle, a1
