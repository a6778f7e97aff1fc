"""Polku's date and number formats, where Django's locale defaults do not suit Finland.

English readers in Finland get day-first dates ("30 Nov 2026"), never the US
month-first 11/30/2026, and thousands grouped with a no-break space as in
Finnish and Swedish. Finnish and Swedish keep Django's own formats.
"""
