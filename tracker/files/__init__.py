"""Files in and out: the diary's CSV, the Contraction Timer app's file, and the demo diary."""
