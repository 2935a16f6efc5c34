"""Admin for the calls actions (imported by campaigns/admin.py)."""
