"""``python -m analyzer``: the toolbox (``catalog``, ``explain``), as the ``analyzer``
command. The scan is the ``analyze`` command: ``analyze device.log``."""

from analyzer.cli import toolbox_main

if __name__ == "__main__":
    toolbox_main()
