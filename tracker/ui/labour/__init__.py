"""The labour pages' parts: the timer, its guidance, the contraction table and the extras."""
