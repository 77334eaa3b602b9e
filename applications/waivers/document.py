"""The completed waiver as a PDF laid out like the office's *Pension Election and Spousal Waiver* (R0869G [002]):
the member's election, the spouse's authorisation, the applicant's certification and the two notarial certificates
("ALL signatures must be notarized"; Date A and Date B side by side), then an audit page with every event of the
round (time, address, browser) and the SHA-256 of the certified record.

The record is every field the form certifies and every event, as canonical JSON (:func:`certified_record`): its
SHA-256, printed on the audit page and kept on the waiver, can be recomputed from the database at any time. The
file's own SHA-256 is recorded when it is delivered (``accounts.documents.deliver_document``).
"""

import hashlib
import json

from reportlab.lib.units import inch
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table

from applications.rules.waiver import MICHIGAN
from portal.pdf import STYLES, TABLE_STYLE, render_letter

TITLE = "Pension Election and Spousal Waiver (R0869G)"
SPOUSE_AUTHORISATION = (
    "I am the spouse of the applicant named above. I understand that, unless I waive it, I am entitled to the 100% "
    "survivor option, which would pay me a pension for the rest of my life if the applicant dies before me. I "
    "consent to the applicant's election shown above and waive my right to the 100% survivor option. I understand "
    "that the option and the beneficiary can never be changed after the retirement effective date.")
APPLICANT_CERTIFICATION = (
    "I certify that the information on this form is true and complete, and I elect the pension payment option and "
    "survivor beneficiary shown above. I understand that my election can never be changed after my retirement "
    "effective date.")
NOTARY_STATEMENT = ("Subscribed and sworn to before me on the date shown, the signer having proved their identity as "
                    "recorded below.")


def _when(moment):
    return moment.astimezone(MICHIGAN).strftime("%B %-d, %Y, %-I:%M:%S %p %Z") if moment else "—"


def _day(moment):
    return moment.astimezone(MICHIGAN).strftime("%B %-d, %Y") if moment else "—"


def _money(amount):
    return f"${amount:,.2f}"


def certified_record(waiver) -> dict:
    """Everything the document certifies, as plain data: the election, both signatures, both notarial acts and
    every event of the round."""
    acts = {act.part: act for act in waiver.notarial_acts.all()}
    return {
        "waiver": waiver.pk, "round": waiver.round, "application": waiver.application.reference,
        "member": {"name": waiver.member.full_name, "member_id": waiver.member.member_id},
        "election": {"option": waiver.option, "beneficiary": waiver.beneficiary_name,
                     "relationship": waiver.beneficiary_relationship,
                     "retirement_effective_date": waiver.retirement_effective_date.isoformat(),
                     "full_survivor_monthly": str(waiver.full_survivor_monthly),
                     "left_monthly": str(waiver.left_monthly)},
        "spouse": {"name": waiver.spouse_name, "consented_at": _iso(waiver.spouse_consented_at),
                   "signed_at": _iso(waiver.spouse_signed_at), "signature": waiver.spouse_signature,
                   "flags": list(waiver.spouse_flags)},
        "applicant": {"consented_at": _iso(waiver.applicant_consented_at),
                      "signed_at": _iso(waiver.applicant_signed_at), "signature": waiver.applicant_signature},
        "notarial_acts": {part: {
            "notary_name": act.notary_name, "commission_number": act.commission_number,
            "commission_county": act.commission_county, "commission_expires": act.commission_expires.isoformat(),
            "act_county": act.act_county, "kind": act.kind, "platform": act.platform,
            "session_reference": act.session_reference, "identity_document": act.identity_document,
            "identity_issuer": act.identity_issuer, "signed_at": _iso(act.signed_at),
            "performed_at": _iso(act.performed_at), "notary_signature": act.notary_signature,
        } for part, act in sorted(acts.items())},
        "events": [{"at": _iso(event.at), "actor": event.actor, "action": event.action, "detail": event.detail,
                    "ip_address": event.ip_address or "", "user_agent": event.user_agent}
                   for event in waiver.events.all() if event.action != "document_delivered"],
    }


def _iso(moment):
    return moment.isoformat() if moment else None


def record_sha256(waiver) -> str:
    canonical = json.dumps(certified_record(waiver), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _table(rows, widths=(2.2 * inch, 4.9 * inch)):
    cell = STYLES["BodyText"]
    table = Table([[Paragraph(str(a), cell), Paragraph(str(b), cell)] for a, b in rows], colWidths=widths)
    table.setStyle(TABLE_STYLE)
    return table


def _heading(text):
    return Paragraph(text, STYLES["Heading2"])


def _notarial_rows(act, date_label):
    if act is None:
        return [("Notarial act", "Not recorded")]
    return [
        (f"Date of notarization ({date_label})", _day(act.performed_at)),
        ("Date of the signature notarized", _day(act.signed_at)),
        ("Time of the act", _when(act.performed_at)),
        ("Notary's name", act.notary_name),
        ("Commission number", act.commission_number),
        ("County of commission", act.commission_county),
        ("Commission expires", act.commission_expires.strftime("%B %-d, %Y")),
        ("County where the act took place", act.act_county),
        ("Kind of act", act.get_kind_display()),
        ("Remote platform", act.platform or "—"),
        ("Platform session reference", act.session_reference or "—"),
        ("Identity proved by", act.get_identity_document_display()),
        ("Identification issued by", act.identity_issuer or "—"),
        ("Notary's electronic signature", f"/s/ {act.notary_signature}"),
    ]


def story(waiver, fingerprint):
    acts = {act.part: act for act in waiver.notarial_acts.all()}
    member = waiver.member
    body = STYLES["BodyText"]
    flowables = [
        _heading("A. Member"),
        _table([("Name", member.full_name), ("Member ID", member.member_id),
                ("Application", waiver.application.reference),
                ("Retirement effective date", waiver.retirement_effective_date.strftime("%B %-d, %Y"))]),
        _heading("B. Pension election"),
        _table([("Payment option", dict(_option_labels()).get(waiver.option, waiver.option)),
                ("Survivor beneficiary", waiver.beneficiary_name or "None (straight life)"),
                ("Relationship", waiver.get_beneficiary_relationship_display() or "—"),
                ("Spouse's survivor pension under the 100% survivor option",
                 f"{_money(waiver.full_survivor_monthly)} a month"),
                ("Spouse's survivor pension under this election", f"{_money(waiver.left_monthly)} a month")]),
        _heading("C. Spousal authorization of option election"),
        Paragraph(SPOUSE_AUTHORISATION, body),
        _table([("Spouse's name", waiver.spouse_name),
                ("Spouse's signature", f"/s/ {waiver.spouse_signature}" if waiver.spouse_signature else "—"),
                ("Date signed (Date A)", _day(waiver.spouse_signed_at)),
                ("Consent to electronic records", _when(waiver.spouse_consented_at)),
                ("Signed at", _when(waiver.spouse_signed_at))]),
        _heading("D. Applicant's certification"),
        Paragraph(APPLICANT_CERTIFICATION, body),
        _table([("Applicant's signature", f"/s/ {waiver.applicant_signature}" if waiver.applicant_signature else "—"),
                ("Date signed (Date B)", _day(waiver.applicant_signed_at)),
                ("Consent to electronic records", _when(waiver.applicant_consented_at)),
                ("Signed at", _when(waiver.applicant_signed_at))]),
        _heading("E. Certification — all signatures notarized"),
        Paragraph(NOTARY_STATEMENT, body),
        Paragraph("Spouse's signature notarization (Date A must match the spouse's date signed)", STYLES["Heading3"]),
        _table(_notarial_rows(acts.get("SPOUSE"), "Date A")),
        Paragraph("Applicant's signature notarization (Date B must match the applicant's date signed)",
                  STYLES["Heading3"]),
        _table(_notarial_rows(acts.get("APPLICANT"), "Date B")),
        PageBreak(),
        _heading("Audit trail"),
        Paragraph(f"Waiver {waiver.pk}, round {waiver.round}. Times are Michigan time. Flags for review: "
                  f"{', '.join(waiver.spouse_flags) or 'none'}.", body),
        Spacer(1, 4),
        _events_table(waiver),
        Spacer(1, 8),
        Paragraph("SHA-256 of the certified record (every field above and every event, as canonical JSON):", body),
        Paragraph(f"<font face='Courier'>{fingerprint}</font>", body),
    ]
    return flowables


def _events_table(waiver):
    cell = STYLES["BodyText"]
    small = cell.clone("small", fontSize=7, leading=8.5)
    rows = [[Paragraph(text, small) for text in ("Time", "Who", "What", "IP address", "Browser (user agent)")]]
    for event in waiver.events.all():
        if event.action == "document_delivered":
            continue
        rows.append([Paragraph(text, small) for text in (
            _when(event.at), event.get_actor_display(), event.action.replace("_", " ")
            + (f": {event.detail}" if event.detail else ""), event.ip_address or "—", event.user_agent or "—")])
    table = Table(rows, colWidths=(1.45 * inch, 0.6 * inch, 2.0 * inch, 0.95 * inch, 2.1 * inch), repeatRows=1)
    table.setStyle(TABLE_STYLE)
    return table


def _option_labels():
    return (("STRAIGHT_LIFE", "Straight life"), ("SURVIVOR_100", "100% survivor"), ("SURVIVOR_75", "75% survivor"),
            ("SURVIVOR_50", "50% survivor"))


def render_waiver(waiver) -> tuple[bytes, str]:
    """The PDF of a completed round and the SHA-256 of the record it certifies."""
    fingerprint = record_sha256(waiver)
    content = render_letter(title=TITLE, member=waiver.member, story=story(waiver, fingerprint),
                            subject=f"Spousal waiver of {waiver.application.reference}")
    return content, fingerprint
