"""COMPAS plugins for the peers benchmark, found the way COMPAS finds a user's plugins.

COMPAS's plugin manager imports every top-level package whose name starts with ``compas`` on
``sys.path`` and registers each function marked ``@plugin`` in it. ``peers.py`` puts this
directory's parent on ``sys.path``, so this package is discovered like an installed plugin
package. The bodies are the Rust benchmark's (``plugkit/benches/pluggable_call.rs``): ``add``
returns ``a + b``; the ten ``add_all`` plugins return ``a + b + k`` for k = 1..10.
"""

from compas.plugins import plugin

CATEGORY = "plugkit_peers"


@plugin(category=CATEGORY)
def add(a, b):
    return a + b


@plugin(category=CATEGORY, pluggable_name="add_all")
def add_all_01(a, b):
    return a + b + 1


@plugin(category=CATEGORY, pluggable_name="add_all")
def add_all_02(a, b):
    return a + b + 2


@plugin(category=CATEGORY, pluggable_name="add_all")
def add_all_03(a, b):
    return a + b + 3


@plugin(category=CATEGORY, pluggable_name="add_all")
def add_all_04(a, b):
    return a + b + 4


@plugin(category=CATEGORY, pluggable_name="add_all")
def add_all_05(a, b):
    return a + b + 5


@plugin(category=CATEGORY, pluggable_name="add_all")
def add_all_06(a, b):
    return a + b + 6


@plugin(category=CATEGORY, pluggable_name="add_all")
def add_all_07(a, b):
    return a + b + 7


@plugin(category=CATEGORY, pluggable_name="add_all")
def add_all_08(a, b):
    return a + b + 8


@plugin(category=CATEGORY, pluggable_name="add_all")
def add_all_09(a, b):
    return a + b + 9


@plugin(category=CATEGORY, pluggable_name="add_all")
def add_all_10(a, b):
    return a + b + 10
