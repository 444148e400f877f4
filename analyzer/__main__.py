"""``python -m analyzer``: the toolbox; ``python -m analyzer analyze LOG`` runs the scan."""

from analyzer.cli import toolbox_main

if __name__ == "__main__":
    toolbox_main()
