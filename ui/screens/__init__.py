"""One screen per browsing page and per workflow step kind."""
