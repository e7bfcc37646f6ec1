"""A Pelican Writer that keeps the previous build's file for pages whose inputs did not change.

Pelican's ``write_file`` renders inside a nested function, so the writer hands it a template
proxy: ``render`` either renders (recording which stories the page read) or, for a page that
can be kept, returns nothing and notes the old file; ``_open_w`` then hard-links that file into
the new output. Pagination, override rules and the content_written signal stay Pelican's own.
Hard links are safe because no build writes into a file the live site shares: a page kept from
the previous build is a hard link of it, and the staging folder may be the reused spare tree
(hubtools/spare.py), whose pages start as hard links too (HUB_LEFTOVERS_RUN). Such a file is kept
as it is or unlinked before Pelican opens it for writing.
"""

from __future__ import annotations

import io
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
        self.leftovers = self.settings.get("HUB_LEFTOVERS_RUN")
        # Files written this run that are hard links of the live site's (kept pages, leftovers).
        self._shared = self.leftovers.shared if self.leftovers is not None else set()

    def write_file(self, name, template, context, *args, **kwargs):
        return super().write_file(name, _Template(self, template), context, *args, **kwargs)

    def _open_w(self, filename, encoding, override=False):
        old, self.link_next = self.link_next, None
        if self.leftovers is not None:
            self.leftovers.claim(filename)
        if old is None:
            self._unshare(filename)
            return super()._open_w(filename, encoding, override)
        if not override and filename not in self._written_files and filename not in self._overridden_files:
            # The common case, without Pelican creating a file only to have it replaced.
            self._written_files.add(filename)
            if filename not in self._shared:  # a leftover is this very file already (hubtools/spare.py)
                _link(old, filename)
                self._shared.add(filename)
            return io.StringIO()  # Pelican writes "" to it and closes it
        self._unshare(filename)
        fp = super()._open_w(filename, encoding, override)  # Pelican's override rules decide
        if fp.name != os.devnull:
            fp.close()
            tmp = f"{filename}.hub-link"
            _link(old, tmp)
            os.replace(tmp, filename)
            self._shared.add(filename)
        return io.StringIO()

    def _unshare(self, filename) -> None:
        """Pelican is about to open ``filename`` for writing: if the live site shares it, unlink it first."""
        if filename in self._shared and filename not in self._overridden_files:  # (overridden: /dev/null)
            self._shared.discard(filename)
            os.unlink(filename)


def _link(old, new) -> None:
    try:
        os.link(old, new)
    except OSError:  # another file system: a copy is as good (its new inode only costs a re-render next time)
        shutil.copyfile(old, new)
