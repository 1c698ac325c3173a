"""Numbers as lofte writes them for people and for spreadsheets: one rule, three styles.

A number is shown with at most two decimals and no trailing zeros (12, 6.5, 0.25); what
differs between outputs is only the decimal mark and the separator of thousands:

- `number_style(language)`: for people, in a language's convention. Swedish writes
  1 234,5 (a no-break space between thousands, a decimal comma), English 1,234.5.
- `PLAIN`: 1234.5, for a CSV file that any program reads.
- `EXCEL_SV`: 1234,5, for a CSV file opened by Excel with Swedish regional settings.

The exact value of a number a user wrote (hours: 2.125) is kept in the ledger's own files
(`lofte.storage.activity_writer`), never rounded: that is storage, not display.
"""

from __future__ import annotations

from typing import Final, NamedTuple


class NumberStyle(NamedTuple):
    decimal_mark: str
    thousands_separator: str  # "" for none


PLAIN: Final = NumberStyle(".", "")
EXCEL_SV: Final = NumberStyle(",", "")
# The conventions of the languages lofte speaks. To add a language, translate its catalog
# and add it here.
NUMBER_STYLES: Final[dict[str, NumberStyle]] = {
    "sv": NumberStyle(",", "\u00a0"),
    "en": NumberStyle(".", ","),
}
DEFAULT_LANGUAGE: Final = "sv"


def number_style(language: str) -> NumberStyle:
    """The convention of `language`; Swedish for a language lofte does not know."""
    return NUMBER_STYLES.get(language, NUMBER_STYLES[DEFAULT_LANGUAGE])


def format_number(value: float, style: NumberStyle = PLAIN) -> str:
    """1234 -> "1 234" (sv) or "1,234" (en) or "1234" (PLAIN); 6.5 -> "6,5" or "6.5";
    rounded to at most two decimals, without trailing zeros; never an exponent."""
    if isinstance(value, int):  # exact, however large: no detour through a float
        whole, decimals = f"{value:,}", ""
    else:
        whole, _, decimals = f"{value:,.2f}".partition(".")
        decimals = decimals.rstrip("0")
        if whole == "-0" and not decimals:  # -0.001 rounds to zero, not to below it
            whole = "0"
    whole = whole.replace(",", style.thousands_separator)
    return whole + (style.decimal_mark + decimals if decimals else "")
