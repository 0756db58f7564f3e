"""The doctor report: a PDF of a chosen period, built from sections that are small plugins."""
