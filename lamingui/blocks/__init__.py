"""Markdown notes: rendering, sanitising and the note services (no models).

``sanitize`` (the nh3 allow-list), ``render`` (Markdown to safe HTML, cached)
and ``services`` (readme versions, history, restore, comments, conflicts),
shared by the Python API and the GUI. The block models are in
``lamingui.models.blocks``. Nothing is imported here, so that ``sanitize``
stays usable without a configured Django.

From Python (api.md §8)::

    ln.models.RecordBlock(record=rec, content="# v1", kind="readme").save()
    rec.notes                                  # latest readme content, or None
    from lamingui.blocks import services
    services.save_readme(rec, "# v2")          # new version; same text: no-op
    services.history(rec)                      # versions, newest first
    services.restore_version(old_block)        # old content as a new latest
    services.add_comment(rec, "looks good")    # never versioned
    ln.models.TransformBlock(transform=t, content="x", kind="comment",
                             line_number=12).save()
    ln.Block(key="README.md", content="# My instance", kind="readme").save()

In the GUI every registry with a block model has a Notes panel on its change
page (``lamingui.panels.notes``): rendered readme, editor with live preview
(Ctrl/Cmd+Enter saves, Esc cancels), history with view / diff / restore,
comments. A save that started from an older version is refused with a 409
and a diff, keeping the text ("Save anyway" adds a version on top). Every
response carries a Content-Security-Policy without inline scripts
(``lamingui.csp``).
"""
