"""Fill untranslated entries of .po files from a JSON {lang: {msgid: msgstr}} (dev tool, not committed)."""
import json, re, sys
from pathlib import Path

def esc(s): return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

def unq(block):
    return "".join(json.loads('"' + m + '"') for m in re.findall(r'"((?:[^"\\]|\\.)*)"', block))

data = json.loads(Path(sys.argv[1]).read_text())
root = Path(sys.argv[2])
for lang, table in data.items():
    p = root / lang / "LC_MESSAGES" / "django.po"
    text = p.read_text()
    entries = text.split("\n\n")
    out = []
    missing = []
    for e in entries:
        fuzzy = "#, fuzzy" in e
        if fuzzy:
            e = re.sub(r"^#\| .*\n", "", e, flags=re.M).replace("#, fuzzy\n", "").replace("#, fuzzy, ", "#, ")
            e = re.sub(r'msgstr ((?:".*"\n?)+)$', 'msgstr ""', e, flags=re.S)
        m = re.search(r'^(msgctxt .*?\n)?msgid ((?:".*"\n)+)msgstr ""$', e, re.S | re.M)
        if m and "msgid_plural" not in e and e.rstrip().endswith('msgstr ""'):
            msgid = unq(m.group(2))
            if msgid and msgid in table:
                e = e[: e.rfind('msgstr ""')] + 'msgstr "' + esc(table[msgid]) + '"'
                e = e.replace("#, fuzzy\n", "")
            elif msgid:
                missing.append(msgid)
        out.append(e)
    p.write_text("\n\n".join(out))
    if missing:
        print(lang, "still missing:", missing)
