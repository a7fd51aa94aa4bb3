"""Probes that run on the user's machine: stdlib only; collect raw outputs, redact, report."""
