"""Progress of long builds on a terminal: reading N files, writing N pages, with rates.

Enabled by HUB_PROGRESS=1, which hubtools.build sets only when its stderr is a terminal and
CI is not set. The receivers live on the run's Progress object (kept in the settings) and are
disconnected when the run ends, so an autoreload run does not report twice.
"""

from pelican import signals

from .progress import Progress

SIGNALS = {
    "reading": (signals.article_generator_context, signals.page_generator_context),
    "writing": (signals.content_written, signals.feed_written),
}


def _start(pelican):
    if not pelican.settings.get("HUB_PROGRESS"):
        return
    try:
        tty = open("/dev/tty", "w", encoding="utf-8")  # noqa: SIM115 (closed when the run ends)
    except OSError:
        return
    progress = Progress(tty)
    receivers = []
    for phase, sigs in SIGNALS.items():
        def receiver(sender, _phase=phase, **kwargs):
            progress.step(_phase)
        receivers.append(receiver)
        for sig in sigs:
            sig.connect(receiver, weak=False)

    def finish(_pelican):
        progress.end_phase()
        tty.close()
        for sig in (s for sigs in SIGNALS.values() for s in sigs):
            for r in receivers:
                sig.disconnect(r)
        signals.finalized.disconnect(finish)

    signals.finalized.connect(finish, weak=False)
    pelican.settings["HUB_PROGRESS_REPORTER"] = progress


def register():
    signals.initialized.connect(_start)
