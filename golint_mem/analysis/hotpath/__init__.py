"""Hot-path analyses (GM202): the hot-path model, escaping interface values, byte-slice names."""
