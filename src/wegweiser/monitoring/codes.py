"""Code lists of the register extract contract (docs/monitoring.md, register-extract.md)."""

from __future__ import annotations

# The officially assigned ISO 3166-1 alpha-2 codes (249).
ISO_3166_1 = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ
    BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
    CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
    DE DJ DK DM DO DZ
    EC EE EG EH ER ES ET
    FI FJ FK FM FO FR
    GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY
    HK HM HN HR HT HU
    ID IE IL IM IN IO IQ IR IS IT
    JE JM JO JP
    KE KG KH KI KM KN KP KR KW KY KZ
    LA LB LC LI LK LR LS LT LU LV LY
    MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
    NA NC NE NF NG NI NL NO NP NR NU NZ
    OM
    PA PE PF PG PH PK PL PM PN PR PS PT PW PY
    QA
    RE RO RS RU RW
    SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ
    TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ
    UA UG UM US UY UZ
    VA VC VE VG VI VN VU
    WF WS
    YE YT
    ZA ZM ZW
    """.split()
)
# Kosovo, stateless, unresolved, and the historic Soviet Union, Yugoslavia, Czechoslovakia, GDR.
EXTRA_CODES = frozenset({"XK", "XX", "XU", "SU", "YU", "CS", "DD"})
COUNTRY_CODES = ISO_3166_1 | EXTRA_CODES

SEXES = ("m", "w", "d", "x")
ACQUISITION = (
    "abstammung",
    "ius_soli",
    "erklaerung",
    "adoption",
    "spaetaussiedler",
    "statusdeutsch",
    "einbuergerung",
    "unbekannt",
)
FLAGS = ("0", "1")

AUSSIEDLER_STATES = tuple(
    "SU RU UA BY MD EE LV LT KZ KG TJ TM UZ AZ AM GE PL CS CZ SK HU RO BG YU SI HR BA RS ME MK "
    "XK AL CN".split()
)
EXPULSION_STATES = tuple("PL RU SU LT CS CZ SK HU RO YU SI HR BA RS".split())
EU27 = tuple(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)

# Origin regions, the first that matches wins; everything else is "sonstige".
ORIGIN_REGIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tuerkei", ("TR",)),
    ("ehem_su", tuple("SU RU UA BY MD EE LV LT KZ KG TJ TM UZ AZ AM GE".split())),
    ("ehem_yu", tuple("YU SI HR BA RS ME MK XK".split())),
    ("polen", ("PL",)),
    ("eu", (*EU27, "CS")),
    (
        "arabische_staaten",
        tuple("DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE".split()),
    ),
    ("unbekannt", ("XU",)),
)
REGION_CODES = (
    "tuerkei",
    "ehem_su",
    "ehem_yu",
    "polen",
    "eu",
    "arabische_staaten",
    "sonstige",
    "unbekannt",
)

MH_TYPES = (
    "AUSL",
    "AUSSIEDLER",
    "EINGEBUERGERT",
    "ADOPTIERT",
    "IUS_SOLI",
    "DOPPELSTAATLER",
    "GEBURT_AUSLAND",
    "KIND_FAMILIAER",
)

CITYWIDE = "00"
