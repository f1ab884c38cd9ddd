#!/usr/bin/env python3
"""Writes the hand-made seed inputs of each fuzz target into fuzz/corpus/<target>/.

Seeds are realistic: phrases employers say (bench/phrases.tsv plus more),
the checker's corpus notes, plan JSON like the README's and the CLI tests',
holiday calendars as exported by real calendar programs, and config.toml
files. Run from the repository root; `cargo fuzz cmin` then keeps what adds
coverage. Re-running only adds files (names are content hashes).
"""
import hashlib, json, os, pathlib, re

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "fuzz" / "corpus"

def put(target, text):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    data = text.encode() if isinstance(text, str) else text
    (d / ("seed-" + hashlib.sha1(data).hexdigest()[:16])).write_bytes(data)

# ----- timeline ----------------------------------------------------------
for line in (ROOT / "bench" / "phrases.tsv").read_text().splitlines():
    if line.startswith("#") or not line.strip():
        continue
    phrase, day, region, *_ = line.split("\t")
    put("timeline", f"@{day} {region}\n{phrase}")
for header, phrase in [
    ("", "Maria said we should decide in two to three weeks"),
    ("", "give me a ring on Monday"),
    ("@2026-11-20 UK day-month", "We'll be in touch by 12/4, if not drop me a line."),
    ("@2026-12-23 Germany day-month", "Nach Weihnachten. We will decide after the holidays, early January."),
    ("@2026-06-30 none", "we're hoping to wrap up interviews by the end of the quarter and decide mid-July"),
    ("@2027-01-02 US", "call me next Tuesday afternoon, or email me the week after next"),
    ("@9999-12-30 US", "we will decide in 7-10 business days, before Christmas"),
    ("@0001-01-01 UK", "you'll hear back within a week or two; follow up if you haven't heard by Friday"),
    ("@2026-02-28 US month-day", "Decision by the 31st, otherwise after Presidents Day. Feb end at the latest."),
    ("@2026-11-25 US", "after Thanksgiving, likely the first week of December; ping me on the 4th"),
    ("@2026-12-31 US", "Happy new year! We'll get back to you after New Year's Day, say Jan. 15."),
    ("", "soon"),
    ("", ""),
    ("@2026-11-20", "We will let you know by end of day tomorrow or the day after tomorrow at the latest."),
    ("@2026-03-15 New Zealand", "Over the weekend we'll talk; next week, Wednesday or so, we decide. Late next week then."),
]:
    put("timeline", (header + "\n" if header else "") + phrase)

# ----- check -------------------------------------------------------------
notes = sorted((ROOT / "crates" / "core" / "tests" / "corpus").glob("*.note"))
for p in notes:
    text = p.read_text()
    header, note = text.split("\n---\n", 1)
    header = "\n".join(l for l in header.splitlines() if not l.startswith("expect"))
    put("check", header + "\n---\n" + note)
    put("check", note)  # bare: the kind comes from the length
put("check", "kind: thank-you\nto: Maria Lopez; Tom Chen\ncompany: Acme Robotics\nnames: Maya Patel; Maria Lopez; Tom Chen\n"
    "topics: the fleet dashboard\nlimits: 120 80 3 1\n---\n"
    "Dear Maria,\n\nThank you for your time today. I enjoyed hearing about the fleet dashboard and I am excited about the role.\n\nBest,\nMaya"
    "\n===\n"
    "Dear Tom,\n\nThank you for your time today. I enjoyed hearing about the fleet dashboard and I am excited about the role.\n\nBest,\nMaya")
put("check", "kind: status-check\nto: Sam Reed\ncompany: Globex\nother: Acme Robotics; Contoso\n---\n"
    "Subject: Checking in on the Globex role\n\nSam,\n\nI wanted to follow up on my application; as I said to Acme Robotics, "
    "I am very keen!!! What's the salary range? When will I hear? Can we talk?\n\nThanks,\nMaya")
put("check", "kind: offer-notice\nto: Maria Lopez\ncompany: Acme Robotics\nother: Globex\n---\n"
    "Hi Maria,\n\nThank you again. I have received an offer from Globex with a deadline of Dec 18; Acme Robotics remains my first choice. "
    "Is there any way to hear back from you before then?\n\nBest regards,\nMaya Patel")
put("check", "Dear [Name],\n\nThank you for the {{role}} interview at <Company>. TODO: add specifics. ___\n\nBest,\nXXX")
put("check", "kind: thank-you\nto: Zoë O’Brien\n---\nDear Zoe O’Brien,\n\nThank you — it was a pleasure. I’d love to connect on LinkedIn "
    "and I’m sending a small gift. My divorce has been hard, but I am the best candidate you will ever meet.")

# ----- plan --------------------------------------------------------------
facts = {
  "interview": {"start": "2026-11-20T14:00", "duration_minutes": 60, "time_zone": "America/New_York",
                "stage": "onsite", "references_requested": False, "promised": ["portfolio link"]},
  "company": {"name": "Acme", "culture": "startup"},
  "interviewers": [{"name": "Maria Lopez", "title": "Engineering Manager", "email": "maria@acme.example"}],
  "recruiter": {"name": "Sam Reed", "agency": True},
  "timeline": "we should decide in 2-3 weeks",
  "first_contact": "email", "region": "US", "phone_policy": "when-invited",
  "history": [{"kind": "status-check", "direction": "out", "date": "2026-12-14"}],
  "other_offer": {"company": "Globex", "deadline": "2026-12-18", "recorded": "2026-12-10"},
}
put("plan", json.dumps(facts, indent=2))
put("plan", json.dumps({"interview": {"start": "2026-11-20T14:00"}}))
put("plan", '{"interview": {"start": "2026-13-01"}}')
put("plan", '{"interview": {"strat": "2026-11-20T14:00"}}')
put("plan", "not json at all")
put("plan", "")
panel = {
  "interview": {"start": "2026-12-02T10:00-08:00", "duration_minutes": 240, "stage": "final",
                "time_zone": "America/Los_Angeles", "follow_ups_invited": True, "references_requested": True},
  "company": {"name": "Contoso Ltd", "culture": "corporate"},
  "interviewers": [{"name": "Maria Lopez", "time_zone": "Europe/London"},
                   {"name": "Tom Chen", "title": "Staff Engineer", "time_zone": "Asia/Tokyo"},
                   {"name": "Priya Shah", "email": "priya@contoso.example"}],
  "references": [{"name": "Dana Old", "email": "dana@old.example"}],
  "timeline": "call me next Tuesday afternoon if you haven't heard back by then",
  "first_contact": "recruiter", "region": "UK", "phone_policy": "allowed",
  "history": [
    {"kind": "thank-you", "direction": "out", "date": "2026-12-02", "to": "Maria Lopez"},
    {"kind": "status-check", "direction": "out", "date": "2026-12-10"},
    {"kind": "reply", "direction": "in", "date": "2026-12-10", "timeline": "we'll decide after the holidays"},
  ],
  "outcome": {"kind": "offer", "date": "2026-12-20"},
}
put("plan", json.dumps(panel))
put("plan", json.dumps({"interview": {"start": "2026-12-18T09:30[Asia/Tokyo]", "stage": "phone-screen"},
  "company": {"name": "Initech"}, "recruiter": {"name": "Lee", "agency": False},
  "timeline": "we'll be in touch", "outcome": {"kind": "rejection", "date": "2026-12-21"},
  "history": [{"kind": "status-check", "direction": "out", "date": "2027-01-05"},
              {"kind": "status-check", "direction": "out", "date": "2027-01-12"},
              {"kind": "status-check", "direction": "out", "date": "2027-01-19"}]}))
put("plan", json.dumps({"interview": {"start": "2026-11-20T14:00", "duration_minutes": 0}, "interviewers": [{"name": ""}]}))
put("plan", json.dumps({"interview": ["2026-11-20T14:00"], "region": "Atlantis", "history": [{"kind": "memo", "date": "2026-12-01"}]}))

# ----- ics ---------------------------------------------------------------
def cal(*events, prodid="-//Google Inc//Google Calendar 70.9054//EN"):
    body = "".join("BEGIN:VEVENT\r\n" + e + "END:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:{prodid}\r\nCALSCALE:GREGORIAN\r\n{body}END:VCALENDAR\r\n"
put("ics", cal("DTSTART;VALUE=DATE:20261224\r\nDTEND;VALUE=DATE:20261225\r\nSUMMARY:Office closed\r\nUID:1@acme.example\r\n",
               "DTSTART;VALUE=DATE:20261228\r\nDTEND;VALUE=DATE:20270102\r\nSUMMARY:Winter shutdown\\, all sites\r\nUID:2@acme.example\r\n"))
put("ics", cal("DTSTART:20261127T090000Z\r\nDTEND:20261127T170000Z\r\nSUMMARY:Company day off\r\n",
               prodid="-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN"))
put("ics", cal("DTSTART;TZID=Europe/London:20260831T000000\r\nDTEND;TZID=Europe/London:20260901T000000\r\nSUMMARY:Summer bank holiday\r\nDESCRIPTION:A long\r\n  folded description line\r\n"))
put("ics", cal("DTSTART;VALUE=DATE:20261225\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:Christmas\r\n"))
put("ics", cal("DTSTART;VALUE=DATE:20261225\r\nDTEND;VALUE=DATE:20261220\r\nSUMMARY:Backwards\r\n"))
put("ics", cal("DTSTART;VALUE=DATE:20260101\r\nDTEND;VALUE=DATE:20260401\r\nSUMMARY:Too long\r\n"))
put("ics", cal("DTSTART;VALUE=DATE:20261130\r\nSUMMARY:Thank-you to Maria\r\nUID:thank-you:a1:p1@afterview\r\nSEQUENCE:3\r\n"
               "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER;VALUE=DATE-TIME:20261130T090000\r\nEND:VALARM\r\n",
               prodid="ICALENDAR-RS"))
put("ics", "\ufeffBEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART:2026-12-24\nSUMMARY:Bad date\nEND:VEVENT\nEND:VCALENDAR\n")
put("ics", "BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n")
put("ics", "Subject: not a calendar\n\nhello")
put("ics", cal("DTSTART;VALUE=DATE:99991231\r\nSUMMARY:End of time\r\n", "DTSTART;VALUE=DATE:00000101\r\nSUMMARY:Year zero\r\n"))

# ----- settings ------------------------------------------------------------
template = re.search(r'pub const TEMPLATE: &str = r#"(.*?)"#;', (ROOT / "crates/app/src/local/settings_file.rs").read_text(), re.S).group(1)
put("settings", template)
put("settings", "")
put("settings", '[user]\nname = "Maya Patel"\nemail = "maya@example.com"\nsignature = "Maya Patel\\n+1 555 0100"\n'
    'time_zone = "Europe/London"\n\n[calendar]\nregion = "UK"\ndate_order = "day-month"\n\n[planner]\nphone_policy = "allowed"\n'
    'thank_you_hours = 24\ncall_windows = ["07:30-08:30", "17:00-18:00"]\n')
put("settings", "[planner]\nthank_you_hours = 200000000\n")
put("settings", "[planner]\nstatus_check_grace_business_days = 20\nstatus_check_after_days = 90\nstatus_check_latest_days = 120\n"
    "follow_up_gap_days = 60\nmax_unanswered_checks = 10\ncard_min_business_days = 60\nholiday_greeting_from_day = 1\nholiday_greeting_until_day = 31\n"
    "[checker]\nthank_you_max_words = 1\nother_max_words = 5000\nmax_paragraphs = 1\nmax_questions = 0\n")
put("settings", "[calendar]\nregion = \"Germany\"\n#env\nAFTERVIEW_CALENDAR_REGION=none\nAFTERVIEW_PLANNER_CALL_WINDOWS=09:00-10:00, 16:00-17:00\n"
    "AFTERVIEW_USER_SIGNATURE=Maya\\nPatel\nAFTERVIEW_PLANNER_THANK_YOU_HOURS=336\n")
put("settings", "[planner]\nthank_you_hour = 3\n")
put("settings", "[calendar\n")
put("settings", "user = 3\n")
put("settings", '[planner]\nphone_policy = "always"\ncall_windows = ["9-5"]\n')
put("settings", "#env\nAFTERVIEW_CHECKER_MAX_QUESTIONS=many\n")
put("settings", '[user]\ntime_zone = "Europe/Londn"\nemail = "not an email"\n')
put("settings", "[planner]\nthank_you_hours = -4\nfollow_up_gap_days = 1.5\n")
