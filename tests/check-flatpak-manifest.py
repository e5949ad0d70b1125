#!/usr/bin/env python3
# The Flatpak manifest cannot be built here (no runtime can be downloaded),
# so check by hand what must be true of it.
import json
import sys

path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    manifest = json.load(f)

def check(condition, message):
    if not condition:
        print("FAIL:", message)
        sys.exit(1)

check(manifest.get("id", manifest.get("app-id")) == "com.example.SmartCACerts", "app id")
check(manifest.get("runtime") == "org.gnome.Platform", "runtime is org.gnome.Platform")
check(manifest.get("sdk") == "org.gnome.Sdk", "sdk is org.gnome.Sdk")
check(str(manifest.get("runtime-version", "")).isdigit(), "runtime-version is a stable GNOME release")
check(manifest.get("command") == "smartca-certs", "command")

allowed = {"--share=network", "--share=ipc", "--socket=wayland",
           "--socket=fallback-x11", "--device=dri"}
args = set(manifest.get("finish-args", []))
check(args == allowed, "finish-args are exactly %s (got %s)" % (sorted(allowed), sorted(args)))

modules = manifest.get("modules", [])
check(modules, "has modules")
app = modules[-1]
check(isinstance(app, dict) and app.get("name") == "smartca-certs", "the last module is the app")
check(app.get("buildsystem") == "meson", "the app is built with meson")
sources = app.get("sources", [])
check(any(s.get("type") in ("dir", "git") for s in sources), "the app module builds this tree")
print("manifest OK:", manifest["id"], manifest["runtime"], manifest["runtime-version"])
