#!/usr/bin/env python3
# clang-format, plus the GNOME spellings that clang-format 14 cannot express.
#
#   build-aux/clang-format-gnome.py FILE…           print each file formatted
#   build-aux/clang-format-gnome.py -i FILE…        format the files in place, list the changed ones
#   build-aux/clang-format-gnome.py --check FILE…   list the files that are not formatted;
#                                                   exit 1 when there is one
#
# The style is .clang-format at the top of the tree. With SpaceBeforeParens
# clang-format writes every call as "name (" and has no exception for
# gettext's _("…"), N_("…"), C_("…", "…") or for g_autoptr(Type), which GNOME
# code always writes without the space (its WhitespaceSensitiveMacros breaks
# the alignment of the arguments that follow); and it spaces the dashes in
# G_DEFINE_QUARK (prefix-thing-error-quark, …) as minus signs. So before
# formatting each of those becomes a token of the same width that clang-format
# leaves alone (_["…"], g_autoptr_Type_, prefix$thing$error$quark), and after
# formatting it becomes itself again (written "_ (" or "g_autoptr (Type)", it
# loses the space). Everything else is plain clang-format.
# CLANG_FORMAT names the binary (default: clang-format).

import os
import re
import shutil
import subprocess
import sys

GETTEXT = re.compile(r"(?<![A-Za-z0-9_])(NC_|C_|N_|Q_|_) *\(")
GETTEXT_HIDDEN = re.compile(r"(?<![A-Za-z0-9_])(NC_|C_|N_|Q_|_)\[")
AUTO = re.compile(r"(?<![A-Za-z0-9_])(g_autoptr|g_autolist|g_autoslist|g_autoqueue|g_auto)"
                  r" *\(([A-Za-z_][A-Za-z0-9_]*)\)")
AUTO_HIDDEN = re.compile(r"(?<![A-Za-z0-9_])(g_autoptr|g_autolist|g_autoslist|g_autoqueue|g_auto)"
                         r"_([A-Za-z_][A-Za-z0-9_]*)_(?![A-Za-z0-9_])")


QUARK = re.compile(r"(?<![A-Za-z0-9_])(G_DEFINE_QUARK \()([A-Za-z0-9_-]+),")
QUARK_HIDDEN = re.compile(r"(?<![A-Za-z0-9_])(G_DEFINE_QUARK \()([A-Za-z0-9_$]+),")


class Unsupported(Exception):
    pass


def code_spans(text):
    """Yields (start, end, is_code) over text; strings, characters and comments are not code."""
    i = start = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            end = min(j + 1, n)
        elif text.startswith("//", i):
            j = text.find("\n", i)
            end = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            end = n if j < 0 else j + 2
        else:
            i += 1
            continue
        if start < i:
            yield start, i, True
        yield i, end, False
        i = start = end
    if start < n:
        yield start, n, True


def rewrite(text, opener, closer, call, hidden_call, auto_from, auto_to):
    """Turns call( … ) into hidden_call … closer, matching brackets across the code spans."""
    out = []
    stack = []
    for start, end, is_code in code_spans(text):
        chunk = text[start:end]
        if not is_code:
            out.append(chunk)
            continue
        chunk = auto_from.sub(auto_to_sub(auto_to), chunk)
        i = 0
        piece = []
        while i < len(chunk):
            m = call.match(chunk, i)
            if m:
                piece.append(m.group(1) + hidden_call)
                stack.append(True)
                i = m.end()
                continue
            c = chunk[i]
            if c == opener:
                stack.append(False)
            elif c == closer[0] and stack:
                if stack.pop():
                    c = closer[1]
            piece.append(c)
            i += 1
        out.append("".join(piece))
    return "".join(out)


def auto_to_sub(kind):
    if kind == "hide":
        return lambda m: "%s_%s_" % (m.group(1), m.group(2))
    return lambda m: "%s(%s)" % (m.group(1), m.group(2))


def hide(text):
    for start, end, is_code in code_spans(text):
        if is_code and (GETTEXT_HIDDEN.search(text, start, end) or AUTO_HIDDEN.search(text, start, end)):
            raise Unsupported("already holds a name like _[ or g_autoptr_Type_")
    text = QUARK.sub(lambda m: m.group(1) + m.group(2).replace("-", "$") + ",", text)
    return rewrite(text, "(", ")]", GETTEXT, "[", AUTO, "hide")


def reveal(text):
    text = rewrite(text, "[", "])", GETTEXT_HIDDEN, "(", AUTO_HIDDEN, "reveal")
    return QUARK_HIDDEN.sub(lambda m: m.group(1) + m.group(2).replace("$", "-") + ",", text)


def clang_format_binary():
    name = os.environ.get("CLANG_FORMAT", "clang-format")
    path = shutil.which(name)
    if path is None:
        sys.exit("clang-format-gnome: %s not found (Debian: apt-get install clang-format)" % name)
    return path


def format_file(binary, path):
    with open(path, encoding="utf-8") as f:
        original = f.read()
    result = subprocess.run([binary, "--style=file", "--assume-filename=" + path],
                            input=hide(original), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit("clang-format-gnome: clang-format failed on %s:\n%s" % (path, result.stderr))
    return original, reveal(result.stdout)


def main(argv):
    mode = "print"
    if argv and argv[0] in ("-i", "--check"):
        mode = argv.pop(0)
    if not argv:
        sys.exit("usage: clang-format-gnome.py [-i|--check] FILE…")
    binary = clang_format_binary()
    unformatted = []
    for path in argv:
        try:
            original, formatted = format_file(binary, path)
        except Unsupported as e:
            sys.exit("clang-format-gnome: %s: %s" % (path, e))
        if mode == "print":
            sys.stdout.write(formatted)
        elif original != formatted:
            if mode == "-i":
                with open(path, "w", encoding="utf-8") as f:
                    f.write(formatted)
            unformatted.append(path)
    for path in unformatted:
        print(path)
    if mode == "--check":
        return 1 if unformatted else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
