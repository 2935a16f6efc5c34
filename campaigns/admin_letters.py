"""Admin for the letters actions (imported by campaigns/admin.py)."""
