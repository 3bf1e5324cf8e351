"""The child processes of `python -m app bench` that need Qt (the bench itself, in app/devtools,
imports none):

    python -m ui.bench_probes bare                    a bare QApplication showing one window: the baseline
    python -m ui.bench_probes app DB                  the real app, up to its sign-in window
    python -m ui.bench_probes memory DB PASSWORD DIR  a session's work with the full data set and Qt loaded

Each prints its own peak memory when it exits ("PEAK_MB n"); the bench reads that and the app's
"SMOKE …" lines from stdout.
"""
from __future__ import annotations

import atexit
import resource
import sys
from pathlib import Path


def _print_peak() -> None:
    try:  # VmHWM: this process's own peak (ru_maxrss would carry the parent's over fork+exec)
        with open("/proc/self/status") as f:
            kib = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("PEAK_MB", kib / 1024, flush=True)


def bare() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget
    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.setWindowTitle("bare")
    window.resize(480, 320)
    window.show()

    def done():
        print("SMOKE OK bare", flush=True)
        app.quit()
    QTimer.singleShot(0, done)
    return app.exec()


def real_app(db: str) -> int:
    from ui.main import run
    return run(Path(db))


def memory(db: str, password: str, workdir: str) -> int:
    from PySide6.QtWidgets import QApplication, QWidget
    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.show()
    app.processEvents()
    from app.devtools.bench import memory_workload
    memory_workload(Path(db), password, Path(workdir))
    return 0


PROBES = {"bare": bare, "app": real_app, "memory": memory}

if __name__ == "__main__":
    atexit.register(_print_peak)
    sys.exit(PROBES[sys.argv[1]](*sys.argv[2:]))
