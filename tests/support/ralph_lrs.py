"""Starts a Ralph xAPI LRS on loopback with its file-system backend, for Press Check's tests.

Usage: python ralph_lrs.py HOST PORT DATA_DIR   (RALPH_APP_DIR must hold auth.json)

This is what `ralph runserver -b fs` does, without the file-watching reloader
(so killing this one process stops the LRS) and with one setting changed:
Ralph's file-system LRS backend writes its statements file with the CREATE
operation, which refuses every write after the first POST; appending makes it
keep accepting statements, as an LRS must.
"""

import os
import sys

host, port, data = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.environ["RALPH_RUNSERVER_BACKEND"] = "fs"
os.environ["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"] = data

import uvicorn  # noqa: E402
from ralph.backends.data.base import BaseOperationType  # noqa: E402
from ralph.backends.lrs.fs import FSLRSBackend  # noqa: E402

FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host=host, port=port, log_level="warning")
