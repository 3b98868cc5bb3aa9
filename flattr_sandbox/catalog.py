"""The fixed lists the sandbox validates against: Flattr's 7 category ids and 44 language ids.

The sandbox's own copy, kept apart from the client's (``flattr_core.catalog``) on purpose: the
sandbox is an independent implementation of the documented API, so it shares no code with the
client it is meant to check. ``tests/sandbox/test_catalog_copies.py`` checks that the two copies
and the recorded lists in ``tests/fixtures/`` agree.
"""

from __future__ import annotations

from typing import Final

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
