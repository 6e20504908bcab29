"""Packaged policies (installed as the package `jxcheck_policies`): national and hebei."""
