// Negation and uncertainty triggers of the CheXpert-phrase labeler, and the words that bound
// their scope.
//
// The original labeler decides negation/uncertainty on a dependency parse with NegBio patterns,
// in three passes: "pre-negation uncertainty" (cannot exclude X, no new X), then negation, then
// uncertainty. Without a parser we keep the three priorities but replace the parse by scopes:
// a trigger reaches the mentions after it (forward), before it (backward) or both, up to a number
// of words, and a scope ends at clause boundaries ("but", "however", "which", ";", a verb, another
// trigger, a comma that starts a new clause). chexpert_labeler.cpp applies them.
#pragma once

#include "eval/chexpert_matcher.h"

#include <string>
#include <vector>

namespace medawq::chexpert {

enum class CueKind {
    None,                 // no effect, scope-transparent ("stable" on a finding, "normal position")
    Block,                // no effect, but ends other triggers' scopes ("no change in")
    PreNegUncertain,      // uncertainty written with negation words: wins over negation
    Negation,
    Uncertain,
};

enum class CueDir {
    Forward,        // mentions after the trigger
    Backward,       // mentions before it ("pneumothorax is not seen")
    Both,
    ForwardFirst,   // forward; backward only when no mention follows in scope ("X may be present"
                    // vs "X may represent Y", where X stays positive)
    Neighbours,     // the nearest mention on each side ("atelectasis versus pneumonia")
};

struct Cue {
    const char* phrase;
    CueKind kind;            // effect on findings
    CueKind structureKind;   // effect on structure mentions (heart size, mediastinal contour)
    CueDir dir;
    int forwardWindow;       // words after the trigger
    int backwardWindow;      // words before it
    bool crossesLists;       // forward scope runs through "a, b, or c" lists
};

const std::vector<Cue>& cues();
const PhraseSet& cueSet();  // ids index cues()

// Scope boundaries, as word sets (see chexpert_cues.cpp for the reasons).
bool isHardStop(const std::string& w);        // ; : but however which ... (both directions)
bool isVerbStop(const std::string& w);        // is, are, has, remains, ... (ends a noun phrase)
bool isNewClauseStart(const std::string& w);  // after "," or "and": the, there, a, small, left ...
bool isLeadingFiller(const std::string& w);   // copulas/adverbs/prepositions right before a backward trigger
bool isConjunction(const std::string& w);     // and, or, nor, ","

}  // namespace medawq::chexpert
