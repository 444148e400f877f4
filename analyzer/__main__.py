"""``python -m analyzer`` runs the toolbox (``analyzer``); ``python -m analyzer analyze`` the scan."""

from analyzer.cli import toolbox_main

if __name__ == "__main__":
    toolbox_main()
