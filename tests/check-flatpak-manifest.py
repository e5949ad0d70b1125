#!/usr/bin/env python3
# The Flatpak manifest cannot be built here (no runtime can be downloaded),
# so check by hand what must be true of it.
import json
import re
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
finish_args = manifest.get("finish-args", [])
args = set(finish_args)
# Documents come in through the document portal ("Open With", the file
# chooser, a drop, `smartca-certs FILE.pdf` with %U): no access to the
# user's files, not even read-only or to one folder.
check(not any(str(a).startswith("--filesystem") for a in finish_args),
      "no --filesystem permission (got %s)" % [a for a in finish_args
                                                if str(a).startswith("--filesystem")])
check(args == allowed, "finish-args are exactly %s (got %s)" % (sorted(allowed), sorted(args)))

modules = manifest.get("modules", [])
check(modules, "has modules")
app = modules[-1]
check(isinstance(app, dict) and app.get("name") == "smartca-certs", "the last module is the app")
check(app.get("buildsystem") == "meson", "the app is built with meson")
sources = app.get("sources", [])
check(any(s.get("type") in ("dir", "git") for s in sources), "the app module builds this tree")

# The GNOME runtime has no zbar (QR codes of TOTP secrets): a module builds it
# before the app, from a pinned archive, as a library only.
names = [m.get("name") if isinstance(m, dict) else None for m in modules]
check("zbar" in names, "a zbar module")
zbar = modules[names.index("zbar")]
check(names.index("zbar") < names.index("smartca-certs"), "zbar is built before the app")
archives = [s for s in zbar.get("sources", []) if s.get("type") == "archive"]
check(len(archives) == 1, "zbar comes from one archive")
check(str(archives[0].get("url", "")).startswith("https://"), "zbar's archive has an https url")
check(re.fullmatch(r"[0-9a-f]{64}", str(archives[0].get("sha256", ""))) is not None,
      "zbar's archive has a sha256")
opts = set(zbar.get("config-opts", []))
for opt in ("--disable-video", "--without-x", "--without-gtk", "--without-qt", "--without-python",
            "--without-java", "--without-imagemagick", "--disable-doc"):
    check(opt in opts, "zbar is configured with " + opt)

# The GNOME runtime has no libqpdf (reading PDFs to sign them) either: a
# module builds the library alone, with GnuTLS as its only crypto.
check("qpdf" in names, "a qpdf module")
qpdf = modules[names.index("qpdf")]
check(names.index("qpdf") < names.index("smartca-certs"), "qpdf is built before the app")
qopts = set(qpdf.get("config-opts", []))
for opt in ("-DBUILD_STATIC_LIBS=OFF", "-DUSE_IMPLICIT_CRYPTO=OFF", "-DREQUIRE_CRYPTO_GNUTLS=ON",
            "-DBUILD_DOC=OFF"):
    check(opt in qopts, "qpdf is configured with " + opt)

# Nor poppler-glib (the signing window's pages, the check of the signature):
# a module builds its GLib frontend alone, and NSS for the check.
check("poppler" in names, "a poppler module")
poppler = modules[names.index("poppler")]
check(names.index("poppler") < names.index("smartca-certs"), "poppler is built before the app")
check(poppler.get("buildsystem") == "cmake-ninja", "poppler is built with cmake-ninja")
popts = set(poppler.get("config-opts", []))
for opt in ("-DENABLE_GLIB=ON", "-DENABLE_CPP=OFF", "-DENABLE_QT5=OFF", "-DENABLE_QT6=OFF",
            "-DENABLE_UTILS=OFF", "-DENABLE_GOBJECT_INTROSPECTION=OFF", "-DBUILD_GTK_TESTS=OFF",
            "-DBUILD_CPP_TESTS=OFF", "-DBUILD_MANUAL_TESTS=OFF", "-DWITH_NSS3=ON"):
    check(opt in popts, "poppler is configured with " + opt)
check("/bin" in poppler.get("cleanup", []), "poppler's programs are cleaned up")

# Every module but the app builds from one pinned https archive.
for module in modules[:-1]:
    name = module.get("name")
    archives = [s for s in module.get("sources", []) if s.get("type") == "archive"]
    check(len(archives) == 1, name + " comes from one archive")
    check(str(archives[0].get("url", "")).startswith("https://"), name + "'s archive has an https url")
    check(re.fullmatch(r"[0-9a-f]{64}", str(archives[0].get("sha256", ""))) is not None,
          name + "'s archive has a sha256")

print("manifest OK:", manifest["id"], manifest["runtime"], manifest["runtime-version"])
