"""numbers/claims."""
