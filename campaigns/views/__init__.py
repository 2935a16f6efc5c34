"""Campaign views: `pages` for browsing, `petitions` for signing."""
