"""The pension rules engine: pure Python (dataclasses, Decimal, date), no Django import.

One module per job, in the order an estimate runs (`estimate.estimate` ties them together):

- `plans`            systems, structures, employment types and their table facts (RULES §1)
- `service`          service credit from pay periods, per period for the ledger (RULES §2)
- `purchases`        purchased / granted / transferred service, Act 88, vesting (RULES §2)
- `fac`, `irs_limits` final average compensation and the IRS §401(a)(17) table (RULES §4)
- `eligibility`      every provision of RULES §3, reasons and eligible-from dates
- `effective_date`   the retirement effective date (RULES §3)
- `formula`          straight-life formulas per structure and employment type (RULES §5)
- `early_reduction`  0.5% a month before 60 (RULES §3, §6)
- `option_factors`   published survivor factors and the actuarial fallback (RULES §6)
- `equated_plan`     the equated plan with each option and its restrictions (RULES §6)
- `cola`             post-retirement increases (RULES §7)
- `contributions`, `dc_vesting`  member contributions, interest, DC vesting (RULES §8, §9)
- `outlook`          a member's standing today: credited YOS, vesting progress, each provision's date
- `option_value`     what a survivor option costs a month and when it pays back (RULES §6)
- `beneficiaries`    who may be a survivor or refund beneficiary, and when (RULES §6, §14)
- `contract`         the JSON contract of `manage.py estimate` (parsing, validation, output)
- `actuarial`, `equated`  the fitted actuarial basis (survivor factors, equated advance) — a module of its own

Money and years are Decimal at full precision; only output is rounded (cents half-up, YOS to four places).
"""
