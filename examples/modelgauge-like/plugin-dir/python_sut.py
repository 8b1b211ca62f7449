#!/usr/bin/env python3
"""A modelgauge-like SUT written in Python: a plugkit plugin process, standard library only.

Copy this file into a plugin folder, keep it executable, and pass the folder to
`modelgauge-like --plugin-dir`: its SUTs join the linked ones.

    modelgauge-like --plugin-dir DIR run-sut --sut python_title --prompt "is the sky blue"

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
    """The SUT's own error: the host shows its message as the SUT's."""


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


# uid -> (how to make it, type name, arguments shown in listings)
SUTS = {
    "python_count": (lambda: Count("words"), "Count", [{"name": "unit", "value": '"words"'}]),
    "python_title": (TitleCase, "TitleCase", []),
}


def registration(uid, type_name, args):
    return {
        "namespace": "suts",
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
                "registrations": [registration(uid, t, a) for uid, (_, t, a) in sorted(SUTS.items())],
            }
        if method == "make":
            if params.get("namespace") != "suts":
                raise SutError(f"this plugin serves no namespace `{params.get('namespace')}`")
            made = SUTS.get(params.get("uid"))
            if made is None:
                raise SutError(f"no SUT `{params.get('uid')}` in this plugin")
            instance = self.next_instance
            self.next_instance += 1
            self.instances[instance] = made[0]()
            return {"instance": instance}
        if method == "call":
            sut = self.instances.get(params.get("instance"))
            if sut is None:
                raise SutError(f"no instance {params.get('instance')}")
            if params.get("method") != "respond":
                raise SutError(f"no method `{params.get('method')}`")
            return sut.respond(params.get("args", {}).get("prompt", ""))
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
