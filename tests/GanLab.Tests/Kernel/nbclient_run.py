"""Runs a notebook through a Jupyter kernel with nbclient, as Jupyter's own tools do, and writes the executed notebook.

usage: nbclient_run.py KERNEL_NAME INPUT OUTPUT CWD CELL_TIMEOUT_S
Exit status 0 when every cell ran; 1 when a cell failed or the kernel died (the notebook is written all the same,
and the reason goes to stderr). Kernelspecs are found through JUPYTER_PATH, as for any Jupyter client.
"""
import sys

import nbformat
from nbclient import NotebookClient

kernel_name, source, target, cwd, timeout = sys.argv[1:6]
notebook = nbformat.read(source, as_version=4)
client = NotebookClient(notebook, kernel_name=kernel_name, timeout=int(timeout), startup_timeout=120,
                        resources={"metadata": {"path": cwd}})
status = 0
try:
    client.execute()
except Exception as error:  # CellExecutionError, DeadKernelError, a cell timeout: report it, keep what ran
    print(f"{type(error).__name__}: {error}", file=sys.stderr)
    status = 1
finally:
    nbformat.write(notebook, target)
sys.exit(status)
