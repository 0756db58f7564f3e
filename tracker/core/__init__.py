"""The shared core every layer stands on: codes (vocabulary), models, errors, thresholds, units,
time, column types and the registry of entry kinds. Imports nothing else of the project."""
