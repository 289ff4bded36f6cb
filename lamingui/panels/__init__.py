"""HTMX panels: small GET views that each render one fragment template."""
