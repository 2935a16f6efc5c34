"""Admin for the social actions (imported by campaigns/admin.py)."""
