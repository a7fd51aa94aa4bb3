"""Facts -> findings, one module per cause id. Pure: no I/O, no clock."""
