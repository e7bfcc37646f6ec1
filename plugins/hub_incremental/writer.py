"""A Pelican Writer that keeps the previous build's file for pages whose inputs did not change.

Pelican's ``write_file`` renders inside a nested function, so the writer hands it a template
proxy: ``render`` either renders (recording which stories the page read) or, for a page that
can be kept, returns nothing and notes the old file; ``_open_w`` then hard-links that file into
the new output. Pagination, override rules and the content_written signal stay Pelican's own.
A page that is one file (no pagination) and can be kept skips Pelican's ``write_file`` instead:
its context copy and URL set-up are most of a one-edit rebuild's writing at 10,000 stories.
Hard links are safe because no build writes into a file the live site shares: a page kept from
the previous build is a hard link of it, and the staging folder may be the reused spare tree
(hubtools/spare.py), whose pages start as hard links too (HUB_LEFTOVERS_RUN). Such a file is kept
as it is or unlinked before Pelican opens it for writing.
"""

from __future__ import annotations

import io
import os
import shutil

from pelican import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import Writer

from hub_elder.mirror import MIRROR

from .leftovers import Leftovers


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
        self.leftovers = None
        if self.settings.get("HUB_LEFTOVERS"):  # the staging folder is a reused spare tree (hubtools/spare.py)
            self.leftovers = Leftovers.wait(output_path, self.settings["HUB_LEFTOVERS"], MIRROR)
            self.settings["HUB_LEFTOVERS_RUN"] = self.leftovers  # for settle()
            self.settings.setdefault("HUB_FORK_STATE", []).append(self.leftovers)  # (hub_split)
        # Files written this run that are hard links of the live site's (kept pages, leftovers).
        self._shared = self.leftovers.shared if self.leftovers is not None else set()
        self._base = os.path.abspath(self.output_path)  # sanitised_join's, worked out once
        self._prefix = os.path.join(self._base, "")
        self._bases: dict[int, str] = {}  # folder depth -> localsiteurl (the same for every page that deep)

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        if name and not self._paginates(paginated, template_name, kwargs):
            old = self.plan.reusable(name)
            if old is not None:
                self._keep(name, old, context, relative_urls, override_output)
                return None
        return super().write_file(name, _Template(self, template), context, relative_urls, paginated, template_name,
                                  override_output, url, **kwargs)

    def _paginates(self, paginated, template_name, kwargs) -> bool:
        """Pelican's own test (Writer.write_file) for a template written as several pages."""
        if paginated is None:
            paginated = {key: val for key, val in kwargs.items() if key in {"articles", "dates"}}
        return bool(paginated) and template_name in self.settings["PAGINATED_TEMPLATES"]

    def _keep(self, name, old, context, relative_urls, override) -> None:
        """What Pelican's write_file does for a page, for one kept from the previous build."""
        if relative_urls:  # Pelican leaves each page's base in the shared context: so do we
            context["localsiteurl"] = self._localsiteurl(name)
        path = self._join(name)
        if path not in self._shared:
            os.makedirs(os.path.dirname(path), exist_ok=True)
        self.link_next = old
        self._open_w(path, "utf-8", override=override).close()
        signals.content_written.send(path, context=context)

    def _localsiteurl(self, name: str) -> str:
        """``path_to_url(get_relative_path(name))``: one "../" per folder, so one answer per depth."""
        if not _plain(name):
            return path_to_url(get_relative_path(name))
        depth = name.count("/")
        base = self._bases.get(depth)
        if base is None:
            base = self._bases[depth] = path_to_url(get_relative_path(name))
        return base

    def _join(self, name: str) -> str:
        """``sanitised_join(self.output_path, name)``, the same string: a plain name needs no normalising."""
        if _plain(name):
            return self._prefix + name
        joined = os.path.abspath(os.path.join(self._base, name))
        return joined if joined.startswith(self._base) else sanitised_join(self.output_path, name)  # (which raises)

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


def _plain(name: str) -> bool:
    """Whether ``name`` is relative and made of names only (no empty, "." or ".." parts): every
    "/" then separates two folders' names, and joining it to a folder needs no normalising.
    Conservative: a name starting with "." (".well-known") counts as not plain too."""
    return not (name.startswith(("/", ".")) or name.endswith("/") or "//" in name or "/." in name)


def _link(old, new) -> None:
    try:
        os.link(old, new)
    except OSError:  # another file system: a copy is as good (its new inode only costs a re-render next time)
        shutil.copyfile(old, new)
