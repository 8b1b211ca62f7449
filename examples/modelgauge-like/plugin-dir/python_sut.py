#!/usr/bin/env python3
"""modelgauge-like SUTs and a Test written in Python: a plugkit plugin process, standard
library only.

Copy this file into a plugin folder, keep it executable, and pass the folder to
`modelgauge-like --plugin-dir`: its SUTs and its Test join the linked ones.

    modelgauge-like --plugin-dir DIR run-sut --sut python_title --prompt "is the sky blue"
    modelgauge-like --plugin-dir DIR run-test --test python_says_yes --sut demo_yes_no

It speaks plugkit's protocol, version 1 (docs/run-time-plugins.md): one JSON object per line on
stdin (requests) and stdout (answers); anything for the user goes to stderr. It exits when the
host closes its stdin.
"""

import json
import sys

PROTOCOL = 1
PLUGIN = {"name": "modelgauge-like-python", "version": "0.1.0"}
HOST_API = {"name": "modelgauge-like", "requirement": "^0.1"}


class SutError(Exception):
    """A request's error: for `respond`, the host shows its message as the SUT's."""


class TitleCase:
    """Answers with the prompt in title case."""

    def respond(self, prompt):
        if not prompt.strip():
            raise SutError("the prompt is empty: there is nothing to title")
        return prompt.title()


class Count:
    """Answers with the number of words of the prompt."""

    def __init__(self, unit):
        self.unit = unit

    def respond(self, prompt):
        return f"{len(prompt.split())} {self.unit}"


class SaysYes:
    """A Test: does the SUT say "Yes" to two questions whose answer is yes?"""

    def items(self):
        return [
            {"id": "sky", "prompt": "Is the sky blue?", "context": "Yes"},
            {"id": "water", "prompt": "Is water wet?", "context": "Yes"},
        ]

    def measure(self, item, response):
        return {"said_yes": 1.0 if response.strip() == item["context"] else 0.0}

    def aggregate(self, items):
        said = sum(i["measurements"]["said_yes"] for i in items)
        return {"said_yes_rate": said / len(items) if items else 0.0}


# namespace -> uid -> (how to make it, type name, arguments shown in listings)
REGISTERED = {
    "suts": {
        "python_count": (lambda: Count("words"), "Count", [{"name": "unit", "value": '"words"'}]),
        "python_title": (TitleCase, "TitleCase", []),
    },
    "tests": {
        "python_says_yes": (SaysYes, "SaysYes", []),
    },
}

# method -> the arguments it takes, by name, in order
METHODS = {
    "respond": ["prompt"],
    "respond_async": ["prompt"],
    "items": [],
    "measure": ["item", "response"],
    "aggregate": ["items"],
}

# method -> the method of the instance that answers it
ALIASES = {"respond_async": "respond"}


def registration(namespace, uid, type_name, args):
    return {
        "namespace": namespace,
        "uid": uid,
        "type": type_name,
        "origin": {"crate": PLUGIN["name"], "version": PLUGIN["version"],
                   "module": "python_sut", "item": uid},
        "args": args,
    }


class Plugin:
    def __init__(self):
        self.instances = {}
        self.next_instance = 1

    def answer(self, method, params):
        if method == "handshake":
            return {
                "protocol": PROTOCOL,
                "plugin": PLUGIN,
                "host_api": HOST_API,
                "registrations": [
                    registration(namespace, uid, t, a)
                    for namespace, uids in sorted(REGISTERED.items())
                    for uid, (_, t, a) in sorted(uids.items())
                ],
            }
        if method == "make":
            uids = REGISTERED.get(params.get("namespace"))
            if uids is None:
                raise SutError(f"this plugin serves no namespace `{params.get('namespace')}`")
            made = uids.get(params.get("uid"))
            if made is None:
                raise SutError(f"no uid `{params.get('uid')}` in namespace `{params.get('namespace')}`")
            instance = self.next_instance
            self.next_instance += 1
            self.instances[instance] = made[0]()
            return {"instance": instance}
        if method == "call":
            instance = self.instances.get(params.get("instance"))
            if instance is None:
                raise SutError(f"no instance {params.get('instance')}")
            name = params.get("method")
            # The host awaits `respond_async` (`run-test`): here it is `respond`.
            target = ALIASES.get(name, name)
            if name not in METHODS or not hasattr(instance, target):
                raise SutError(f"no method `{name}`")
            args = params.get("args") or {}
            missing = [a for a in METHODS[name] if a not in args]
            if missing:
                raise SutError(f"bad arguments for `{name}`: missing argument `{missing[0]}`")
            return getattr(instance, target)(*(args[a] for a in METHODS[name]))
        if method == "release":
            self.instances.pop(params.get("instance"), None)
            return None
        raise SutError(f"unknown method `{method}`")


def main():
    plugin = Plugin()
    stdin = open(sys.stdin.fileno(), encoding="utf-8", closefd=False)
    while True:
        line = stdin.readline()
        if not line:
            return 0  # the host closed stdin: it is done
        if not line.strip():
            continue
        try:
            request = json.loads(line)
        except ValueError as e:
            print(f"error: ignoring a request that is not a plugkit message: {e}", file=sys.stderr)
            continue
        try:
            reply = {"result": plugin.answer(request.get("method"), request.get("params") or {})}
        except SutError as e:
            reply = {"error": {"message": str(e)}}
        except Exception as e:  # a bug here must not kill the other SUTs
            reply = {"error": {"message": f"{type(e).__name__}: {e}"}}
        if request.get("id") is not None:
            sys.stdout.write(json.dumps({"id": request["id"], **reply}) + "\n")
            sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
