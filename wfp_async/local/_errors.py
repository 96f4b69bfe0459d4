"""The local runtime's failures, both :class:`~wfp_async.WfpError` subclasses.

``WorkerdMissing`` says which command installs workerd; ``RuntimeFailed`` carries the end of workerd's
own output when it could not start.
"""

from __future__ import annotations

from wfp_async._errors import WfpError

INSTALL_HINT = "make tools"


class WorkerdMissing(WfpError):
    """workerd is not installed where wfp dev looks for it; the message names the command that installs it.

    ``except WorkerdMissing as error: print(error)`` ends with ``run `make tools` ...``.
    """


class RuntimeFailed(WfpError):
    """workerd did not start (or stopped answering); the message ends with what workerd printed.

    ``except RuntimeFailed as error:`` around ``LocalPlatform(...).start()`` catches a broken dispatcher.
    """
