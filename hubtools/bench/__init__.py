"""`invoke bench`: a synthetic newsroom-scale corpus, built and timed against plain Pelican."""
