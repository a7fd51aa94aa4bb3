"""Thin front ends (Slack, Discord) that translate, call the core and render."""
