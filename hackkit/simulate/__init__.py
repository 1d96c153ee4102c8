"""Simulated participants: a crowd of phones for rehearsals and load tests."""
