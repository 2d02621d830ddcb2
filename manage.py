#!/usr/bin/env python
"""Django's command-line utility; the same as the installed `aduan` command."""

from aduan.__main__ import main

if __name__ == "__main__":
    main()
