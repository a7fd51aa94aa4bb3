"""Raw outputs -> typed facts, one module per source. Pure: no I/O, no clock."""
