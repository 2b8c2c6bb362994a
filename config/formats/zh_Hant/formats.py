DATE_FORMAT = "Y年n月j日（D）"  # 2027年8月7日（六）
SHORT_DATE_FORMAT = "n月j日（D）"  # 8月7日（六）
DATETIME_FORMAT = "Y年n月j日（D）H:i"  # 2027年8月7日（六）09:30
SHORT_DATETIME_FORMAT = "n月j日（D）H:i"  # 8月7日（六）09:30
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "n月j日"
YEAR_MONTH_FORMAT = "Y年n月"
