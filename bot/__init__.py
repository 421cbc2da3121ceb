"""bot: question understanding, exact table answers, cited narrative answers, verification.

Not built yet: see issue 4.
"""
