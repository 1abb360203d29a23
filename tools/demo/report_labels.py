#!/usr/bin/env python3
"""Rule-based labeler for the MedAWQ synthetic chest X-ray report vocabulary.

`label_report(text)` returns, for each of the 14 CheXpert observations, 1 (positive),
0 (negative), -1 (uncertain) or None (not mentioned), following the CheXpert convention
(positive beats uncertain beats negative across the mentions of one report; "No Finding" is
1 when no observation other than Support Devices is positive or uncertain, else None).

The phrase lists below are written for the vocabulary of `make_report_corpus.py` (our own
phrases, not copies of the CheXpert labeler lists). Matching is done per clause: a sentence
is cut at ";", "with", "which", "but", "however" and before ", likely/possibly/..." and each
mention takes the status of the negation/uncertainty cues that reach it inside its clause
(pre-cues reach later mentions, post-cues earlier ones, bidirectional cues both).

Self-check (run from the repository root):
    python3 tools/demo/report_labels.py resources/demo/data/eval.csv
prints per-observation agreement and the micro F1 of the positive labels against the
generator's own ground truth; exits 1 if that F1 is below 0.98.

Python 3.11 standard library only. Licence: same as the MedAWQ project.
"""
from __future__ import annotations

import csv
import re
import sys

OBSERVATIONS = [
    "No Finding", "Enlarged Cardiomediastinum", "Cardiomegaly", "Lung Lesion",
    "Lung Opacity", "Edema", "Consolidation", "Pneumonia", "Atelectasis",
    "Pneumothorax", "Pleural Effusion", "Pleural Other", "Fracture", "Support Devices",
]

# Mention phrases (lower-case regexes) for the 13 observations other than No Finding.
MENTIONS: dict[str, list[str]] = {
    "Enlarged Cardiomediastinum": [r"mediastin"],
    "Cardiomegaly": [r"cardiomegaly", r"heart size", r"\bthe heart\b", r"\bheart is\b",
                     r"cardiac silhouette", r"cardiac and mediastinal", r"cardiac enlargement",
                     r"enlarged heart"],
    "Lung Lesion": [r"\bnodules?\b", r"\bmass(?:es)?\b", r"\bneoplasm", r"\btumou?rs?\b",
                    r"\bcavitary lesion"],
    "Lung Opacity": [r"opacit", r"air[- ]?space disease", r"infiltrat"],
    "Edema": [r"edema", r"vascular congestion", r"pulmonary congestion", r"heart failure",
              r"\bchf\b"],
    "Consolidation": [r"consolidat"],
    "Pneumonia": [r"pneumonia", r"\binfection\b", r"\binfectious"],
    "Atelectasis": [r"atelecta", r"\bcollapse"],
    "Pneumothorax": [r"pneumothora"],
    "Pleural Effusion": [r"effusion", r"pleural fluid"],
    "Pleural Other": [r"pleural thickening", r"pleural scarring", r"fibrothorax"],
    "Fracture": [r"fracture"],
    "Support Devices": [r"\btubes?\b", r"\bcatheters?\b", r"\blines?\b", r"\bpicc\b",
                        r"pacemaker", r"\bpacer\b", r"\bleads\b", r"sternotomy", r"\bwires\b",
                        r"\bport\b", r"\bdevices?\b", r"\bclips\b", r"\bdrain\b"],
}

# Matches overlapping one of these are not mentions of the observation.
UNMENTIONS: dict[str, list[str]] = {
    "Pleural Effusion": [r"pericardial effusion"],
    "Cardiomegaly": [r"over the heart", r"overlying the heart", r"projects? over the heart"],
}

# Cue regexes. "pre" cues act on mentions after them in the clause, "post" cues on
# mentions before them, "both" on every mention of the clause.
UNC_PRE = [r"\bmay\b", r"\bmight\b", r"\bcould\b", r"\bpossibl[ey]\b", r"\bprobabl[ey]\b",
           r"\blikely\b", r"\bquestionable\b", r"\bcannot exclude\b", r"\bcan not exclude\b",
           r"\bconcerning for\b", r"\bsuspicious for\b", r"\bsuggestive of\b",
           r"\bworrisome for\b", r"\bequivocal\b"]
UNC_POST = [r"\bcannot be (?:excluded|ruled out)\b", r"\bnot (?:be )?excluded\b",
            r"\bis (?:possible|suspected|questioned)\b",
            r"\b(?:may|might|could) be (?:\w+ly )?(?:widened|enlarged)\b"]
UNC_BOTH = [r"\bversus\b", r"\bvs\b"]
NEG_PRE = [r"\bno\b", r"\bwithout\b", r"\bnegative for\b", r"\bfree of\b", r"\babsence of\b"]
NEG_POST = [r"\b(?:is|are) not (?:seen|identified|visualized|present)\b",
            r"\bnot (?:seen|identified|visualized|widened|enlarged)\b",
            r"\b(?:is|are) absent\b"]
NEG_BOTH = [r"\bresolved\b", r"\bresolution\b"]
# Only for the heart and mediastinum ("Heart size is normal", "Normal cardiomediastinal
# silhouette"): statements of normal size are negative mentions.
NEG_SIZE_BOTH = [r"\bnormal\b", r"\bunremarkable\b", r"\bwithin normal limits\b",
                 r"\bnot enlarged\b"]
SIZE_OBS = {"Cardiomegaly", "Enlarged Cardiomediastinum"}

_CLAUSE_SPLIT = re.compile(
    r";|\bwith\b|\bbut\b|\bhowever\b|\bwhich\b|"
    r",\s*(?=(?:likely|possibly|probably|concerning|suspicious|consistent|may|could|"
    r"representing|compatible|suggestive|worrisome)\b)")
_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
_HEADERS = re.compile(r"\b(?:findings|impression|indication|comparison|history|technique)\s*:",
                      re.I)

_C = {k: [re.compile(p) for p in v] for k, v in MENTIONS.items()}
_U = {k: [re.compile(p) for p in v] for k, v in UNMENTIONS.items()}
_CUES = {name: [re.compile(p) for p in pats] for name, pats in {
    "unc_pre": UNC_PRE, "unc_post": UNC_POST, "unc_both": UNC_BOTH,
    "neg_pre": NEG_PRE, "neg_post": NEG_POST, "neg_both": NEG_BOTH,
    "size_both": NEG_SIZE_BOTH}.items()}


def _clauses(text: str) -> list[str]:
    text = _HEADERS.sub(". ", text.lower())
    out = []
    for sent in _SENT_SPLIT.split(text):
        for cl in _CLAUSE_SPLIT.split(sent):
            cl = cl.strip(" .,")
            if cl:
                out.append(cl)
    return out


def _cue_positions(clause: str) -> dict[str, list[tuple[int, int]]]:
    return {name: [(m.start(), m.end()) for rx in rxs for m in rx.finditer(clause)]
            for name, rxs in _CUES.items()}


def _status(obs: str, start: int, end: int, cues: dict[str, list[tuple[int, int]]]) -> int:
    def hits(kind: str) -> bool:
        return (any(e <= start for s, e in cues[kind + "_pre"])
                or any(s >= end for s, e in cues[kind + "_post"])
                or bool(cues[kind + "_both"]))
    if hits("unc"):
        return -1
    if hits("neg") or (obs in SIZE_OBS and cues["size_both"]):
        return 0
    return 1


def mentions(text: str) -> list[tuple[str, int, str]]:
    """All (observation, status, clause) mentions found in a report text."""
    found = []
    for clause in _clauses(text):
        cues = _cue_positions(clause)
        for obs, rxs in _C.items():
            spans = []
            for rx in rxs:
                for m in rx.finditer(clause):
                    if any(u.start() <= m.start() and m.end() <= u.end()
                           for urx in _U.get(obs, []) for u in urx.finditer(clause)):
                        continue
                    spans.append((m.start(), m.end()))
            for s, e in spans:
                found.append((obs, _status(obs, s, e, cues), clause))
    return found


def aggregate(statuses: dict[str, list[int]]) -> dict[str, int | None]:
    """CheXpert aggregation: any positive -> 1, else any uncertain -> -1, else 0."""
    labels: dict[str, int | None] = {o: None for o in OBSERVATIONS}
    for obs, sts in statuses.items():
        if not sts:
            continue
        labels[obs] = 1 if 1 in sts else (-1 if -1 in sts else 0)
    if all(labels[o] not in (1, -1) for o in OBSERVATIONS
           if o not in ("No Finding", "Support Devices")):
        labels["No Finding"] = 1
    return labels


def label_report(text: str) -> dict[str, int | None]:
    statuses: dict[str, list[int]] = {}
    for obs, st, _ in mentions(text):
        statuses.setdefault(obs, []).append(st)
    return aggregate(statuses)


def _parse(v: str) -> int | None:
    v = v.strip()
    return None if v == "" else int(float(v))


def self_check(path: str, show: int = 10) -> float:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    tp = fp = fn = 0
    per = {o: [0, 0] for o in OBSERVATIONS}  # agree, total (all four classes)
    exact = 0
    bad = []
    for r in rows:
        pred = label_report(r["text"])
        ok = True
        for o in OBSERVATIONS:
            g = _parse(r[o])
            p = pred[o]
            per[o][1] += 1
            if g == p:
                per[o][0] += 1
            else:
                ok = False
            tp += (g == 1 and p == 1)
            fp += (g != 1 and p == 1)
            fn += (g == 1 and p != 1)
        exact += ok
        if not ok and len(bad) < show:
            bad.append((r["text"], {o: (_parse(r[o]), pred[o]) for o in OBSERVATIONS
                                    if _parse(r[o]) != pred[o]}))
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    print(f"{path}: {len(rows)} reports, exact label-vector match {exact}/{len(rows)}")
    for o in OBSERVATIONS:
        a, t = per[o]
        print(f"  {o:28s} agreement {a}/{t}")
    for text, diff in bad:
        print("  MISMATCH", diff, "|", text)
    print(f"micro F1 (positive labels, 14 observations): {f1:.4f}  (tp={tp} fp={fp} fn={fn})")
    return f1


if __name__ == "__main__":
    p = sys.argv[1] if len(sys.argv) > 1 else "resources/demo/data/eval.csv"
    sys.exit(0 if self_check(p) >= 0.98 else 1)
