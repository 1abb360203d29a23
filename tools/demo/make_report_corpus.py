#!/usr/bin/env python3
"""Synthetic chest X-ray report corpus for the MedAWQ demo.

Every phrase in this file was written by the MedAWQ authors; nothing is copied from a real
report collection. Reports have INDICATION, COMPARISON, FINDINGS and IMPRESSION sections and
the 14 CheXpert observation labels (1.0 positive, 0.0 negative, -1.0 uncertain, empty = not
mentioned). Each sentence is emitted together with the labels it expresses, so the labels are
exactly what the text says.

Each row also has `key_findings`, a terse dictation of the report's positive and uncertain
findings, devices and resolved findings ("small L eff; RLL consol c/w pneumonia; R PICC, tip
cavoatrial jxn"; "normal" when there are none). It is a prompt column: the demo task is
dictation -> formatted report, so the labels of the report are predictable from the prompt.

    python3 tools/demo/make_report_corpus.py --seed 20261125 --out resources/demo/data
    python3 tools/demo/make_report_corpus.py --seed 20261125 --train-rows 40000 \
        --train-out /tmp/train.csv            # training rows, no text shared with eval.csv

Same arguments -> byte-identical files. Python 3.11 standard library only.
Licence: code as the MedAWQ project; generated data CC0 1.0 (public domain dedication).
"""
from __future__ import annotations

import argparse
import collections
import csv
import io
import os
import random
import re
import sys
import zipfile
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report_labels import OBSERVATIONS  # noqa: E402

(NF, ECM, CM, LL, LO, ED, CO, PN, AT, PX, PE, PO, FX, SD) = OBSERVATIONS

N_CALIBRATION = 500
N_EVAL = 200
MAX_WORDS = 115
COLUMNS = ["subject_id", "View", "AP", "PA", "Lateral", "indication", "comparison",
           "key_findings", "findings", "impression", "text"] + OBSERVATIONS

PROMPT = ("You are an expert radiologist. Describe this {View} view chest X-ray.\n"
          "Indication: {indication}\n"
          "Comparison: {comparison}\n"
          "Key findings: {key_findings}\n"
          "Provide a concise report consisting of Findings and Impression.\n")


# ----------------------------------------------------------------------------- helpers
def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def article(text: str) -> str:
    return "an " if text[:1] in "aeiou8" or text.startswith(("11 ", "18 ")) else "a "


class Core:
    """A noun phrase for a finding: 'small left pleural effusion', 'mild pulmonary edema'."""

    def __init__(self, text: str, plural: bool = False, mass: bool = False):
        self.text, self.plural, self.mass = text, plural, mass

    @property
    def be(self) -> str:
        return "are" if self.plural else "is"

    @property
    def have(self) -> str:
        return "have" if self.plural else "has"

    def det(self) -> str:
        return self.text if (self.plural or self.mass) else article(self.text) + self.text


def pick(rng: random.Random, weighted: dict):
    keys = list(weighted)
    return rng.choices(keys, weights=[weighted[k] for k in keys])[0]


# Sentence = (text, {observation: status}). Labels of a report are aggregated from these.
def head(c: Core) -> str:
    """Sentence-initial form: 'An 8 mm nodule', never a bare number."""
    return cap(c.det()) if c.text[:1].isdigit() else cap(c.text)


def present(rng, c: Core) -> str:
    return rng.choice([f"{head(c)}.", f"There {c.be} {c.det()}.",
                       f"{cap(c.det())} {c.be} present.", f"{head(c)} {c.be} noted."])


def changed(rng, c: Core, change: str | None, kind: str) -> str:
    """kind: 'size' (effusion, pneumothorax, nodule), 'density' (opacity, edema...),
    'static' (cardiomegaly, pleural thickening)."""
    if change is None:
        return present(rng, c)
    if change == "new":
        new_det = ("new " + c.text) if (c.plural or c.mass) else article("new") + "new " + c.text
        return rng.choice([f"New {c.text}.", f"{head(c)} {c.be} new.",
                           f"There {c.be} {new_det}."])
    if change == "unchanged":
        return rng.choice([f"{head(c)}, unchanged.", f"{head(c)} {c.be} unchanged.",
                           f"Stable {c.text}.", f"Unchanged {c.text}.",
                           f"{cap(c.det())} {c.be} again seen."])
    if change == "increased":
        if kind == "size":
            return rng.choice([f"{head(c)} {c.have} increased in size.",
                               f"Increased {c.text}.", f"Interval increase in {c.text}."])
        return rng.choice([f"Worsening {c.text}.", f"{head(c)} {c.have} worsened.",
                           f"Increased {c.text}."])
    if change == "decreased":
        if kind == "size":
            return rng.choice([f"{head(c)} {c.have} decreased in size.",
                               f"Decreased {c.text}.", f"Interval decrease in {c.text}."])
        return rng.choice([f"Improving {c.text}.", f"{head(c)} {c.have} improved.",
                           f"Interval improvement in {c.text}."])
    raise ValueError(change)


def uncertain(rng, c: Core) -> str:
    return rng.choice([f"Possible {c.text}.", f"{cap(c.det())} cannot be excluded.",
                       f"Cannot exclude {c.det()}.", f"There may be {c.det()}.",
                       f"Questionable {c.text}."])


def imp_item(rng, c: Core, change: str | None, status: int, kind: str) -> str:
    if status == -1:
        return rng.choice([f"Possible {c.text}.", f"Cannot exclude {c.det()}."])
    if change is None:
        return f"{cap(c.text)}."
    if change == "new":
        return rng.choice([f"New {c.text}.", f"{cap(c.text)}, new since the prior study."])
    if change == "unchanged":
        return rng.choice([f"Stable {c.text}.", f"{cap(c.text)}, unchanged."])
    if change == "increased":
        return (rng.choice([f"Increased {c.text}.", f"{cap(c.text)}, increased."])
                if kind == "size" else
                rng.choice([f"Worsening {c.text}.", f"{cap(c.text)}, worse than before."]))
    return (rng.choice([f"Decreased {c.text}.", f"{cap(c.text)}, decreased."])
            if kind == "size" else
            rng.choice([f"Improving {c.text}.", f"{cap(c.text)}, improved."]))


# ----------------------------------------------------------------------------- anatomy
def site_adj(site) -> str:
    side, z = site
    if side == "bilateral":
        return {"base": "bibasilar", "apex": "biapical", "mid": "bilateral mid lung",
                "perihilar": "bilateral perihilar", "lower lobe": "bilateral lower lobe",
                "upper lobe": "bilateral upper lobe"}[z]
    return {"base": f"{side} basilar", "apex": f"{side} apical", "mid": f"{side} mid lung",
            "perihilar": f"{side} perihilar", "upper lobe": f"{side} upper lobe",
            "lower lobe": f"{side} lower lobe", "middle lobe": "right middle lobe",
            "lingula": "lingular"}[z]


def site_pp(rng, site) -> str:
    side, z = site
    if side == "bilateral":
        return {"base": "at both lung bases", "apex": "at both apices",
                "mid": "in both mid lungs", "perihilar": "in both perihilar regions",
                "lower lobe": "in both lower lobes", "upper lobe": "in both upper lobes"}[z]
    return {"base": rng.choice([f"at the {side} base", f"at the {side} lung base"]),
            "apex": f"at the {side} apex", "mid": f"in the {side} mid lung",
            "perihilar": f"in the {side} perihilar region",
            "upper lobe": f"in the {side} upper lobe", "lower lobe": f"in the {side} lower lobe",
            "middle lobe": "in the right middle lobe", "lingula": "in the lingula"}[z]


def unilateral(rng) -> str:
    return rng.choice(["right", "left"])


def lung_site(rng, p_bilateral: float, zones: dict) -> tuple[str, str]:
    if rng.random() < p_bilateral:
        z = pick(rng, {k: v for k, v in zones.items()
                       if k in ("base", "apex", "mid", "perihilar", "lower lobe", "upper lobe")})
        return ("bilateral", z)
    z = pick(rng, zones)
    if z == "middle lobe":
        return ("right", z)
    if z == "lingula":
        return ("left", z)
    return (unilateral(rng), z)


# ----------------------------------------------------------------------------- categories
# pos / unc: probability that the observation is positive / uncertain for this indication.
# neg: probability that an absent observation is explicitly negated (pertinent negative).
BASE_NEG = {PX: .70, PE: .65, CO: .45, ED: .22, CM: .60, ECM: .45, PN: .06, FX: .06,
            LL: .03, LO: .05, AT: .02}

CATEGORIES = {
    "preop": dict(
        w=11, ap=.05, comp=.30,
        ind=["Routine preoperative evaluation.", "Preoperative chest radiograph.",
             "Pre-operative assessment before elective surgery.",
             "Preoperative clearance for hip replacement.", "Routine pre-surgical screening."],
        pos={CM: .05, AT: .04, LL: .05, PO: .08, FX: .03, SD: .05, ECM: .02},
        unc={LL: .02, AT: .02, CM: .02}, neg={}, devices=["sternotomy", "pacer", "port"]),
    "dyspnea": dict(
        w=16, ap=.50, comp=.60,
        ind=["Shortness of breath.", "Dyspnea.", "Worsening shortness of breath and leg swelling.",
             "History of heart failure with increasing dyspnea.", "Evaluate for pulmonary edema.",
             "Hypoxia.", "Dyspnea on exertion and orthopnea.", "Weight gain and shortness of breath."],
        pos={ED: .45, PE: .42, CM: .45, AT: .22, LO: .12, ECM: .06, SD: .15, PO: .04},
        unc={ED: .08, PE: .08, CM: .04, PN: .05, AT: .06},
        neg={ED: .70, PN: .10}, devices=["pacer", "picc", "sternotomy"]),
    "infection": dict(
        w=16, ap=.30, comp=.40,
        ind=["Fever and cough.", "Productive cough for one week.",
             "Fever, evaluate for pneumonia.", "Cough and chills.", "Fever and leukocytosis.",
             "Cough with green sputum.", "Rule out pneumonia."],
        pos={PN: .33, LO: .22, CO: .25, PE: .12, AT: .08, SD: .06},
        unc={PN: .22, CO: .05, PE: .05, AT: .08},
        neg={CO: .75, PN: .40, PE: .75}, devices=["picc", "port"]),
    "lines": dict(
        w=14, ap=.95, comp=.70,
        ind=[("Line placement.", ["cvc"]), ("Evaluate endotracheal tube position.", ["ett"]),
             ("Status post intubation.", ["ett", "ngt"]), ("PICC placement.", ["picc"]),
             ("Nasogastric tube placement.", ["ngt"]), ("Central line placement.", ["cvc"]),
             ("Intubated patient, evaluate lines and tubes.", ["ett", "ngt", "cvc"]),
             ("Check PICC position.", ["picc"])],
        pos={SD: 1.0, AT: .30, ED: .20, PE: .25, LO: .18, CM: .15, PX: .04},
        unc={AT: .05, PN: .05, PE: .05, PX: .03},
        neg={PX: .92, PE: .70}, devices=["ett", "ngt", "cvc", "picc"]),
    "trauma": dict(
        w=11, ap=.60, comp=.20,
        ind=["Trauma, fall.", "Fall from standing with chest wall pain.",
             "Motor vehicle collision.", "Rib pain after a fall.", "Blunt chest trauma.",
             "Fall down stairs, left chest pain."],
        pos={FX: .42, PX: .18, ECM: .12, LO: .10, PE: .07, PO: .03},
        unc={FX: .12, PX: .05, ECM: .05},
        neg={PX: .95, FX: .65, ECM: .60, PE: .70}, devices=[]),
    "postcardiac": dict(
        w=8, ap=.85, comp=.80,
        ind=["Status post CABG.", "Post-operative check after cardiac surgery.",
             "Status post aortic valve replacement.", "Postoperative day one after CABG."],
        pos={SD: 1.0, PE: .50, AT: .50, CM: .30, ED: .15, ECM: .15, PX: .08, LO: .08},
        unc={PE: .05, AT: .05, ED: .05},
        neg={PX: .90, PE: .60}, devices=["sternotomy"]),
    "oncology": dict(
        w=9, ap=.15, comp=.70,
        ind=["History of lung cancer.", "Follow-up of a pulmonary nodule.",
             "Weight loss and hemoptysis.", "Smoker with chronic cough.",
             "Staging of known malignancy."],
        pos={LL: .60, PE: .15, PO: .15, LO: .10, AT: .08, SD: .20, ECM: .08},
        unc={LL: .12, PE: .04},
        neg={LL: .30, PE: .70}, devices=["port", "picc"]),
    "chestpain": dict(
        w=10, ap=.30, comp=.40,
        ind=["Chest pain.", "Atypical chest pain.", "Chest pain, rule out acute process.",
             "Chest pressure and palpitations."],
        pos={CM: .12, ECM: .06, AT: .08, PO: .08, SD: .08, LL: .03},
        unc={CM: .03, AT: .03},
        neg={ECM: .55}, devices=["pacer", "sternotomy"]),
    "pneumothorax": dict(
        w=6, ap=.60, comp=.97,
        ind=["Follow-up pneumothorax.", "Chest tube in place, evaluate pneumothorax.",
             "Status post chest tube placement.", "Spontaneous pneumothorax, follow-up."],
        pos={PX: .62, SD: .80, AT: .10, PE: .10, PO: .05, FX: .05},
        unc={PX: .08},
        neg={}, devices=["chest_tube"]),
}

COMPARISONS = ["Chest radiograph from {t}.", "Prior chest radiograph from {t}.",
               "Portable chest radiograph from {t}.", "PA and lateral chest radiographs from {t}."]
TIMES = ["yesterday", "two days ago", "three days ago", "last week", "one month ago",
         "six months ago", "earlier today", "one year ago"]
NO_COMPARISON = ["None.", "None available.", "No prior studies."]


# ----------------------------------------------------------------------------- planning
def choose_change(rng, has_comp: bool, kind: str):
    if not has_comp:
        return None
    if kind == "static":
        return pick(rng, {None: .5, "unchanged": .5})
    return pick(rng, {None: .35, "new": .15, "unchanged": .25, "increased": .12,
                      "decreased": .13})


def plan_report(rng):
    cat_name = pick(rng, {k: v["w"] for k, v in CATEGORIES.items()})
    cat = CATEGORIES[cat_name]
    ind = rng.choice(cat["ind"])
    forced_devices: list[str] = []
    if isinstance(ind, tuple):
        ind, forced_devices = ind
    has_comp = rng.random() < cat["comp"]
    status: dict[str, int] = {}
    for obs in [o for o in OBSERVATIONS if o in cat["pos"] or o in cat["unc"]]:
        r = rng.random()
        if r < cat["pos"].get(obs, 0):
            status[obs] = 1
        elif r < cat["pos"].get(obs, 0) + cat["unc"].get(obs, 0):
            status[obs] = -1
    # dependencies --------------------------------------------------------------
    interp: list[tuple[str, int]] = []  # interpretations attached to the primary opacity
    if PN in status:
        interp.append((PN, status.pop(PN)))
    if status.get(AT) == -1:
        del status[AT]
        interp.append((AT, -1))
    if interp and status.get(LO) != 1 and status.get(CO) != 1:
        if any(s == 1 for o, s in interp if o == PN) and rng.random() < .6:
            status[CO] = 1
        else:
            status[LO] = 1
    if any(o == PN for o, _ in interp) and AT in status and status[AT] == 1 and rng.random() < .5:
        del status[AT]
    # a pneumothorax after trauma often has a chest tube
    devices: list[str] = list(forced_devices)
    if cat_name == "trauma" and status.get(PX) == 1 and rng.random() < .35:
        status[SD] = 1
        devices.append("chest_tube")
    if status.get(SD) == 1 and not devices:
        devices = [rng.choice(cat["devices"])]
        if cat_name == "postcardiac":
            for extra, p in (("chest_tube", .4), ("cvc", .4), ("ett", .2), ("ngt", .15)):
                if rng.random() < p:
                    devices.append(extra)
    if cat_name == "lines" and "ett" in devices and "ngt" not in devices and rng.random() < .5:
        devices.append("ngt")
    if cat_name == "lines" and rng.random() < .2:
        extra = rng.choice(["cvc", "picc", "ett"])
        if extra not in devices and not ({"cvc", "picc"} >= {extra} and
                                         ({"cvc", "picc"} & set(devices))):
            devices.append(extra)
    if devices:
        status[SD] = 1
    ptx_side = rng.choice(["right", "left"])
    p_ap = cat["ap"]
    if set(devices) & {"ett", "ngt", "cvc", "chest_tube"}:
        p_ap = max(p_ap, .92)
    view = "AP" if rng.random() < p_ap else "PA"
    # resolved findings (only with a prior study) --------------------------------
    resolved: list[str] = []
    if has_comp:
        cands = {"pneumothorax": [PX], "infection": [CO, LO], "dyspnea": [ED, PE],
                 "postcardiac": [PE, PX], "lines": [PX, PE]}.get(cat_name, [])
        for obs in cands:
            if obs not in status and rng.random() < (.35 if cat_name == "pneumothorax" else .10):
                resolved.append(obs)
    neg_p = dict(BASE_NEG)
    neg_p.update(cat["neg"])
    return dict(cat=cat_name, indication=ind, has_comp=has_comp, status=status, interp=interp,
                devices=sorted(set(devices), key=devices.index), view=view, resolved=resolved,
                neg_p=neg_p, ptx_side=ptx_side)


# ----------------------------------------------------------------------------- key findings
# key_findings is a terse dictation of the positive and uncertain findings (and devices, and
# findings resolved since the prior), in an abbreviated vocabulary of its own. It is built from
# the planned/rendered findings without drawing from the random generator, so adding it left
# every report text unchanged. Negatives are never listed: pertinent negatives stay the writer's
# free choice.
SIDE = {"right": "R", "left": "L", "bilateral": "bilat"}
SEV_KEY = {"moderate": "mod"}
TEXTURES = ("patchy", "hazy", "streaky", "ill-defined")
ATX_DEG = {"mild": "mild", "minimal": "min", "linear": "linear", "subsegmental": "subseg",
           "plate-like": "plate-like"}


def site_key(site) -> str:
    side, z = site
    if side == "bilateral":
        return {"base": "bibasilar", "apex": "biapical", "mid": "bilat mid lung",
                "perihilar": "bilat perihilar", "lower lobe": "bilat lower lobe",
                "upper lobe": "bilat upper lobe"}[z]
    s = SIDE[side]
    return {"base": f"{s} basilar", "apex": f"{s} apical", "mid": f"{s} mid lung",
            "perihilar": f"{s} perihilar", "upper lobe": f"{s}UL", "lower lobe": f"{s}LL",
            "middle lobe": "RML", "lingula": "lingular"}[z]


def fx_key(text: str) -> str:
    m = re.match(r"(.*?)fractures? of the (right|left) (.+)$", text)
    if m:
        pre, side, rest = m.groups()
        plural = rest.endswith("ribs")
        rest = rest.replace(" and ", "-").removesuffix("s")
        return f"{pre}{SIDE[side]} {rest} fx{'s' if plural else ''}"
    text = re.sub(r"\b(right|left)\b", lambda m: SIDE[m.group(1)], text)
    return text.replace("fractures", "fxs").replace("fracture", "fx")


def finding_key(fd, interp=None) -> str:
    """'small L eff, incr', 'patchy RLL opac c/w pneumonia', 'possible mild cardiomegaly'."""
    o, t, w = fd.obs, fd.core.text, fd.core.text.split()
    if o == LO:
        tex = w[0] + " " if w[0] in TEXTURES else ""
        noun = ("airspace dz" if "airspace disease" in t else
                "opacs" if fd.site[0] == "bilateral" else "opac")
        k = f"{tex}{site_key(fd.site)} {noun}"
    elif o == CO:
        mod = w[0] + " " if w[0] in ("dense", "focal") else ""
        k = f"{mod}{site_key(fd.site)} consol"
    elif o == AT:
        if "collapse" in t:
            k = f"{site_key(fd.site)} collapse"
        else:
            deg = ATX_DEG[w[0]] + " " if w[0] in ATX_DEG else ""
            k = f"{deg}{site_key(fd.site)} atx"
    elif o == ED:
        k = (t.replace("pulmonary vascular congestion", "vasc congestion")
             .replace("pulmonary edema", "pulm edema").replace("moderate", "mod"))
    elif o == PE:
        k = (f"{SEV_KEY.get(w[0], w[0])} bilat effs" if fd.site[0] == "bilateral" else
             f"{SEV_KEY.get(w[0], w[0])} {SIDE[fd.site[0]]} eff")
    elif o == PX:
        k = f"{SEV_KEY.get(w[0], w[0])} {SIDE[fd.site[0]]} {'apical ' if 'apical' in t else ''}PTX"
    elif o == LL:
        if t.startswith("multiple"):
            k = "multiple bilat nodules"
        else:
            size = " ".join(w[:2])
            desc = next((x + " " for x in ("spiculated", "lobulated") if x in w), "")
            k = f"{size} {desc}{site_key(fd.site)} {'mass' if 'mass' in w else 'nodule'}"
    elif o == CM:
        k = f"{SEV_KEY.get(w[0], w[0])} cardiomegaly"
    elif o == ECM:
        k = "wide mediastinum"
    elif o == PO:
        k = re.sub(r"\b(right|left)\b", lambda m: SIDE[m.group(1)], t).replace("pleural", "pl")
    elif o == FX:
        k = fx_key(t)
    else:
        raise ValueError(o)
    if fd.status == -1:
        k = "possible " + k
    if interp:
        k += {(PN, 1): " c/w pneumonia", (PN, -1): ", possible pneumonia",
              (AT, -1): ", likely atx"}.get(tuple(interp.items())[0] if len(interp) == 1
                                            else None, ", atx vs pneumonia")
    if fd.change:
        k += ", " + ({"new": "new", "unchanged": "stable"}.get(fd.change) or
                     {("size", "increased"): "incr", ("size", "decreased"): "decr",
                      ("density", "increased"): "worse",
                      ("density", "decreased"): "improving"}[(fd.kind, fd.change)])
    return k



# ----------------------------------------------------------------------------- rendering
SEV = {"mild": "mildly", "moderate": "moderately", "severe": "severely"}
RIBS = ["3rd", "4th", "5th", "6th", "7th", "8th", "9th"]
DEVICE_POS = {"mid SVC": "in the mid SVC", "lower SVC": "in the lower SVC",
              "cavoatrial junction": "at the cavoatrial junction"}
DEVICE_KEY = {"mid SVC": "mid SVC", "lower SVC": "low SVC", "cavoatrial junction": "cavoatrial jxn"}


class Finding:
    """Rendered pieces for one positive/uncertain observation."""

    def __init__(self, obs, status, core, change, kind, sentence, site=None):
        self.obs, self.status, self.core, self.change = obs, status, core, change
        self.kind, self.sentence, self.site = kind, sentence, site


def render_observation(rng, obs, st, has_comp, pl) -> Finding:
    ch = None
    if obs == LO:
        if any(o == AT for o, _ in pl["interp"]):  # atelectasis is mostly basilar
            site = lung_site(rng, .3, {"base": .7, "lower lobe": .2, "middle lobe": .05,
                                       "lingula": .05})
        else:
            site = lung_site(rng, .25, {"base": .4, "lower lobe": .15, "upper lobe": .1,
                                        "middle lobe": .05, "lingula": .03, "mid": .12,
                                        "perihilar": .08, "apex": .04})
        tex = rng.choice(["patchy ", "hazy ", "streaky ", "ill-defined ", "", ""])
        plural = site[0] == "bilateral"
        noun = "opacities" if plural else "opacity"
        if rng.random() < .12:
            core = Core(f"{site_adj(site)} airspace disease", mass=True)
        elif rng.random() < .5:
            core = Core(f"{tex}{site_adj(site)} {noun}", plural=plural)
        else:
            core = Core(f"{tex}{noun} {site_pp(rng, site)}", plural=plural)
        kind = "density"
    elif obs == CO:
        site = lung_site(rng, .08, {"lower lobe": .4, "base": .25, "upper lobe": .15,
                                    "middle lobe": .12, "lingula": .08})
        core = Core(rng.choice([f"{site_adj(site)} consolidation",
                                f"consolidation {site_pp(rng, site)}",
                                f"focal consolidation {site_pp(rng, site)}",
                                f"dense {site_adj(site)} consolidation"]), mass=True)
        kind = "density"
    elif obs == AT:
        site = lung_site(rng, .45, {"base": .8, "lower lobe": .1, "middle lobe": .05,
                                    "lingula": .05})
        deg = rng.choice(["mild ", "minimal ", "linear ", "subsegmental ", "plate-like ", ""])
        if site[1] in ("lower lobe", "middle lobe") and rng.random() < .3:
            core = Core(f"{site_adj(site)} collapse", mass=True)
        elif rng.random() < .6:
            core = Core(f"{deg}{site_adj(site)} atelectasis", mass=True)
        else:
            core = Core(f"{deg}atelectasis {site_pp(rng, site)}", mass=True)
        kind = "density"
    elif obs == ED:
        site = None
        sev = rng.choice(["mild", "mild", "moderate", "moderate", "severe"])
        if st == -1:
            sev = "mild"
        core = Core(rng.choice([f"{sev} pulmonary edema", f"{sev} pulmonary edema",
                                f"{sev} interstitial pulmonary edema",
                                f"{sev} interstitial edema" if sev != "severe" else
                                "severe pulmonary edema",
                                "mild pulmonary vascular congestion" if sev == "mild" else
                                f"{sev} pulmonary edema"]), mass=True)
        kind = "density"
    elif obs == PE:
        side = pick(rng, {"right": .35, "left": .30, "bilateral": .35})
        site = (side, "base")
        kind = "size"
        ch = choose_change(rng, has_comp, kind) if st == 1 else None
        sev = {"increased": rng.choice(["moderate", "large"]),
               "decreased": rng.choice(["small", "small", "moderate"])}.get(
            ch, pick(rng, {"trace": .1, "small": .5, "moderate": .3, "large": .1}))
        if st == -1:
            sev = rng.choice(["small", "trace", "small"])
        if side == "bilateral":
            core = Core(rng.choice([f"{sev} bilateral pleural effusions",
                                    f"{sev} bilateral effusions"]), plural=True)
        else:
            core = Core(rng.choice([f"{sev} {side} pleural effusion", f"{sev} {side} effusion",
                                    f"{sev} {side} pleural effusion"]))
    elif obs == PX:
        side = pl.get("ptx_side") or unilateral(rng)
        site = (side, "apex")
        kind = "size"
        ch = choose_change(rng, has_comp, kind) if st == 1 else None
        sev = {"increased": rng.choice(["small", "moderate"]),
               "decreased": rng.choice(["small", "tiny"])}.get(
            ch, pick(rng, {"tiny": .2, "small": .45, "moderate": .25, "large": .1}))
        if st == -1:
            sev = rng.choice(["tiny", "small"])
        core = Core(rng.choice([f"{sev} {side} apical pneumothorax", f"{sev} {side} pneumothorax",
                                f"{sev} {side}-sided pneumothorax"]))
    elif obs == LL:
        site = lung_site(rng, 0, {"upper lobe": .4, "lower lobe": .2, "mid": .15,
                                  "middle lobe": .05, "apex": .1, "perihilar": .1})
        kind = "size"
        if pl["cat"] == "oncology" and rng.random() < .12 and st == 1:
            core = Core("multiple bilateral pulmonary nodules", plural=True)
        elif rng.random() < .6 or st == -1:
            size = rng.choice(["6 mm", "8 mm", "1.2 cm", "1.5 cm", "2 cm"])
            core = Core(rng.choice([f"{size} {site_adj(site)} nodule",
                                    f"{size} nodule {site_pp(rng, site)}",
                                    f"{size} pulmonary nodule {site_pp(rng, site)}"]))
        else:
            size = rng.choice(["3 cm", "3.5 cm", "4 cm", "5 cm"])
            spic = rng.choice(["", "", "spiculated ", "lobulated "])
            core = Core(rng.choice([f"{size} {spic}{site_adj(site)} mass",
                                    f"{size} {spic}mass {site_pp(rng, site)}"]))
    elif obs == CM:
        site, kind = None, "static"
        sev = pick(rng, {"mild": .45, "moderate": .4, "severe": .15})
        core = Core(f"{sev} cardiomegaly", mass=True)
    elif obs == ECM:
        site, kind = None, "static"
        core = Core(rng.choice(["widened mediastinum", "mediastinal widening"]), mass=True)
    elif obs == PO:
        site, kind = None, "static"
        side = pick(rng, {"right": .3, "left": .3, "bilateral": .4})
        mild = rng.choice(["", "", "mild "])
        core = Core(f"{mild}biapical pleural thickening" if side == "bilateral" else
                    rng.choice([f"{mild}{side} apical pleural thickening",
                                f"{side} pleural thickening", f"{mild}{side} pleural scarring"]),
                    mass=True)
    elif obs == FX:
        site, kind = None, "static"
        side = unilateral(rng)
        if pl["cat"] == "trauma" and PX in pl["status"]:
            side = pl["ptx_side"]  # rib fracture on the side of the pneumothorax
        i = rng.randrange(len(RIBS) - 1)
        acute = pl["cat"] == "trauma" and rng.random() < .85
        if st == -1:
            core = Core(rng.choice([f"nondisplaced fracture of the {side} {RIBS[i]} rib",
                                    f"{side} {RIBS[i]} rib fracture"]))
        elif acute:
            core = Core(rng.choice([f"acute fracture of the {side} {RIBS[i]} rib",
                                    f"nondisplaced {side} {RIBS[i]} rib fracture",
                                    f"displaced fractures of the {side} {RIBS[i]} and "
                                    f"{RIBS[i + 1]} ribs",
                                    f"acute {side} clavicle fracture"]))
            core.plural = "fractures" in core.text
        else:
            core = Core(rng.choice([f"healed {side} rib fractures",
                                    f"old healed fracture of the {side} clavicle",
                                    f"healed {side} {RIBS[i]} rib fracture"]))
            core.plural = "fractures" in core.text
            kind = "healed"
    else:
        raise ValueError(obs)
    if ch is None and st == 1 and obs not in (PE, PX, FX):
        ch = choose_change(rng, has_comp, "static" if kind == "static" else kind)
        if obs == LL and ch == "decreased":
            ch = "unchanged"
    if obs == ECM and ch not in (None, "unchanged"):
        ch = None
    # the sentence ---------------------------------------------------------------
    if st == -1:
        if obs == CM:
            sent = rng.choice(["Possible mild cardiomegaly.", "The heart may be mildly enlarged.",
                               "Mild cardiomegaly cannot be excluded."])
            core = Core("mild cardiomegaly", mass=True)
        elif obs == ECM:
            sent = rng.choice(["Possible mediastinal widening.",
                               "The mediastinum may be widened.",
                               "Mediastinal widening cannot be excluded."])
            core = Core("mediastinal widening", mass=True)
        elif obs == LL:
            sent = (f"{uncertain(rng, core)[:-1]}; "
                    + rng.choice(["recommend chest CT.", "chest CT is recommended.",
                                  "consider CT for further evaluation."]))
        elif obs == FX:
            sent = rng.choice([f"Possible {core.text}.", f"Cannot exclude {core.det()}.",
                               f"{cap(core.det())} cannot be excluded."])
        else:
            sent = uncertain(rng, core)
    elif obs == CM and ch is None and rng.random() < .5:
        sev = core.text.split()[0]
        sent = rng.choice([f"The heart is {SEV[sev]} enlarged.",
                           f"The cardiac silhouette is {SEV[sev]} enlarged.",
                           f"{cap(sev)} enlargement of the cardiac silhouette."])
    elif obs == CM and ch == "unchanged" and rng.random() < .4:
        sev = core.text.split()[0]
        sent = f"The heart remains {SEV[sev]} enlarged."
    elif obs == ECM and ch is None:
        sent = rng.choice(["The mediastinum is widened.", "The mediastinum appears widened.",
                           "Widening of the mediastinum.", "Mediastinal widening is noted."])
    else:
        sent = changed(rng, core, ch, "static" if kind == "healed" else kind)
        if obs == LL and core.text.endswith("mass") and ch is None and rng.random() < .5:
            sent = sent[:-1] + "; recommend chest CT for further evaluation."
    return Finding(obs, st, core, ch, kind, sent, site)


def device_sentences(rng, dev, has_comp, pl_side=None):
    """Returns (findings sentence, impression sentence or None, is_malpositioned, key), key
    being the terse dictation item for key_findings ("R PICC, tip cavoatrial jxn")."""
    ch = pick(rng, {None: .5, "unchanged": .3, "new": .2}) if has_comp else None
    side = unilateral(rng)
    if dev == "ett":
        low = rng.random() < .1
        d = rng.choice(["1", "1.5"]) if low else rng.choice(["3", "4", "4", "5", "6"])
        if low:
            f = (f"The endotracheal tube tip is {d} cm above the carina; "
                 "recommend withdrawal by 2 cm.")
            return (f, "Low-lying endotracheal tube; recommend withdrawal by 2 cm.", True,
                    f"ETT {d} cm above carina, rec withdraw 2 cm")
        if ch == "unchanged":
            f = f"Endotracheal tube is unchanged in position, {d} cm above the carina."
        elif ch == "new":
            f = f"Interval placement of an endotracheal tube, which terminates {d} cm above the carina."
        else:
            f = rng.choice([f"Endotracheal tube terminates {d} cm above the carina.",
                            f"The endotracheal tube tip is {d} cm above the carina.",
                            f"ET tube tip is {d} cm above the carina."])
        key = {"unchanged": f"ETT {d} cm above carina, unchanged",
               "new": f"new ETT, {d} cm above carina"}.get(ch, f"ETT {d} cm above carina")
        return f, rng.choice(["Endotracheal tube in standard position.",
                              "ET tube in appropriate position."]), False, key
    if dev == "ngt":
        if rng.random() < .1:
            return ("The nasogastric tube tip is in the distal esophagus; recommend advancing "
                    "it by 10 cm.",
                    "Nasogastric tube tip in the distal esophagus; recommend advancement.", True,
                    "NGT tip distal esophagus, rec advance 10 cm")
        if ch == "new":
            f = "Interval placement of a nasogastric tube with tip in the stomach."
        else:
            f = rng.choice(["Nasogastric tube courses below the diaphragm with tip in the stomach.",
                            "Enteric tube tip is in the stomach.",
                            "NG tube terminates in the stomach.",
                            "An enteric tube extends into the stomach."])
        return (f, "Nasogastric tube in the stomach.", False,
                "new NGT, tip stomach" if ch == "new" else "NGT in stomach")
    if dev == "cvc":
        pos = rng.choice(list(DEVICE_POS))
        pp = DEVICE_POS[pos]
        if ch == "new":
            f = f"Interval placement of a right internal jugular central venous catheter, tip {pp}."
        elif ch == "unchanged":
            f = f"Right IJ central line is unchanged, tip {pp}."
        else:
            f = rng.choice([f"Right internal jugular central venous catheter terminates {pp}.",
                            f"Right IJ central line tip is {pp}.",
                            f"Right IJ catheter tip projects {pp}."])
        key = {"new": f"new R IJ CVC, tip {DEVICE_KEY[pos]}",
               "unchanged": f"R IJ CVC, tip {DEVICE_KEY[pos]}, unchanged"}.get(
            ch, f"R IJ CVC, tip {DEVICE_KEY[pos]}")
        return f, rng.choice([f"Right IJ central line tip {pp}.",
                              "Right internal jugular catheter in standard position."]), False, key
    if dev == "picc":
        pos = rng.choice(list(DEVICE_POS))
        pp = DEVICE_POS[pos]
        if ch == "new":
            f = f"Interval placement of a {side} PICC with tip {pp}."
        else:
            f = rng.choice([f"{cap(side)} PICC terminates {pp}.",
                            f"{cap(side)}-sided PICC line with tip {pp}.",
                            f"{cap(side)} upper extremity PICC tip is {pp}."])
        return (f, f"{cap(side)} PICC tip {pp}.", False,
                f"{'new ' if ch == 'new' else ''}{SIDE[side]} PICC, tip {DEVICE_KEY[pos]}")
    if dev == "pacer":
        f = rng.choice([f"{cap(side)} chest wall pacemaker with leads in the right atrium and "
                        "right ventricle.",
                        f"{cap(side)}-sided dual-chamber pacemaker with leads in standard position.",
                        f"A {side} chest wall pacemaker is present with leads in expected position."])
        if ch == "unchanged":
            f = f"{cap(side)}-sided pacemaker and leads are unchanged."
        return f, None, False, f"{SIDE[side]} pacer" + (", unchanged" if ch == "unchanged" else "")
    if dev == "sternotomy":
        return (rng.choice(["Median sternotomy wires are intact.",
                            "The patient is status post median sternotomy.",
                            "Intact median sternotomy wires.",
                            "Sternotomy wires and surgical clips are noted."]), None, False,
                "sternotomy")
    if dev == "chest_tube":
        side = pl_side or side
        if ch == "new":
            f = f"Interval placement of a {side} chest tube."
        elif ch == "unchanged":
            f = f"{cap(side)} chest tube is unchanged in position."
        else:
            f = rng.choice([f"{cap(side)} chest tube in place with tip at the apex.",
                            f"A {side}-sided chest tube is in place.",
                            f"{cap(side)} pigtail pleural catheter in place."])
        key = {"new": f"new {SIDE[side]} chest tube",
               "unchanged": f"{SIDE[side]} chest tube, unchanged"}.get(ch, f"{SIDE[side]} chest tube")
        return f, f"{cap(side)} chest tube in place.", False, key
    if dev == "port":
        pos = rng.choice(list(DEVICE_POS))
        return (rng.choice([f"{cap(side)} chest wall port with catheter tip {DEVICE_POS[pos]}.",
                            f"{cap(side)}-sided Port-A-Cath terminates {DEVICE_POS[pos]}."]),
                None, False, f"{SIDE[side]} port, tip {DEVICE_KEY[pos]}")
    raise ValueError(dev)


def interp_phrase(rng, interp, where: str) -> tuple[str, dict]:
    """Interpretation of the primary opacity: ', consistent with pneumonia' etc."""
    labels = dict(interp)
    key = tuple(sorted(interp))
    if key == ((PN, 1),):
        return rng.choice([", consistent with pneumonia", ", consistent with pneumonia",
                           ", in keeping with pneumonia"]), labels
    if key == ((PN, -1),):
        return rng.choice([", which may represent pneumonia", ", concerning for pneumonia",
                           ", possibly pneumonia", ", suspicious for pneumonia",
                           "; pneumonia cannot be excluded"]), labels
    if key == ((AT, -1),):
        return rng.choice([", likely atelectasis", ", which may represent atelectasis",
                           ", possibly atelectasis", ", probably atelectasis"]), labels
    if key == ((AT, -1), (PN, -1)):
        return rng.choice([", which may represent atelectasis or pneumonia",
                           ", possibly atelectasis or pneumonia",
                           ", likely atelectasis, though pneumonia cannot be excluded"]), labels
    if key == ((AT, -1), (PN, 1)):
        return ", consistent with pneumonia", {PN: 1}
    raise ValueError(interp)


NEG_SENTENCES = {
    ED: ["No pulmonary edema.", "There is no pulmonary edema.", "No evidence of pulmonary edema.",
         "No pulmonary vascular congestion."],
    PN: ["No radiographic evidence of pneumonia.", "No evidence of pneumonia."],
    FX: ["No displaced rib fracture.", "No acute rib fracture is identified.",
         "No acute fracture is seen."],
    LL: ["No pulmonary nodule or mass.", "No focal pulmonary nodule is identified.",
         "No lung mass is seen."],
    LO: ["No focal airspace opacity.", "No focal opacity."],
    AT: ["No atelectasis."],
    CO: ["No focal consolidation.", "There is no focal consolidation.", "No consolidation."],
    PE: ["No pleural effusion.", "There is no pleural effusion.", "No effusion."],
    PX: ["No pneumothorax.", "There is no pneumothorax.", "No pneumothorax is seen."],
    ECM: ["The mediastinal contours are normal.", "Mediastinal contours are unremarkable.",
          "The mediastinum is not widened."],
    CM: ["Heart size is normal.", "The heart is normal in size.", "Normal heart size.",
         "The cardiac silhouette is not enlarged."],
}
LUNGS_CLEAR = ["The lungs are clear.", "Lungs are clear.", "The lungs are well expanded and clear.",
               "Clear lungs."]
BONES = ["No acute osseous abnormality.", "Osseous structures are intact.",
         "The visualized bones are intact."]
NORMAL_IMPRESSION = ["No acute cardiopulmonary process.", "No acute cardiopulmonary abnormality.",
                     "No acute intrathoracic process.",
                     "No radiographic evidence of acute cardiopulmonary disease."]
IMP_PRIORITY = [PX, PN, CO, ED, PE, LL, FX, ECM, CM, LO, AT, PO]


def render_report(rng, pl):
    """Returns (findings sentences, impression sentences); each is a list of (text, labels)."""
    st = pl["status"]
    has_comp = pl["has_comp"]
    # positive / uncertain findings ------------------------------------------------
    found: dict[str, Finding] = {}
    for obs in [o for o in OBSERVATIONS if o in st and o not in (SD, NF)]:
        found[obs] = render_observation(rng, obs, st[obs], has_comp, pl)
    primary = None
    if pl["interp"]:
        co_ok = CO in found and found[CO].status == 1
        lo_ok = LO in found and found[LO].status == 1
        primary = CO if co_ok and (any(o == PN for o, _ in pl["interp"]) or not lo_ok) else LO
    interp_where = rng.choice(["findings", "impression", "both"]) if primary else None

    dev_sents, dev_imps, dev_keys = [], [], []
    for dev in pl["devices"]:
        f, imp, mal, dkey = device_sentences(rng, dev, has_comp, pl.get("ptx_side"))
        dev_keys.append((f, imp, mal, dkey))
        dev_sents.append((f, {SD: 1}))
        if imp:
            dev_imps.append(((imp, {SD: 1}), mal))

    def fsent(obs):
        fd = found[obs]
        text, labels = fd.sentence, {obs: fd.status}
        if obs == primary and interp_where in ("findings", "both"):
            phr, lab = interp_phrase(rng, pl["interp"], "findings")
            text = text[:-1] + phr + "."
            labels.update(lab)
        return text, labels

    parenchymal = [o for o in (CO, LO, ED, AT, LL) if o in found]
    pleural = [o for o in (PE, PX, PO) if o in found]
    cardiac = [o for o in (CM, ECM) if o in found]
    used: set[str] = set()
    combo: dict[str, str] = {}  # key_findings items for combined sentences
    lung_s, pleura_s, heart_s, bone_s = [], [], [], []

    # combined sentences
    if (PE in found and AT in found and found[PE].status == 1 and found[AT].status == 1
            and found[PE].change is None and found[AT].change is None
            and found[AT].site and found[PE].site[0] == found[AT].site[0]
            and found[AT].site[1] == "base" and AT != primary and rng.random() < .5):
        adj = "bibasilar" if found[PE].site[0] == "bilateral" else "adjacent basilar"
        combo = {PE: f"{finding_key(found[PE])} w/ {'bibasilar' if adj == 'bibasilar' else 'adj'}"
                     " atx"}
        pleura_s.append((f"{cap(found[PE].core.text)} with {adj} atelectasis.",
                         {PE: 1, AT: 1}))
        used |= {PE, AT}
    if (ED in found and PE in found and PE not in used and found[ED].status == 1
            and found[PE].status == 1 and found[ED].change is None
            and found[PE].change is None and rng.random() < .4):
        lung_s.append((f"{cap(found[ED].core.text)} with {found[PE].core.text}.",
                       {ED: 1, PE: 1}))
        combo[ED] = f"{finding_key(found[ED])} w/ {finding_key(found[PE])}"
        used |= {ED, PE}
    for o in parenchymal:
        if o not in used:
            lung_s.append(fsent(o))
    for o in pleural:
        if o not in used:
            pleura_s.append(fsent(o))
    for o in cardiac:
        heart_s.append(fsent(o))
    if FX in found:
        bone_s.append(fsent(FX))

    # resolved (negative, only with a comparison)
    resolved_imp, resolved_keys = [], []
    for o in pl["resolved"]:
        side = unilateral(rng)
        noun = {PX: f"{side} pneumothorax", PE: f"{side} pleural effusion",
                CO: f"{side} lower lobe consolidation", LO: f"{side} basilar opacity",
                ED: "pulmonary edema"}[o]
        s = rng.choice([f"The previously seen {noun} has resolved.",
                        f"Interval resolution of the {noun}.",
                        f"Resolved {noun}."]) if o != ED else rng.choice(
            ["Pulmonary edema has resolved.", "Interval resolution of pulmonary edema."])
        (pleura_s if o in (PX, PE) else lung_s).append((s, {o: 0}))
        resolved_imp.append((f"Resolved {noun}.", {o: 0}))
        resolved_keys.append({PX: f"{SIDE[side]} PTX", PE: f"{SIDE[side]} eff",
                              CO: f"{SIDE[side]}LL consol", LO: f"{SIDE[side]} basilar opac",
                              ED: "edema"}[o] + " resolved")

    # pertinent negatives ---------------------------------------------------------
    mentioned = set(found) | set(pl["resolved"]) | {o for o, _ in pl["interp"]}
    parench_abn = bool(mentioned & {LO, CO, AT, ED, LL, PN})
    negs = [o for o in (CO, PE, PX, ED, PN, LL, LO, AT, FX, CM, ECM)
            if o not in mentioned and rng.random() < pl["neg_p"][o]]
    if parench_abn:
        negs = [o for o in negs if o not in (LO, PN, AT)]
    if CM in found and ECM in negs and rng.random() < .5:
        negs.remove(ECM)
    # grouped negatives
    lungs_clear_ok = not parench_abn and not (set(found) & {PE, PX})
    lungs_clear = lungs_clear_ok and rng.random() < .75
    if lungs_clear:  # "clear lungs" already says there is no opacity
        negs = [o for o in negs if o not in (LO, AT)]
    if lungs_clear:
        trio = [o for o in (CO, PE, PX) if o in negs]
        if len(trio) >= 2 and rng.random() < .4:
            names = {CO: "focal consolidation", PE: "pleural effusion", PX: "pneumothorax"}
            lst = [names[o] for o in trio]
            tail = lst[0] if len(lst) == 1 else (
                f"{lst[0]} or {lst[1]}" if len(lst) == 2 else f"{lst[0]}, {lst[1]}, or {lst[2]}")
            lung_s.insert(0, (f"{rng.choice(['The lungs are clear', 'Lungs are clear'])} "
                              f"without {tail}.", {o: 0 for o in trio}))
            for o in trio:
                negs.remove(o)
        else:
            lung_s.insert(0, (rng.choice(LUNGS_CLEAR), {}))
    if CO in negs and PE in negs and PX in negs and rng.random() < .6:
        lung_s.append((rng.choice(["No focal consolidation, pleural effusion, or pneumothorax.",
                                   "There is no focal consolidation, pleural effusion, or "
                                   "pneumothorax.",
                                   "No consolidation, effusion, or pneumothorax."]),
                       {CO: 0, PE: 0, PX: 0}))
        for o in (CO, PE, PX):
            negs.remove(o)
    if PE in negs and PX in negs and rng.random() < .75:
        pleura_s.append((rng.choice(["No pleural effusion or pneumothorax.",
                                     "There is no pleural effusion or pneumothorax.",
                                     "No pneumothorax or pleural effusion.",
                                     "No effusion or pneumothorax is seen."]), {PE: 0, PX: 0}))
        negs.remove(PE)
        negs.remove(PX)
    if CM in negs and ECM in negs and rng.random() < .7:
        heart_s.append((rng.choice(["Heart size and mediastinal contours are normal.",
                                    "The cardiac and mediastinal silhouettes are unremarkable.",
                                    "Normal heart size and mediastinal contours.",
                                    "The heart size and mediastinal contours are within normal "
                                    "limits."]), {CM: 0, ECM: 0}))
        negs.remove(CM)
        negs.remove(ECM)
    if ECM in negs and CM not in found and rng.random() < .5:
        heart_s.append((rng.choice(["The cardiomediastinal silhouette is normal.",
                                    "Normal cardiomediastinal silhouette.",
                                    "The cardiomediastinal silhouette is within normal limits."]),
                        {ECM: 0}))
        negs.remove(ECM)
    for o in negs:
        s = (rng.choice(NEG_SENTENCES[o]), {o: 0})
        if o in (PE, PX):
            pleura_s.append(s)
        elif o in (CM, ECM):
            heart_s.append(s)
        elif o == FX:
            bone_s.append(s)
        else:
            lung_s.append(s)
    if FX not in found and FX not in negs and rng.random() < .12:
        bone_s.append((rng.choice(BONES), {}))
    # very short normal findings get a few standard statements
    n_f = len(dev_sents) + len(lung_s) + len(pleura_s) + len(heart_s) + len(bone_s)
    stated = {o for _, lab in dev_sents + lung_s + pleura_s + heart_s + bone_s for o in lab}
    if n_f < 2 and lungs_clear_ok and not lungs_clear:
        lung_s.insert(0, (rng.choice(LUNGS_CLEAR), {}))
        n_f += 1
    if n_f < 2 and not ({PE, PX} & (stated | mentioned)):
        pleura_s.append((rng.choice(["No pleural effusion or pneumothorax.",
                                     "There is no pleural effusion or pneumothorax."]),
                         {PE: 0, PX: 0}))
        n_f += 1
    if n_f < 2 and not ({CM, ECM} & (stated | mentioned)):
        heart_s.append((rng.choice(["Heart size and mediastinal contours are normal.",
                                    "Normal heart size and mediastinal contours."]),
                        {CM: 0, ECM: 0}))

    # assemble with a length cap: positives are kept, negatives dropped first
    if rng.random() < .3:
        order = dev_sents + heart_s + lung_s + pleura_s + bone_s
    else:
        order = dev_sents + lung_s + pleura_s + heart_s + bone_s
    max_s = rng.choice([3, 4, 4, 5, 5, 6, 6])
    findings = list(order)
    # many devices: keep the reports short by listing at most two of them when crowded
    while len(findings) > 6 and sum(1 for t, lab in findings if lab == {SD: 1}) > 2:
        drop = [i for i, (t, lab) in enumerate(findings)
                if lab == {SD: 1} and "recommend" not in t]
        if not drop:
            break
        del findings[drop[-1]]
    while len(findings) > max_s:
        droppable = [i for i, (t, lab) in enumerate(findings)
                     if lab and all(v == 0 for v in lab.values())
                     and not t.startswith(("The previously", "Interval resolution", "Resolved"))]
        if not droppable:
            droppable = [i for i, (t, lab) in enumerate(findings) if not lab]
        if not droppable:
            break
        del findings[droppable[-1] if rng.random() < .6 else rng.choice(droppable)]

    # impression --------------------------------------------------------------------
    imp = []
    mal = [d for d, m in dev_imps if m]
    imp.extend(mal)
    items = [o for o in IMP_PRIORITY if o in found or (o == PN and primary)]
    acute = [o for o in items if not (o == PO or (o == FX and found[FX].kind == "healed"))]
    n_items = rng.choice([1, 2, 2, 3]) - len(mal)
    done: set[str] = set()
    for o in acute:
        if len(done - {PN}) >= max(n_items, 1):
            break
        if o in done:
            continue
        if o == PN or o == primary:
            fd = found[primary]
            if interp_where in ("impression", "both") or o == PN:
                phr, lab = interp_phrase(rng, pl["interp"], "impression")
                pn1 = lab.get(PN) == 1 and rng.random() < .5
                if pn1 and fd.site:
                    imp.append((rng.choice([f"{cap(site_adj(fd.site))} pneumonia.",
                                            f"Findings consistent with {site_adj(fd.site)} "
                                            "pneumonia."]), {PN: 1}))
                else:
                    short = imp_item(rng, fd.core, fd.change, 1, fd.kind)[:-1]
                    imp.append((short + phr + ".", {primary: 1, **lab}))
            else:
                imp.append((imp_item(rng, fd.core, fd.change, 1, fd.kind), {primary: 1}))
            done |= {PN, primary}
            continue
        fd = found[o]
        if o == ED and PE in found and PE not in done and found[PE].status == 1 \
                and fd.status == 1 and rng.random() < .5:
            imp.append((f"{cap(fd.core.text)} and {found[PE].core.text}.", {ED: 1, PE: 1}))
            done |= {ED, PE}
            continue
        if o == ECM and fd.status == 1 and pl["cat"] == "trauma":
            imp.append(("Widened mediastinum; recommend CT angiography of the chest.", {ECM: 1}))
        elif o == CM and fd.status == -1:
            imp.append(("Possible mild cardiomegaly.", {CM: -1}))
        elif o == LL and fd.status == 1 and "mass" in fd.core.text:
            imp.append((f"{cap(fd.core.text)}; recommend chest CT.", {LL: 1}))
        else:
            imp.append((imp_item(rng, fd.core, fd.change, fd.status, fd.kind), {o: fd.status}))
        done.add(o)
    if not acute:
        if resolved_imp and rng.random() < .7:
            imp.append(rng.choice(resolved_imp))
        if dev_imps and not mal and len(imp) < 2 and rng.random() < .5:
            imp.append(rng.choice(dev_imps)[0])
        imp.append((rng.choice(NORMAL_IMPRESSION + (["Normal chest radiograph."]
                                                     if not pl["devices"] and not found else [])),
                    {}))
        if has_comp and not found and len(imp) < 3 and rng.random() < .3:
            imp.append(("No significant interval change.", {}))
        chronic = [o for o in items if o in (PO, FX)]
        if chronic and len(imp) < 3 and rng.random() < .4:
            fd = found[chronic[0]]
            imp.append((imp_item(rng, fd.core, fd.change, fd.status, fd.kind), {chronic[0]: 1}))
    elif len(imp) < 3 and dev_imps and not mal and rng.random() < .25:
        imp.append(rng.choice(dev_imps)[0])

    # key findings (no random draws below) ---------------------------------------------
    texts = {t for t, _ in findings + imp}
    keys = [k for f, i, mal, k in dev_keys if mal and (f in texts or i in texts)]
    in_combo = {AT} if PE in combo else set()
    if ED in combo:
        in_combo.add(PE)
    # the interpretation as actually written (a crowded impression may have dropped it)
    said = {o: s for _, lab in findings + imp for o, s in lab.items()
            if o in (PN, AT) and o not in found}
    for o in IMP_PRIORITY:
        if o not in found or o in in_combo:
            continue
        k = combo.get(o) or finding_key(found[o], said if o == primary else None)
        if any(lab.get(o) for t, lab in findings + imp
               if "recommend chest CT" in t or "consider CT" in t or "chest CT is" in t):
            k += ", rec CT"
        if any(lab.get(o) for t, lab in findings + imp if "CT angiography" in t):
            k += ", rec CTA"
        keys.append(k)
    keys += [k for f, i, mal, k in dev_keys if not mal and (f in texts or i in texts)]
    keys += resolved_keys
    return findings, imp, "; ".join(keys) if keys else "normal"


def labels_of(sentences) -> dict:
    agg: dict[str, list[int]] = collections.defaultdict(list)
    for _, lab in sentences:
        for o, s in lab.items():
            agg[o].append(s)
    out: dict = {o: None for o in OBSERVATIONS}
    for o, v in agg.items():
        if len(set(v)) > 1:
            raise AssertionError(f"conflicting statements for {o}: {sentences}")
        out[o] = v[0]
    if all(out[o] not in (1, -1) for o in OBSERVATIONS if o not in (NF, SD)):
        out[NF] = 1
    return out


def make_row(rng, subject_id: str):
    while True:
        pl = plan_report(rng)
        findings, imp, key = render_report(rng, pl)
        ftxt = " ".join(t for t, _ in findings)
        itxt = " ".join(t for t, _ in imp)
        if len((ftxt + " " + itxt).split()) <= MAX_WORDS:
            break
    labels = labels_of(findings + imp)
    comp = (rng.choice(COMPARISONS).format(t=rng.choice(TIMES)) if pl["has_comp"]
            else rng.choice(NO_COMPARISON))
    view = pl["view"]
    lat = rng.random() < (.85 if view == "PA" else .1)
    row = {"subject_id": subject_id, "View": view,
           "AP": f"{subject_id}_ap.jpg" if view == "AP" else "",
           "PA": f"{subject_id}_pa.jpg" if view == "PA" else "",
           "Lateral": f"{subject_id}_lat.jpg" if lat else "",
           "indication": pl["indication"], "comparison": comp, "key_findings": key,
           "findings": ftxt, "impression": itxt,
           "text": f"FINDINGS: {ftxt} IMPRESSION: {itxt}"}
    for o in OBSERVATIONS:
        row[o] = "" if labels[o] is None else f"{float(labels[o]):.1f}"
    return row


def generate(rng, n, id_rng, id_base, used_ids, exclude_texts, dedupe=True):
    rows, seen = [], set()
    tries = 0
    while len(rows) < n:
        tries += 1
        sid = None
        while sid is None or sid in used_ids:
            sid = f"s{id_base + id_rng.randrange(10_000_000):08d}"
        row = make_row(rng, sid)
        if row["text"] in exclude_texts or (dedupe and row["text"] in seen):
            if tries < n * 50:
                continue
        used_ids.add(sid)
        seen.add(row["text"])
        rows.append(row)
    return rows


def demo_sets(seed: int):
    used: set[str] = set()
    id_rng = random.Random(seed * 7 + 3)
    cal = generate(random.Random(seed * 10 + 1), N_CALIBRATION, id_rng, 50_000_000, used,
                   set(), dedupe=False)
    ev = generate(random.Random(seed * 10 + 2), N_EVAL, id_rng, 50_000_000, used,
                  {r["text"] for r in cal})
    return cal, ev


# ----------------------------------------------------------------------------- writers
def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def write_xlsx(path, rows, sheet="eval"):
    strings: list[str] = []
    index: dict[str, int] = {}

    def sst(s):
        if s not in index:
            index[s] = len(strings)
            strings.append(s)
        return index[s]

    numeric = set(OBSERVATIONS)
    out = io.StringIO()
    ncol = len(COLUMNS)
    out.write('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              f'<dimension ref="A1:{col_letter(ncol - 1)}{len(rows) + 1}"/>'
              '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
              'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
              '<sheetFormatPr defaultRowHeight="15"/><sheetData>')
    for r_i, vals in enumerate([COLUMNS] + [[row[c] for c in COLUMNS] for row in rows], 1):
        out.write(f'<row r="{r_i}">')
        for c_i, v in enumerate(vals):
            ref = f"{col_letter(c_i)}{r_i}"
            if v == "":
                continue
            if r_i > 1 and COLUMNS[c_i] in numeric:
                num = float(v)
                out.write(f'<c r="{ref}"><v>{int(num) if num.is_integer() else num}</v></c>')
            else:
                out.write(f'<c r="{ref}" t="s"><v>{sst(v)}</v></c>')
        out.write("</row>")
    out.write("</sheetData></worksheet>")
    sheet_xml = out.getvalue()
    sst_xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               f'count="{sum(1 for row in rows for c in COLUMNS if row[c] != "" and c not in numeric) + ncol}" '
               f'uniqueCount="{len(strings)}">'
               + "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
               + "</sst>")
    files = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            '</Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
            '</Relationships>',
        "docProps/core.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">'
            '<dc:title>MedAWQ synthetic chest X-ray reports (eval)</dc:title>'
            '<dc:creator>MedAWQ</dc:creator></cp:coreProperties>',
        "docProps/app.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            '<Application>MedAWQ make_report_corpus.py</Application></Properties>',
        "xl/workbook.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            '</Relationships>',
        "xl/styles.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            '</styleSheet>',
        "xl/worksheets/sheet1.xml": sheet_xml,
        "xl/sharedStrings.xml": sst_xml,
    }
    with zipfile.ZipFile(path, "w") as z:
        for name, data in files.items():  # fixed order and timestamps: reproducible bytes
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data.encode("utf-8"))


def counts(rows):
    c = {o: collections.Counter() for o in OBSERVATIONS}
    for r in rows:
        for o in OBSERVATIONS:
            c[o][r[o]] += 1
    return c


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--seed", type=int, default=20261125)
    ap.add_argument("--out", help="folder for calibration.csv, eval.csv, eval.xlsx, prompt.txt")
    ap.add_argument("--train-rows", type=int, default=0)
    ap.add_argument("--train-out", help="CSV path for the training rows")
    ap.add_argument("--train-seed", type=int, help="default: --seed + 1")
    a = ap.parse_args(argv)
    if not a.out and not a.train_out:
        ap.error("give --out and/or --train-out")
    cal, ev = demo_sets(a.seed)
    if a.out:
        os.makedirs(a.out, exist_ok=True)
        write_csv(os.path.join(a.out, "calibration.csv"), cal)
        write_csv(os.path.join(a.out, "eval.csv"), ev)
        write_xlsx(os.path.join(a.out, "eval.xlsx"), ev)
        with open(os.path.join(a.out, "prompt.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write(PROMPT)
        c = counts(ev)
        print(f"wrote {len(cal)} calibration and {len(ev)} eval rows to {a.out}")
        print(f"{'observation':28s} {'pos':>4s} {'neg':>4s} {'unc':>4s} {'absent':>6s}")
        for o in OBSERVATIONS:
            print(f"{o:28s} {c[o]['1.0']:4d} {c[o]['0.0']:4d} {c[o]['-1.0']:4d} {c[o]['']:6d}")
    if a.train_out:
        if a.train_rows <= 0:
            ap.error("--train-out needs --train-rows N")
        tseed = a.train_seed if a.train_seed is not None else a.seed + 1
        used = {r["subject_id"] for r in cal + ev}
        train = generate(random.Random(tseed * 10 + 5), a.train_rows,
                         random.Random(tseed * 7 + 11), 60_000_000, used,
                         {r["text"] for r in ev}, dedupe=False)
        write_csv(a.train_out, train)
        print(f"wrote {len(train)} training rows to {a.train_out} "
              f"(seed {tseed}, no text shared with eval.csv)")


if __name__ == "__main__":
    main()
