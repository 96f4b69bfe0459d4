"""The package's version: one source for ``wfp_async.__version__``, ``wfp --version`` and the wheel."""

__version__ = "0.1.0"
