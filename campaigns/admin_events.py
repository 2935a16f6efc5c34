"""Admin for the events actions (imported by campaigns/admin.py)."""
