"""Contractions in labour: sessions and the go-in rule's arithmetic, the timer's actions, the
summary in words and the chart's data."""
