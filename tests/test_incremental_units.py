"""Pure pieces of the incremental build: what the site fingerprint walks, and memo keys."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest

from hub_incremental.fingerprint import inside, installed_packages, tree_files

TREE = ("taxonomy.yml", "pages/about.md", "articles/2025/a.md", "articles/2025/b.md", "articles/2025/photo.jpg",
        "articles/notes.txt", "articles-old/c.md", "events/e.md", "plugins/__pycache__/x.pyc", "a/b/c/deep.md")


@pytest.fixture
def tree(tmp_path) -> Path:
    for rel in TREE:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("skip", "expected"), [
    ((), ["a/b/c/deep.md", "articles-old/c.md", "articles/2025/a.md", "articles/2025/b.md", "articles/2025/photo.jpg",
          "articles/notes.txt", "events/e.md", "pages/about.md", "taxonomy.yml"]),
    # Only Markdown below an article folder is left out; a folder merely named alike is not one.
    ([("articles",)], ["a/b/c/deep.md", "articles-old/c.md", "articles/2025/photo.jpg", "articles/notes.txt",
                       "events/e.md", "pages/about.md", "taxonomy.yml"]),
    ([("articles", "2025")], ["a/b/c/deep.md", "articles-old/c.md", "articles/2025/photo.jpg", "articles/notes.txt",
                              "events/e.md", "pages/about.md", "taxonomy.yml"]),
    ([("a", "b")], ["articles-old/c.md", "articles/2025/a.md", "articles/2025/b.md", "articles/2025/photo.jpg",
                    "articles/notes.txt", "events/e.md", "pages/about.md", "taxonomy.yml"]),
    # ARTICLE_PATHS = [""]: every Markdown file of the folder is an article.
    ([()], ["articles/2025/photo.jpg", "articles/notes.txt", "taxonomy.yml"]),
])
def test_tree_files(tree, skip, expected):
    assert tree_files(tree, skip) == sorted(expected, key=lambda p: p.split("/")), "in the order of their parts"


def test_tree_files_of_a_missing_folder(tmp_path):
    assert tree_files(tmp_path / "nowhere") == []


def test_tree_files_counts_links_to_files_not_broken_ones(tree):
    (tree / "linked.yml").symlink_to(tree / "taxonomy.yml")
    (tree / "broken.yml").symlink_to(tree / "missing.yml")
    (tree / "folder-link").symlink_to(tree / "events", target_is_directory=True)
    assert "linked.yml" in tree_files(tree)
    assert "broken.yml" not in tree_files(tree)
    assert not any(p.startswith("folder-link") for p in tree_files(tree)), "links to folders are not followed"


@pytest.mark.parametrize(("paths", "expected"), [
    ([], []),
    (["articles"], [("articles",)]),
    (["articles/", "./news"], [("articles",), ("news",)]),
    ([""], [()]),
    (["a/b"], [("a", "b")]),
    (["/content/articles", "/elsewhere"], [("articles",)]),
])
def test_inside(paths, expected):
    assert inside(Path("/content"), paths) == expected


def test_installed_packages_name_every_package_with_its_version():
    texts = installed_packages()
    assert texts == sorted(texts)
    pelican = f"Name: pelican\nVersion: {importlib.metadata.version('pelican')}\n"
    assert sum(pelican in t for t in texts) == 1
