"""Developer tools, not use cases: the demo center (`python -m app demo`, also made on the first
start), the district-scale data generator and the benchmarks (`python -m app bench`).

They build on `app.services` like any caller; nothing in `app.services` imports them. The bench is
the only module here that imports Qt (it starts the real window to time it), so `app/` and
`app/services/` stay free of Qt.
"""
