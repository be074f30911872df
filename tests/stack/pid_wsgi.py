"""The project's WSGI application plus an X-Worker-Pid header naming the gunicorn worker that
answered. Only tests/stack/test_two_workers.py serves this; production serves exodus.wsgi."""

import os

from exodus.wsgi import application as exodus_application


def application(environ, start_response):
    def start_with_pid(status, headers, exc_info=None):
        return start_response(status, [*headers, ("X-Worker-Pid", str(os.getpid()))], exc_info)

    return exodus_application(environ, start_with_pid)
