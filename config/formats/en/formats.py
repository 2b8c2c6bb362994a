# Day before month, month as a word: never 08/07 (August 7 or 8 July?).
DATE_FORMAT = "D j M Y"  # Sat 7 Aug 2027
SHORT_DATE_FORMAT = "D j M"  # Sat 7 Aug
DATETIME_FORMAT = "D j M Y, H:i"  # Sat 7 Aug 2027, 09:30
SHORT_DATETIME_FORMAT = "D j M, H:i"  # Sat 7 Aug, 09:30
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
