"""Shared fixtures of the project's own tests."""
