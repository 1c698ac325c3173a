"""The domain: the promise, its activities and the rules about them, as plain data and pure
functions. Nothing here reads a file, reads the clock, prints or exits."""
