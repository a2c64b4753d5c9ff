"""numbers/designs."""
