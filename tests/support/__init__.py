"""Helpers the tests share: paths, fakes, sites, API processes, logins and browsers (never another test module)."""
