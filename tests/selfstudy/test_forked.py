"""The forked copy of the kernel that check() calls: a time-out no learner code can swallow."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from autograder.paths import REPO_ROOT
from autograder.selfstudy.forked import ForkedProgram, supported
from autograder.student import (
    BadReturnValue,
    FunctionCrashed,
    FunctionMissing,
    FunctionRaised,
    FunctionTimedOut,
)

pytestmark = pytest.mark.skipif(not supported(), reason="needs os.fork")


def cell(source: str, name: str, number: int = 7):
    """``name`` as defined by a notebook cell (code compiled under a cell's name)."""
    namespace = {"time": time}
    exec(compile(textwrap.dedent(source), f"<Cell In[{number}]>", "exec"), namespace)
    return namespace[name]


# A beginner's loop: a bare except catches the alarm and the interrupt too.
swallow_everything = cell("""
    def swallow_everything():
        while True:
            try:
                time.sleep(0.01)
            except:
                pass
""", "swallow_everything")


def test_when_a_bare_except_swallows_everything_then_the_call_is_still_stopped_in_time():
    program = ForkedProgram({"stubborn": swallow_everything}, call_timeout_seconds=0.5)
    started = time.monotonic()
    with pytest.raises(FunctionTimedOut) as late:
        program.stubborn()
    assert time.monotonic() - started < 2
    assert late.value.where.startswith("line ")  # where it was stopped, as Jupyter names it
    assert late.value.where.endswith("of <Cell In[7]>, in swallow_everything")
    started = time.monotonic()
    with pytest.raises(FunctionTimedOut):  # not called again: it costs one time-out
        program.stubborn()
    assert time.monotonic() - started < 0.1
    program.close()


def test_when_one_function_hung_then_another_still_runs_in_a_fresh_copy():
    program = ForkedProgram({"stubborn": swallow_everything, "add": lambda a, b: a + b},
                            call_timeout_seconds=0.3, after_hang_seconds=0.3)
    with pytest.raises(FunctionTimedOut):
        program.stubborn()
    assert program.add(2, 3) == 5
    program.close()


def test_when_the_function_kills_its_process_then_it_crashed_and_the_kernel_lives_on():
    program = ForkedProgram({"die": lambda: os._exit(3), "one": lambda: 1})
    with pytest.raises(FunctionCrashed, match="status 3"):
        program.die()
    assert program.one() == 1
    program.close()


def test_when_called_then_errors_results_and_inputs_come_back_as_plain_data():
    def double_in_place(x):
        x *= 2
        return x.sum()

    def fail(x):
        raise ValueError("no")

    program = ForkedProgram({"f": double_in_place, "fail": fail, "obj": lambda: object()})
    original = np.ones(3)
    returned = program.call("f", (original,), {}, return_inputs=True)
    assert returned.value == 6.0 and np.array_equal(returned.args[0], [2.0, 2.0, 2.0])
    assert np.array_equal(original, [1.0, 1.0, 1.0])
    with pytest.raises(FunctionRaised) as raised:
        program.call("f", (np.ones(2),), {}, readonly=True)
    assert raised.value.type_name == "ValueError"  # read-only arrays, as in the sandbox
    with pytest.raises(FunctionRaised) as raised:
        program.fail(1)
    assert raised.value.is_value_error and raised.value.message == "no"
    with pytest.raises(BadReturnValue):
        program.obj()
    with pytest.raises(FunctionMissing):
        program.nothing()
    program.close()


def test_when_the_kernel_is_interrupted_during_a_check_then_the_copy_is_killed(tmp_path):
    """Ctrl-C / the kernel's interrupt reaches the waiting kernel, never the learner's loop."""
    script = textwrap.dedent("""
        import os, sys, time
        from autograder.selfstudy.forked import ForkedProgram

        def stubborn():
            while True:
                try:
                    time.sleep(0.01)
                except:
                    pass

        program = ForkedProgram({"stubborn": stubborn}, call_timeout_seconds=60)
        print("ready", flush=True)
        try:
            program.stubborn()
        except KeyboardInterrupt:
            print("interrupted", program._child is None or not program._child.alive(),
                  flush=True)
    """)
    process = subprocess.Popen([sys.executable, "-c", script], cwd=REPO_ROOT,
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "ready"
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=10)
    assert out.strip() == "interrupted True"
