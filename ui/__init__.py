"""ui: the ways a person reaches gongkai: the `gongkai` command line (and, later, the web app)."""
