// Our phrase tables for the CheXpert-phrase labeler: which words mention which observation, which
// matches are not mentions after all, and the words that state an enlargement.
//
// The idea (a phrase list per observation plus "unmention" phrases) is the CheXpert labeler's; the
// lists are our own, written for the phrasing of chest X-ray reports, in the token syntax of
// chexpert_matcher.h.
#pragma once

#include "eval/chexpert_matcher.h"

#include <medawq/labeler.h>

#include <vector>

namespace medawq::chexpert {

enum MentionFlags : unsigned {
    // The phrase names a structure ("heart size", "cardiomediastinal silhouette"), not a finding:
    // it is a mention only when its clause states a size (enlarged -> positive), normality
    // (normal -> negative) or stability (stable -> uncertain, as CheXpert labels it). "The
    // mediastinum is midline" is no mention at all.
    kStructure = 1u << 0,
    // "chf" / "heart failure": a positive or uncertain one adds an uncertain Cardiomegaly.
    kHeartFailure = 1u << 1,
};

struct MentionPhrase {
    Observation observation;  // NoFinding = another finding that keeps "No Finding" blank
    const char* phrase;
    unsigned flags = 0;
};

struct UnmentionPhrase {
    Observation observation;  // a mention of this observation overlapping the phrase is dropped
    const char* phrase;
};

const std::vector<MentionPhrase>& mentionPhrases();
const std::vector<UnmentionPhrase>& unmentionPhrases();

// Compiled forms (built once, thread-safe): ids index the vectors above.
const PhraseSet& mentionSet();
const PhraseSet& unmentionSet();
// Words that say a structure is enlarged ("enlarged", "widened", "prominent", "borderline" ...).
const PhraseSet& enlargementSet();

}  // namespace medawq::chexpert
