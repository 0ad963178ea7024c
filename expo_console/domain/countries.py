"""Country names for the buyers' countries, as a report states them (Korean and English).

A visitor's country is kept as typed, usually an ISO 3166 alpha-2 code ("US", "CN"). A buyer
without a country is a domestic one, as domain/consultations.language_for reads it, so the
report counts them under Korea instead of a blank row.
"""

from __future__ import annotations

KOREA = "KR"

# The countries an SME expo in Korea sees buyers from; any other code is shown as it is.
NAMES: dict[str, tuple[str, str]] = {
    "KR": ("대한민국", "Korea"), "US": ("미국", "United States"), "CN": ("중국", "China"),
    "JP": ("일본", "Japan"), "VN": ("베트남", "Vietnam"), "TH": ("태국", "Thailand"),
    "ID": ("인도네시아", "Indonesia"), "MY": ("말레이시아", "Malaysia"), "SG": ("싱가포르", "Singapore"),
    "PH": ("필리핀", "Philippines"), "IN": ("인도", "India"), "TW": ("대만", "Taiwan"),
    "HK": ("홍콩", "Hong Kong"), "MN": ("몽골", "Mongolia"), "KZ": ("카자흐스탄", "Kazakhstan"),
    "UZ": ("우즈베키스탄", "Uzbekistan"), "RU": ("러시아", "Russia"), "AE": ("아랍에미리트", "United Arab Emirates"),
    "SA": ("사우디아라비아", "Saudi Arabia"), "TR": ("튀르키예", "Türkiye"), "DE": ("독일", "Germany"),
    "FR": ("프랑스", "France"), "GB": ("영국", "United Kingdom"), "IT": ("이탈리아", "Italy"),
    "ES": ("스페인", "Spain"), "NL": ("네덜란드", "Netherlands"), "PL": ("폴란드", "Poland"),
    "CA": ("캐나다", "Canada"), "MX": ("멕시코", "Mexico"), "BR": ("브라질", "Brazil"),
    "AU": ("호주", "Australia"), "NZ": ("뉴질랜드", "New Zealand"), "EG": ("이집트", "Egypt"),
    "NG": ("나이지리아", "Nigeria"), "ZA": ("남아프리카공화국", "South Africa"),
}
_ALIASES = {"KOR": KOREA, "KOREA": KOREA, "대한민국": KOREA, "한국": KOREA, "USA": "US", "CHN": "CN", "JPN": "JP",
            "VNM": "VN", "UK": "GB"}


def country_code(country: str) -> str:
    """The code a buyer's country is counted under: upper case, aliases folded, blank = Korea."""
    code = country.strip().upper()
    if not code:
        return KOREA
    return _ALIASES.get(code, _ALIASES.get(country.strip(), code))


def country_names(code: str) -> tuple[str, str]:
    """(Korean, English) for a code; an unknown code names itself in both."""
    return NAMES.get(code, (code, code))
