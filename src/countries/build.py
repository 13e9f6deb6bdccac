#!/usr/bin/env python3
"""Regenerates the country tables in this folder (see SOURCE.md). Run by hand, never by the build:

    python3 src/countries/build.py /usr/share/iso-codes/json/iso_3166-1.json path/to/countryinfo/data

The first input is Debian's iso-codes (package `iso-codes`, 4.15.0 when last run); the second is the
`countryinfo/data` folder of the PyPI wheel countryinfo 1.0.1 (MIT). Editorial rows are listed below.
"""
import glob
import json
import sys

# English names people write that ISO's short, official and common names do not cover.
EDITORIAL_NAMES = {
    "AE": ["UAE", "Emirates"], "BA": ["Bosnia"], "BN": ["Brunei"], "BO": ["Bolivia"],
    "BS": ["The Bahamas"], "CD": ["DRC", "DR Congo", "Democratic Republic of Congo", "Congo-Kinshasa"],
    "CG": ["Republic of Congo", "Congo-Brazzaville"], "CN": ["PRC", "Mainland China"], "CI": ["Ivory Coast"], "CV": ["Cape Verde"],
    "CZ": ["Czech Republic"], "FK": ["Falkland Islands", "Falklands"], "FM": ["Micronesia"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain"], "GM": ["The Gambia"],
    "KN": ["Saint Kitts", "St Kitts and Nevis"], "KP": ["DPRK"], "KR": ["Republic of Korea", "ROK"],
    "LA": ["Lao PDR"], "LC": ["St Lucia"], "MK": ["Macedonia"], "MM": ["Burma"], "MO": ["Macau"],
    "NL": ["Holland"], "PS": ["Palestine"], "RU": ["Russia"], "SZ": ["Swaziland"],
    "TL": ["East Timor"], "TR": ["Turkey"], "US": ["USA", "U.S.", "U.S.A.", "America"],
    "VA": ["Vatican", "Vatican City", "Holy See"], "VC": ["Saint Vincent", "St Vincent and the Grenadines"],
    "VN": ["Vietnam"], "ST": ["São Tomé and Príncipe"],
}
# Names that stand for more than one country: every code is listed, and reading one is an error.
AMBIGUOUS_NAMES = {"Korea": ["KR", "KP"], "Congo": ["CG", "CD"]}

# Demonyms countryinfo lacks, spells unusually, or that people commonly write besides its one.
EDITORIAL_DEMONYMS = {
    "AR": ["Argentine"], "BA": ["Bosnian"], "BW": ["Botswanan", "Batswana"], "BY": ["Belarussian"],
    "CV": ["Cape Verdean"], "CW": ["Curaçaoan"], "DJ": ["Djiboutian"], "EC": ["Ecuadorian"],
    "GB": ["Briton"], "GI": ["Gibraltarian"], "GW": ["Bissau-Guinean"], "HK": ["Hongkonger", "Hong Konger"],
    "KG": ["Kyrgyz", "Kyrgyzstani"], "KH": ["Khmer"], "KZ": ["Kazakh"], "LA": ["Lao"],
    "LS": ["Basotho"], "MO": ["Macanese"], "MV": ["Maldivian"], "NP": ["Nepali"],
    "PH": ["Filipina", "Philippine"], "SA": ["Saudi"], "SI": ["Slovenian"], "SK": ["Slovakian"],
    "SR": ["Surinamese"], "TJ": ["Tajik", "Tajikistani"], "TL": ["Timorese"], "UZ": ["Uzbek"],
}
AMBIGUOUS_DEMONYMS = {"Korean": ["KR", "KP"]}

# countryinfo gives some territories their sovereign's demonym ("Chinese" for Hong Kong, "French"
# for Réunion) or a word that is not a demonym ("Djibouti", "Gibraltar"): those rows are left out,
# so that "Chinese" reads as CN alone.
DROP = {
    ("IO", "Indian"), ("HK", "Chinese"), ("MO", "Chinese"), ("TF", "French"), ("MQ", "French"),
    ("YT", "French"), ("RE", "French"), ("PM", "French"), ("MP", "American"), ("SJ", "Norwegian"),
    ("GG", "Channel Islander"), ("JE", "Channel Islander"), ("CX", "Christmas Island"),
    ("GI", "Gibraltar"), ("DJ", "Djibouti"),
}


def main(iso_json, countryinfo_dir):
    iso = json.load(open(iso_json, encoding="utf-8"))["3166-1"]
    codes = {c["alpha_2"] for c in iso}
    with open("src/countries/iso3166-1.tsv", "w", encoding="utf-8") as out:
        out.write("alpha2\talpha3\tnumeric\tname\tofficial_name\tcommon_name\n")
        for c in sorted(iso, key=lambda c: c["alpha_2"]):
            row = [c["alpha_2"], c["alpha_3"], c["numeric"], c["name"],
                   c.get("official_name", ""), c.get("common_name", "")]
            out.write("\t".join(row) + "\n")
    names = [(code, name, "editorial") for code, ns in EDITORIAL_NAMES.items() for name in ns]
    names += [(code, name, "editorial-ambiguous") for name, cs in AMBIGUOUS_NAMES.items() for code in cs]
    write("src/countries/names.tsv", "alpha2\tname\tsource\n", names, codes)
    demonyms = []
    for path in glob.glob(countryinfo_dir + "/*.json"):
        data = json.load(open(path, encoding="utf-8"))
        value = next(iter(data.values())) if len(data) == 1 else data
        code = (value.get("ISO") or {}).get("alpha2")
        for word in (value.get("demonym") or "").split(","):
            word = word.strip()
            if code in codes and word and (code, word) not in DROP:
                demonyms.append((code, word, "countryinfo-1.0.1"))
    seen = {(code, word) for code, word, _ in demonyms}
    demonyms += [(code, word, "editorial") for code, ws in EDITORIAL_DEMONYMS.items() for word in ws
                 if (code, word) not in seen]
    demonyms += [(code, word, "editorial-ambiguous") for word, cs in AMBIGUOUS_DEMONYMS.items() for code in cs]
    write("src/countries/demonyms.tsv", "alpha2\tdemonym\tsource\n", demonyms, codes)


def write(path, header, rows, codes):
    rows = sorted(set(rows))
    assert all(code in codes for code, _, _ in rows), [r for r in rows if r[0] not in codes]
    with open(path, "w", encoding="utf-8") as out:
        out.write(header)
        for row in rows:
            out.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
