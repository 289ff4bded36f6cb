"""Markdown notes: rendering, sanitising and the note services (no models).

``sanitize`` (the nh3 allow-list), ``render`` (Markdown to safe HTML, cached)
and ``services`` (readme versions, history, restore, comments, conflicts),
shared by the Python API and the GUI. The block models are in
``lamingui.models.blocks``. Nothing is imported here, so that ``sanitize``
stays usable without a configured Django.
"""
