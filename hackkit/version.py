"""The version of hackkit, on its own so that any module may name it without importing the app."""

__version__ = "0.1.0"
