"""The app's pages, one file per page, run by Streamlit's folder-based pages mode; a package only
so that import-linter can check what they import (Streamlit skips ``__init__.py``)."""
