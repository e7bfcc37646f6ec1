"""A Pelican Writer that keeps the previous build's file for pages whose inputs did not change.

Pelican's ``write_file`` renders inside a nested function, so the writer hands it a template
proxy: ``render`` either renders (recording which stories the page read) or, for a page that
can be kept, returns nothing and notes the old file; ``_open_w`` then hard-links that file into
the new output. Pagination, override rules and the content_written signal stay Pelican's own.
Hard links are safe because no build writes into an existing file: each renders into a fresh
staging folder (hubtools.build), and a page that is rendered is never linked.
"""

from __future__ import annotations

import os
import shutil

from pelican.writers import Writer


class _Template:
    def __init__(self, writer: IncrementalWriter, template):
        self._writer, self._template = writer, template

    def render(self, localcontext):
        plan, name = self._writer.plan, localcontext["output_file"]
        old = plan.reusable(name)
        if old is not None:
            self._writer.link_next = old
            return ""
        with plan.rendering(name):
            return self._template.render(localcontext)

    def __getattr__(self, attr):  # name, filename… for plugins that look at the template
        return getattr(self._template, attr)


class IncrementalWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self.plan = self.settings["HUB_INCREMENTAL"]
        self.link_next = None

    def write_file(self, name, template, context, *args, **kwargs):
        return super().write_file(name, _Template(self, template), context, *args, **kwargs)

    def _open_w(self, filename, encoding, override=False):
        old, self.link_next = self.link_next, None
        fp = super()._open_w(filename, encoding, override)
        if old is None or fp.name == os.devnull:
            return fp
        fp.close()
        tmp = f"{filename}.hub-link"
        try:
            os.link(old, tmp)
        except OSError:  # another file system: a copy is as good (its new inode only costs a re-render next time)
            shutil.copyfile(old, tmp)
        os.replace(tmp, filename)
        return open(os.devnull, "w", encoding=encoding)  # Pelican writes "" to it and closes it
