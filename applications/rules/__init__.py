"""The retirement application's rules: pure Python (dataclasses, Decimal, date), no Django import (RULES §3, §6,
§11, §11a; ARCHITECTURE "applications/ rules…").

- `dates`                 the retirement effective date and the date to apply by
- `pay_dates`             the day each monthly payment is paid (25th, December 18th, business day before)
- `michigan_calendar`     Michigan state-government holidays and business days (shared with the message board)
- `election`              option and beneficiary, the spousal waiver, the application's own required proofs
- `tax_tables`            the per-year withholding tables kept as data in `data/`, with their sources
- `federal_withholding`   IRS Publication 15-T Worksheet 1B (Form W-4P 2022 or later)
- `michigan_withholding`  Michigan Treasury's pension withholding (MI W-4P)
- `net_pay`               the monthly payment after taxes and premiums, and what is billed
- `contract`              the JSON contract of `manage.py retirement_facts`
"""
