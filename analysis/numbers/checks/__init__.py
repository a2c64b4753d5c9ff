"""numbers/checks."""
