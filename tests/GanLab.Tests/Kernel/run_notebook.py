"""Runs one notebook through GanLab's C# Jupyter kernel with nbclient, as `jupyter nbconvert --execute` would.

Usage: python3 run_notebook.py IN.ipynb OUT.ipynb WORKING_FOLDER
The kernel runs in WORKING_FOLDER (the course's notebooks/ folder, so their relative paths hold). nbclient applies
update_display_data messages to the outputs they name, so OUT keeps each live display's final state. OUT is written
also when a cell fails (up to that cell); the exit code is then 1.
"""
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

source, target, folder = sys.argv[1:4]
nb = nbformat.read(source, as_version=4)
client = NotebookClient(nb, kernel_name="ganlab-csharp", timeout=600, startup_timeout=120,
                        resources={"metadata": {"path": folder}})
started = time.monotonic()
try:
    client.execute()
    code = 0
except CellExecutionError as e:
    print(e, file=sys.stderr)
    code = 1
nbformat.write(nb, target)
print(f"{source}: {'ran' if code == 0 else 'failed'} in {time.monotonic() - started:.1f} s through the kernel")
sys.exit(code)
