#!/usr/bin/env python3
"""Seeded, deterministic test data for scripts/bench: N contacts and about five events each.

Writes DIR/contacts.csv and DIR/events.csv (or DIR/events.jsonl) in nurture's import formats (README,
"Inputs"), streamed row by row so that a million contacts never sit in memory. The same --seed gives
the same bytes, and contact i is the same whatever N is (so the first 2,000 contacts of any run are
the --contacts 2000 data set).

Contacts: c0000123@<domain> over 300 company domains and a few free-mail-like ones (all .example),
stages subscriber/lead/mql/prospect/customer, 15 IANA time zones, one to three interests from the
campaign catalog's topics, custom columns industry, company_size and country, some names with
non-ASCII letters and some cells left empty. Events: dated in the 30 days before --at; most
non-customers converted (form, download, newsletter, webinar sign-up) in the 6 days before --at, so
that the campaign's thank-you, or another step, is due then; a few replied, asked for a demo,
bought, unsubscribed, bounced or complained (the campaign's exits). `content` names catalog items
read from the campaign file.

Usage: bench-data.py --contacts N --out DIR [--seed 1] [--at 2026-11-23T09:00:00Z]
                     [--events-format csv|jsonl] [--campaign campaigns/lead-nurture.yaml]
Prints one line of counts on standard output: contacts=N events=E.
Standard library only.
"""

import argparse
import csv
import datetime as dt
import json
import os
import random
import re
import sys

ZONES = [
    ("America/New_York", "US"), ("America/Chicago", "US"), ("America/Los_Angeles", "US"),
    ("America/Toronto", "CA"), ("America/Sao_Paulo", "BR"), ("Europe/London", "GB"),
    ("Europe/Berlin", "DE"), ("Europe/Paris", "FR"), ("Europe/Madrid", "ES"), ("Europe/Stockholm", "SE"),
    ("Asia/Kolkata", "IN"), ("Asia/Tokyo", "JP"), ("Asia/Singapore", "SG"), ("Australia/Sydney", "AU"),
    ("Africa/Lagos", "NG"),
]
STAGES = [("subscriber", 25), ("lead", 30), ("mql", 20), ("prospect", 15), ("customer", 10)]
FIRST = ["Olivia", "Kenji", "Lucía", "Sam", "Priya", "Jan", "Amélie", "Markus", "Grace", "Dana", "Rui",
         "Hannah", "Thanh", "Ellie", "Pablo", "Noor", "Chris", "Wei", "Anna", "Zoë", "Søren", "Fatima",
         "Ben", "Sofia", "Daniel", "Aisha", "Liam", "Yuki", "Eva", "Marco", "Inês", "Omar", "Rachel",
         "Henrik", "Carla", "Victor", "Arjun", "Nina", "Tom", "Santiago", "José", "François"]
LAST = ["Bennett", "Tanaka", "Romero", "Okafor", "Nair", "Dvořák", "Roux", "Schulz", "Lee", "Whitfield",
        "Mendes", "Kim", "Nguyen", "Grant", "Ortiz", "Haddad", "O'Brien", "Zhang", "Kowalska", "Müller",
        "Bello", "Walsh", "Sato", "Novak", "Bianchi", "Costa", "Farouk", "Green", "Johansson", "Díaz",
        "Petrov", "Martin", "Mehta", "Berg", "Hughes", "Álvarez", "Ström", "Smith"]
TITLES = ["Data Analyst", "Head of Data", "BI Developer", "Analytics Manager", "Data Engineer", "CFO",
          "VP Operations", "Marketing Manager", "Controller", "Director of Analytics", "CTO", "Owner", ""]
INDUSTRIES = ["software", "retail", "finance", "logistics", "manufacturing", "healthcare", "media",
              "energy", "travel", "food", "insurance", "telecom", "pharma", "education"]
SIZES = ["1-50", "51-200", "201-1000", "1001-5000", "5001+"]
WORDS = ["acme", "northstar", "bluepeak", "riverside", "ironwood", "silverline", "harbour", "summit",
         "cobalt", "granite", "maple", "pioneer", "atlas", "vertex", "lumen", "orbit", "kestrel", "delta",
         "evergreen", "falcon"]
SUFFIXES = ["labs", "group", "systems", "retail", "logistics", "analytics", "foods", "energy", "media",
            "health", "bank", "works", "digital", "partners", "industries"]
COMPANY_DOMAINS = 300
FREEMAIL = ["mail-gmail.example", "outlook-mail.example", "yahoo-mail.example", "proton-mail.example"]
PAGES = ["pricing", "docs", "security", "blog/dashboards", "blog/data-quality", "blog/mlops", "integrations"]
FORMS = ["contact-us", "newsletter-footer", "gated-guide", "webinar-signup"]
UTM = ["linkedin", "google", "newsletter", "partner", ""]
OFFSETS = [0, 0, 0, 0, 0, 0, 0, 60, 120, -300, 330, 540]  # minutes; most events in UTC ("Z")
FIELDS = ["email", "type", "at", "content", "page", "form", "plan", "utm_source", "reason"]


def catalog(path):
    """(id, kind, topics, starts_at) of every catalog item, read line by line from the campaign YAML."""
    items, current, in_catalog = [], None, False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if re.match(r"^\S", line):
                in_catalog = line.startswith("catalog:")
                continue
            if not in_catalog:
                continue
            m = re.match(r"^\s*-\s+id:\s*(\S+)", line)
            if m:
                current = {"id": m.group(1), "kind": "", "topics": [], "starts_at": None}
                items.append(current)
                continue
            m = re.match(r"^\s+(kind|topics|starts_at):\s*(.+?)\s*$", line)
            if m and current is not None:
                key, value = m.groups()
                if key == "topics":
                    current["topics"] = [t.strip() for t in value.strip("[]").split(",") if t.strip()]
                elif key == "starts_at":
                    current["starts_at"] = parse_time(value)
                else:
                    current["kind"] = value
    if not items:
        sys.exit(f"bench-data: no catalog items found in {path}")
    return items


def parse_time(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def fmt(moment, offset_minutes):
    if offset_minutes == 0:
        return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    zone = dt.timezone(dt.timedelta(minutes=offset_minutes))
    return moment.astimezone(zone).isoformat(timespec="seconds")


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    pick = rng.random() * total
    for value, weight in pairs:
        pick -= weight
        if pick < 0:
            return value
    return pairs[-1][0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--contacts", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--at", default="2026-11-23T09:00:00Z")
    ap.add_argument("--events-format", choices=["csv", "jsonl"], default="csv")
    ap.add_argument("--campaign", default=os.path.join(os.path.dirname(__file__), "..", "campaigns", "lead-nurture.yaml"))
    args = ap.parse_args()
    if args.contacts < 1:
        sys.exit("bench-data: --contacts must be at least 1")

    at = parse_time(args.at)
    items = catalog(args.campaign)
    topics = sorted({t for item in items for t in item["topics"]})
    reading = [i["id"] for i in items if i["kind"] != "webinar"]
    upcoming = [i["id"] for i in items if i["kind"] == "webinar" and i["starts_at"] and i["starts_at"] > at]
    past = [i for i in items if i["kind"] == "webinar" and i["starts_at"]
            and at - dt.timedelta(days=30) < i["starts_at"] < at - dt.timedelta(hours=2)]

    rng = random.Random(args.seed)
    domain_rng = random.Random(args.seed * 7919 + 1)
    domains = []
    for k in range(COMPANY_DOMAINS):
        w, s = domain_rng.choice(WORDS), domain_rng.choice(SUFFIXES)
        domains.append((f"{w}-{s}-{k}.example", f"{w.capitalize()} {s.capitalize()} {k}"))

    os.makedirs(args.out, exist_ok=True)
    events_path = os.path.join(args.out, "events." + args.events_format)
    n_events = 0
    with open(os.path.join(args.out, "contacts.csv"), "w", encoding="utf-8", newline="") as cf, \
            open(events_path, "w", encoding="utf-8", newline="") as ef:
        contacts = csv.writer(cf, lineterminator="\n")
        contacts.writerow(["email", "first_name", "last_name", "company", "job_title", "stage", "interests",
                           "timezone", "score", "industry", "company_size", "country"])
        if args.events_format == "csv":
            events = csv.writer(ef, lineterminator="\n")
            events.writerow(FIELDS)

            def emit(row):
                events.writerow([row.get(k, "") for k in FIELDS])
        else:
            def emit(row):
                ef.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")

        for i in range(args.contacts):
            if rng.random() < 0.2:
                domain, company = rng.choice(FREEMAIL), ""
            else:
                domain, company = domains[rng.randrange(COMPANY_DOMAINS)]
            email = f"c{i:07d}@{domain}"
            stage = weighted(rng, STAGES)
            zone, country = rng.choice(ZONES)
            interests = rng.sample(topics, rng.choice([0, 1, 1, 2, 2, 3]))
            first = rng.choice(FIRST) if rng.random() < 0.9 else ""
            last = rng.choice(LAST) if first else ""
            score = {"subscriber": 5, "lead": 20, "mql": 55, "prospect": 80, "customer": 95}[stage] + rng.randrange(10)
            contacts.writerow([email, first, last, company, rng.choice(TITLES), stage, ";".join(interests), zone,
                               score, rng.choice(INDUSTRIES), rng.choice(SIZES), country])

            # About five events: a recent conversion for most non-customers, the rest over 30 days.
            count = rng.choice([3, 4, 5, 5, 6, 7])
            rows = []

            def event(kind, age_seconds, **extra):
                moment = at - dt.timedelta(seconds=age_seconds)
                row = {"email": email, "type": kind, "at": fmt(moment, rng.choice(OFFSETS))}
                row.update({k: v for k, v in extra.items() if v})
                rows.append(row)

            if stage != "customer" and rng.random() < 0.85:
                kind = rng.choice(["content_downloaded", "content_downloaded", "form_submitted",
                                   "newsletter_signup", "webinar_registered"])
                age = rng.randrange(600, 6 * 86400)
                if kind == "content_downloaded":
                    event(kind, age, content=rng.choice(reading), utm_source=rng.choice(UTM))
                elif kind == "webinar_registered":
                    event(kind, age, content=rng.choice(upcoming) if upcoming else "")
                elif kind == "form_submitted":
                    event(kind, age, form=rng.choice(FORMS))
                else:
                    event(kind, age)
            while len(rows) < count - 1:
                age = rng.randrange(3600, 30 * 86400)
                kind = weighted(rng, [("page_viewed", 45), ("content_downloaded", 30), ("webinar_attended", 8),
                                      ("newsletter_signup", 5), ("quote_requested", 4), ("form_submitted", 8)])
                if kind == "page_viewed":
                    event(kind, age, page=rng.choice(PAGES))
                elif kind == "content_downloaded":
                    event(kind, age, content=rng.choice(reading))
                elif kind == "webinar_attended" and past and not any(r["type"] == kind for r in rows):
                    webinar = rng.choice(past)
                    event(kind, (at - webinar["starts_at"]).total_seconds() - 3600, content=webinar["id"])
                elif kind == "form_submitted":
                    event(kind, age, form=rng.choice(FORMS))
                elif kind == "quote_requested":
                    event(kind, age, plan=rng.choice(["team", "business", "enterprise"]))
                elif kind == "webinar_attended":
                    event("page_viewed", age, page="pricing")
                else:
                    event(kind, age)
            # The last event: mostly one more page view; a few contacts leave the nurture.
            exit_kind = weighted(rng, [("page_viewed", 94), ("email_replied", 1.5), ("demo_requested", 1.5),
                                       ("purchased", 1), ("unsubscribed", 1), ("bounced", 0.5), ("complained", 0.5)])
            age = rng.randrange(3600, 30 * 86400)
            if exit_kind == "page_viewed":
                event(exit_kind, age, page=rng.choice(PAGES))
            elif exit_kind == "bounced":
                event(exit_kind, age, reason="550 5.1.1 user unknown")
            else:
                event(exit_kind, age)
            for row in rows:
                emit(row)
            n_events += len(rows)
    print(f"contacts={args.contacts} events={n_events}")


if __name__ == "__main__":
    main()
