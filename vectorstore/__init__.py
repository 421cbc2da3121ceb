"""vectorstore: persistence and search over parsed reports (Chroma, lexical index, facts store).

Not built yet: see issue 3. Nothing here is imported by the parser or the CLI.
"""
