"""The fixed lists Flattr validates against: its 7 category ids and its 44 language ids.

Flattr never published the full language list through its docs (they print 4 entries); this is
the best available list, the one Flattr's own WordPress plugins shipped, in the same order
(English first, then by English name). ``tests/core/test_catalog.py`` checks it against the
recorded lists in the repository's test fixtures so the two cannot drift apart.
"""

from __future__ import annotations

from typing import Final

__all__ = ["CATEGORIES", "DEFAULT_CATEGORY", "DEFAULT_LANGUAGE", "LANGUAGES"]

#: Category id -> label, in the order the API lists them.
CATEGORIES: Final[dict[str, str]] = {
    "text": "Text",
    "images": "Images",
    "video": "Video",
    "audio": "Audio",
    "software": "Software",
    "people": "People",
    "rest": "Other",
}

#: Language id (``ll_CC``, legacy Java codes included) -> English name, in API order.
LANGUAGES: Final[dict[str, str]] = {
    "en_GB": "English",
    "sq_AL": "Albanian",
    "ar_DZ": "Arabic",
    "be_BY": "Belarusian",
    "bg_BG": "Bulgarian",
    "ca_ES": "Catalan",
    "zh_CN": "Chinese",
    "hr_HR": "Croatian",
    "cs_CZ": "Czech",
    "da_DK": "Danish",
    "nl_NL": "Dutch",
    "et_EE": "Estonian",
    "fi_FI": "Finnish",
    "fr_FR": "French",
    "de_DE": "German",
    "el_GR": "Greek",
    "iw_IL": "Hebrew",
    "hi_IN": "Hindi",
    "hu_HU": "Hungarian",
    "is_IS": "Icelandic",
    "in_ID": "Indonesian",
    "ga_IE": "Irish",
    "it_IT": "Italian",
    "ja_JP": "Japanese",
    "ko_KR": "Korean",
    "lv_LV": "Latvian",
    "lt_LT": "Lithuanian",
    "mk_MK": "Macedonian",
    "ms_MY": "Malay",
    "mt_MT": "Maltese",
    "no_NO": "Norwegian",
    "pl_PL": "Polish",
    "pt_PT": "Portuguese",
    "ro_RO": "Romanian",
    "ru_RU": "Russian",
    "sr_RS": "Serbian",
    "sk_SK": "Slovak",
    "sl_SI": "Slovenian",
    "es_ES": "Spanish",
    "sv_SE": "Swedish",
    "th_TH": "Thai",
    "tr_TR": "Turkish",
    "uk_UA": "Ukrainian",
    "vi_VN": "Vietnamese",
}

#: The category Flattr gives a thing created without one.
DEFAULT_CATEGORY: Final = "rest"
#: The language Flattr gives a thing created without one.
DEFAULT_LANGUAGE: Final = "en_GB"
