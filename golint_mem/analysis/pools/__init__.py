"""sync.Pool analyses (GM1xx): pool calls, where a value put back came from, what happened to it."""
