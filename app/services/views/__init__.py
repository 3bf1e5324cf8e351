"""Read-only screen queries for the desktop client, one module per screen, plus per-user form drafts.

Every function returns frozen rows (plain data, no ORM objects), so the UI can hold them in Qt
models on the GUI thread without lazy loads.

- `reference`: the lists every form draws on (동, staff, resources, center settings, case types);
- `home`: the home screen's meeting and awaiting-reply lists (the case lists are in `queries`);
- `case_file`: the case screen (`case_detail`), a household alone, a case's shares;
- `drafts`: drafts of long forms, inside the encrypted store;
- `sync_status`: the sync status line and the conflict inbox.
"""
