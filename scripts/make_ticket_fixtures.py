#!/usr/bin/env python3
"""Writes fixtures/talentsoft/tickets.csv and fixtures/kmb-labs/tickets.csv.

The October 2026 tickets (TS-1xx..3xx, KMB-x) and the TS-4xx tickets are designed by hand:
tests/it/resolution.rs works out their business minutes in comments. The FILL-* tickets are
filler from March to September 2026 (deterministic), so that the files look like real
exports spanning several months; they are all resolved before October."""
import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")

# (id, severity, subject, [(local Paris time "DD/MM/YYYY HH:MM", French status)])
TALENTSOFT = [
    ("TS-101", "Bloquante", "Paie bloquée au calcul", [("05/10/2026 09:00", "Nouveau"), ("05/10/2026 09:30", "Pris en charge"), ("06/10/2026 11:00", "Validé"), ("07/10/2026 09:00", "Clôturé")]),
    ("TS-102", "Bloquante", "Connexion SSO impossible", [("08/10/2026 14:00", "Nouveau"), ("08/10/2026 14:20", "Qualifié"), ("12/10/2026 10:00", "Validé")]),
    ("TS-103", "Bloquante", "Export DSN en erreur", [("23/10/2026 18:00", "Nouveau"), ("26/10/2026 15:00", "Validé")]),
    ("TS-104", "Bloquante", "Workflow d'absence figé", [("13/10/2026 10:00", "Nouveau"), ("13/10/2026 12:00", "Provisoire"), ("14/10/2026 16:00", "Ouvert"), ("15/10/2026 12:00", "Validé")]),
    ("TS-105", "Bloquante", "Bulletins non générés", [("19/10/2026 09:00", "Nouveau"), ("19/10/2026 17:00", "Validé"), ("20/10/2026 10:00", "Ouvert"), ("21/10/2026 09:30", "Validé"), ("22/10/2026 09:00", "Clôturé")]),
    ("TS-106", "Bloquante", "Portail indisponible pour un site", [("30/10/2026 16:00", "Nouveau"), ("30/10/2026 17:00", "En attente")]),
    ("TS-201", "Majeure", "Rapport d'effectifs incomplet", [("28/09/2026 10:00", "Nouveau"), ("28/09/2026 11:00", "Pris en charge"), ("29/09/2026 09:00", "Qualifié"), ("02/10/2026 16:00", "Validé"), ("05/10/2026 10:00", "Clôturé")]),
    ("TS-202", "Majeure", "Import des entretiens annuels", [("07/10/2026 09:00", "Nouveau"), ("07/10/2026 09:45", "Pris en charge"), ("15/10/2026 12:00", "Validé")]),
    ("TS-203", "Majeure", "Lenteur du module formation", [("26/10/2026 09:00", "Nouveau"), ("29/10/2026 12:00", "Validé"), ("02/11/2026 09:00", "Clôturé")]),
    ("TS-204", "Majeure", "Droits managers incorrects", [("27/10/2026 10:00", "Nouveau"), ("29/10/2026 10:00", "A approuver"), ("30/10/2026 09:00", "Ouvert"), ("03/11/2026 11:00", "Validé")]),
    ("TS-205", "Majeure", "Traduction manquante", [("01/09/2026 10:00", "Nouveau"), ("03/09/2026 10:00", "Validé")]),
    ("TS-301", "Mineure", "Libellé tronqué dans l'organigramme", [("01/10/2026 09:00", "Nouveau"), ("15/10/2026 09:00", "Validé")]),
    ("TS-302", "Mineure", "Tri des colonnes inversé", [("01/10/2026 09:00", "Nouveau"), ("15/10/2026 09:01", "Validé")]),
    ("TS-303", "Mineure", "Icône manquante", [("10/10/2026 11:00", "Nouveau"), ("12/10/2026 10:00", "Validé")]),
    ("TS-304", "Mineure", "Faute d'orthographe dans un courriel", [("16/10/2026 18:00", "Nouveau"), ("19/10/2026 10:00", "En attente de distribution"), ("20/10/2026 18:45", "Validé")]),
    ("TS-501", "Mineure", "Question sur un export", [("02/09/2026 10:00", "Nouveau"), ("03/09/2026 10:00", "Provisoire"), ("01/10/2026 10:00", "Clôturé")]),
    ("TS-502", "Mineure", "Mise en page du PDF", [("01/10/2026 10:00", "Nouveau"), ("05/10/2026 11:00", "A approuver"), ("19/10/2026 11:00", "Clôturé")]),
    ("TS-503", "Majeure", "Accès d'un gestionnaire", [("14/09/2026 09:00", "Nouveau"), ("15/09/2026 09:00", "Provisoire")]),
    ("TS-401", "Bloquante", "Calcul des congés faux (changement d'heure)", [("27/03/2026 17:00", "Nouveau"), ("30/03/2026 10:00", "Validé")]),
    ("TS-402", "Majeure", "Pont de l'Ascension", [("13/05/2026 17:30", "Nouveau"), ("15/05/2026 09:30", "Validé")]),
    ("TS-403", "Bloquante", "Lundi de Pentecôte", [("22/05/2026 16:30", "Nouveau"), ("26/05/2026 10:30", "Validé")]),
]

KMB = [
    ("KMB-1", "Blocking", "Career site down for candidates", [("2026-10-06T09:00:00+02:00", "New"), ("2026-10-06T09:15:00+02:00", "Open"), ("2026-10-07T16:00:00+02:00", "Solved")]),
    ("KMB-2", "Blocking", "Job board feed rejected", [("2026-10-20T10:00:00+02:00", "New"), ("2026-10-20T11:00:00+02:00", "Pending"), ("2026-10-21T10:00:00+02:00", "Open"), ("2026-10-21T12:00:00+02:00", "Solved")]),
    ("KMB-3", "High", "Scoring rules ignored", [("2026-10-01T09:00:00+02:00", "New"), ("2026-10-16T09:00:00+02:00", "Solved")]),
    ("KMB-4", "High", "Interview invitations late", [("2026-10-22T14:00:00+02:00", "New"), ("2026-10-23T09:00:00+02:00", "On-hold"), ("2026-10-27T11:00:00+01:00", "Solved")]),
    ("KMB-5", "Low", "Typo on the apply button", [("2026-10-05T10:00:00+02:00", "New"), ("2026-10-30T10:00:00+01:00", "Solved")]),
    ("KMB-6", "Low", "Logo blurry on mobile", [("2026-10-28T15:00:00+01:00", "New"), ("2026-10-28T16:00:00+01:00", "Open")]),
    ("KMB-7", "High", "Duplicate candidates after import", [("2026-10-12T09:00:00+02:00", "New"), ("2026-10-12T12:00:00+02:00", "Solved"), ("2026-10-13T09:00:00+02:00", "Open"), ("2026-10-13T10:00:00+02:00", "Closed")]),
    ("KMB-8", "High", "GDPR consent text missing", [("2026-10-26T09:00:00+01:00", "New"), ("2026-10-26T12:00:00+01:00", "Awaiting approval"), ("2026-11-02T09:00:00+01:00", "Closed")]),
]

FR_FLOW = ["Pris en charge", "Qualifié", "Provisoire", "Ouvert", "Validé", "Clôturé"]
EN_FLOW = ["Open", "Pending", "Open", "Solved", "Closed"]


def filler(prefix, sevs, flow, fmt, n, seed):
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        day = datetime(2026, 3, 2) + timedelta(days=rnd.randrange(0, 190))
        while day.weekday() >= 5:
            day += timedelta(days=1)
        t = day.replace(hour=rnd.randrange(8, 18), minute=rnd.choice([0, 10, 25, 40, 55]))
        events = [(t, "Nouveau" if flow is FR_FLOW else "New")]
        steps = rnd.randrange(2, len(flow) + 1)
        for s in flow[len(flow) - steps:]:
            t = t + timedelta(minutes=rnd.randrange(20, 60 * 30))
            events.append((t, s))
        if events[-1][0] >= datetime(2026, 9, 25):
            continue
        out.append((f"{prefix}-{i + 1:03d}", rnd.choice(sevs), f"Demande {i + 1}", [(fmt(e), s) for e, s in events]))
    return out


def paris_rfc3339(t):
    return t.replace(tzinfo=PARIS).isoformat()


def rows(tickets):
    out = []
    for tid, sev, subject, events in tickets:
        for k, (when, status) in enumerate(events):
            out.append((tid, when, status, sev if k == 0 else "", subject if k == 0 else ""))
    return out


def main():
    ts = TALENTSOFT + filler("FILL", ["Bloquante", "Majeure", "Mineure", "Mineure"], FR_FLOW,
                             lambda t: t.strftime("%d/%m/%Y %H:%M"), 48, 7)
    kmb = KMB + filler("KF", ["Blocking", "High", "Low", "Low"], EN_FLOW, paris_rfc3339, 60, 11)
    # Talentsoft: a French spreadsheet export: byte-order mark, ';', French headers, DD/MM/YYYY.
    with open("fixtures/talentsoft/tickets.csv", "w", encoding="utf-8-sig", newline="") as f:
        f.write("Numéro;Date;Statut;Gravité;Sujet\r\n")
        for r in rows(ts):
            f.write(";".join(f'"{c}"' if ";" in c else c for c in r) + "\r\n")
    # KMB Labs: a Zendesk audit export: ',', English names, RFC 3339 with offsets.
    with open("fixtures/kmb-labs/tickets.csv", "w", encoding="utf-8", newline="") as f:
        f.write("ticket_id,updated_at,status,priority,subject\n")
        for r in rows(kmb):
            f.write(",".join(f'"{c}"' if "," in c else c for c in r) + "\n")


if __name__ == "__main__":
    main()
