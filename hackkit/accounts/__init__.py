"""Facilitator accounts: sign-in, one-time sign-in links, lock-out."""
