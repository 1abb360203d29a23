// Trigger table of the CheXpert-phrase labeler (see chexpert_cues.h). Our own list, written after
// the categories of the NegBio patterns the CheXpert labeler uses (not a translation of them).
#include "eval/chexpert_cues.h"

#include <unordered_set>

namespace medawq::chexpert {

namespace {

using K = CueKind;
using D = CueDir;

// Windows: negation lists ("no consolidation, effusion, or pneumothorax") need long forward
// scopes; backward scopes cover a subject noun phrase ("the right-sided pleural effusion is not
// seen"); "normal" reaches a short noun phrase on either side.
constexpr int kList = 16, kBack = 10, kShort = 6;

const std::vector<Cue> kCues = {
    // --- Pre-negation uncertainty: negation words that leave the finding possible ------------
    {"cannot|not exclude|rule", K::PreNegUncertain, K::PreNegUncertain, D::Forward, kList, 0, true},  // "can not", "does not"
    {"difficult|hard to exclude", K::PreNegUncertain, K::PreNegUncertain, D::Both, kList, kBack, true},
    {"cannot|not be|been? entirely|completely|definitely? excluded", K::PreNegUncertain, K::PreNegUncertain, D::Backward, 0, kBack, false},
    {"cannot|not be|been? ruled out", K::PreNegUncertain, K::PreNegUncertain, D::Backward, 0, kBack, false},
    {"not definitely|certainly seen|identified|visualized|excluded", K::PreNegUncertain, K::PreNegUncertain, D::Backward, 0, kBack, false},
    // CheXpert labels "no new X", "no definite X", "no obvious X" uncertain: X may be there, old.
    {"no new", K::PreNegUncertain, K::PreNegUncertain, D::Forward, kList, 0, true},
    {"no|without definite|definitive|obvious|certain", K::PreNegUncertain, K::PreNegUncertain, D::Forward, kList, 0, true},
    {"no evidence to rule out", K::PreNegUncertain, K::PreNegUncertain, D::Forward, kList, 0, true},

    // --- Not negations: "no change in the small effusion" keeps the effusion -------------------
    // On the heart/mediastinum CheXpert reads "no change"/"stable" as uncertain.
    {"no|without interval|significant|appreciable|substantial|definite|acute? change|changes", K::Block, K::Uncertain, D::Both, kShort, kShort, false},
    {"no|without interval|significant|appreciable|substantial? increase|decrease|worsening|progression|improvement|enlargement", K::Block, K::Block, D::Forward, 0, 0, false},
    {"not changed", K::Block, K::Uncertain, D::Backward, 0, kBack, false},
    {"stable|unchanged", K::None, K::Uncertain, D::Both, kShort, kBack, false},
    {"similar to|with prior|previous|the", K::None, K::Uncertain, D::Backward, 0, kBack, false},
    {"partial|partially|incomplete|incompletely|partly resolution|resolved|resolving|cleared|clearing", K::Block, K::Block, D::Forward, 0, 0, false},
    {"near|nearly|almost complete|completely? resolution|resolved", K::Block, K::Block, D::Forward, 0, 0, false},
    {"normal|standard|satisfactory|appropriate|good|expected|unchanged|stable position|positions|location|placement", K::None, K::None, D::Forward, 0, 0, false},
    {"to suggest|indicate|explain|represent", K::None, K::None, D::Forward, 0, 0, false},  // "no opacity to suggest pneumonia"

    // --- Negation ------------------------------------------------------------------------------
    {"no", K::Negation, K::Negation, D::Forward, kList, 0, true},
    {"without", K::Negation, K::Negation, D::Forward, kList, 0, true},
    {"negative for", K::Negation, K::Negation, D::Forward, kList, 0, true},
    {"free|clear of", K::Negation, K::Negation, D::Forward, kList, 0, true},
    {"absence|lack of", K::Negation, K::Negation, D::Forward, kList, 0, true},
    {"nor|neither|none", K::Negation, K::Negation, D::Forward, kList, 0, true},
    {"rather than|instead of", K::Negation, K::Negation, D::Forward, kShort, 0, true},
    {"rule|rules out", K::Negation, K::Negation, D::Forward, kShort, 0, true},
    {"to exclude", K::Negation, K::Negation, D::Forward, kShort, 0, true},
    {"history of", K::Negation, K::Negation, D::Forward, 4, 0, false},
    {"not", K::Negation, K::Negation, D::Forward, 3, 0, false},  // "there is not a pneumothorax"
    {"not appear|appears|seem|seems to be|represent", K::Negation, K::Negation, D::Forward, kShort, 0, true},  // "there is not a pneumothorax"
    {"not significantly|markedly|substantially|appreciably|grossly|clearly|convincingly? seen|identified|visualized|visible|present|evident|appreciated|demonstrated|detected|noted|apparent|observed|enlarged|widened|dilated|increased", K::Negation, K::Negation, D::Backward, 0, kBack, false},
    {"no longer seen|visualized|visible|present|evident|identified|apparent|noted|demonstrated|appreciated", K::Negation, K::Negation, D::Backward, 0, kBack, false},
    {"no longer", K::Negation, K::Negation, D::Forward, kShort, 0, true},
    {"absent", K::Negation, K::Negation, D::Both, 3, kBack, false},
    {"resolved|resolution", K::Negation, K::Negation, D::Both, kShort, kBack, false},
    {"resolution|removal|disappearance|clearing of", K::Negation, K::Negation, D::Forward, kShort, 0, true},
    {"cleared|removed|removal", K::Negation, K::Negation, D::Backward, 0, kBack, false},
    {"excluded", K::Negation, K::Negation, D::Backward, 0, kBack, false},
    {"ruled out", K::Negation, K::Negation, D::Backward, 0, kBack, false},
    {"negative", K::Negation, K::Negation, D::Backward, 0, 4, false},
    // Normal statements ("heart size is normal", "normal cardiomediastinal silhouette").
    {"normal|unremarkable|wnl", K::Negation, K::Negation, D::Both, kShort, kBack, false},
    {"within|at normal limits|limit", K::Negation, K::Negation, D::Backward, 0, kBack, false},
    {"within|at limits|limit of normal", K::Negation, K::Negation, D::Backward, 0, kBack, false},
    {"within|at the? upper limit|limits of|the? normal", K::Negation, K::Negation, D::Backward, 0, kBack, false},
    {"upper|top normal", K::Negation, K::Negation, D::Both, kShort, kBack, false},

    // --- Uncertainty ---------------------------------------------------------------------------
    // "X may represent Y": Y is the hedge, X is seen ("enlarged cardiac silhouette may reflect
    // pericardial effusion" keeps the cardiomegaly positive).
    {"may|might|could|would|possibly|probably|likely represent|represents|reflect|reflects|indicate|indicates|relate|relates", K::Uncertain, K::Uncertain, D::Forward, kList, 0, true},
    {"may|might|could|would|possibly|probably|likely be due|related|secondary", K::Uncertain, K::Uncertain, D::Forward, kList, 0, true},
    {"may|might|could|would", K::Uncertain, K::Uncertain, D::ForwardFirst, kList, 8, true},
    {"possibl*|probabl*|likely|unlikely|presum*|perhaps|conceivabl*", K::Uncertain, K::Uncertain, D::ForwardFirst, kList, 8, true},
    {"most|more|less likely", K::Uncertain, K::Uncertain, D::ForwardFirst, kList, 8, true},
    {"suspect|suspected|suspicious|suspicion", K::Uncertain, K::Uncertain, D::ForwardFirst, kList, 8, true},
    {"question|questionable|questioned|equivocal|indeterminate|uncertain|doubtful", K::Uncertain, K::Uncertain, D::ForwardFirst, kList, 8, true},
    {"concern|concerning|worrisome|worrying", K::Uncertain, K::Uncertain, D::ForwardFirst, kList, 8, true},
    {"suggest|suggests|suggested|suggesting|suggestive|suggestion", K::Uncertain, K::Uncertain, D::ForwardFirst, kList, 8, true},
    {"consider|considered|considering|favor|favored|favors|favoring|favour|favoured|differential", K::Uncertain, K::Uncertain, D::ForwardFirst, kList, 8, true},
    {"can|may be seen with|in", K::Uncertain, K::Uncertain, D::Forward, kList, 0, true},  // "a pattern that can be seen with edema"
    {"evaluation|evaluate|assessment|assess for", K::Uncertain, K::Uncertain, D::Forward, 4, 0, false},  // "evaluation for pneumothorax is limited"
    {"versus|vs", K::Uncertain, K::Uncertain, D::Neighbours, 5, 5, false},
    {"and / or", K::Uncertain, K::Uncertain, D::Neighbours, 5, 5, false},
};

// Clause boundaries: nothing negated or hedged before them reaches after them, or back.
const std::unordered_set<std::string> kHardStops = {
    ";", ":", "(", ")", "but", "however", "although", "though", "which", "whereas", "while",
    "except", "otherwise", "aside", "apart", "besides", "nevertheless", "yet", "with", "who",
    "where", "because", "since", "given", "there", "then", "also", "additionally",
};

// Finite verbs end the noun phrase a trigger talks about: "no effusion is seen and the heart
// is enlarged" must not negate the heart.
const std::unordered_set<std::string> kVerbStops = {
    "is", "are", "was", "were", "has", "have", "had", "remains", "remain", "persists", "persist",
    "appears", "appear", "seems", "seem", "demonstrates", "demonstrate", "shows", "show",
    "reveals", "reveal", "measures", "measure", "terminates", "terminate", "projects", "project",
    "overlies", "extends", "seen", "noted", "identified", "present", "demonstrated",
};

// After a comma or "and", these start a new statement: "no pneumothorax, small left effusion",
// "no effusion and the heart is enlarged".
const std::unordered_set<std::string> kNewClause = {
    "the", "there", "a", "an", "this", "these", "that", "it", "its", "small", "moderate", "large",
    "mild", "mildly", "severe", "trace", "minimal", "tiny", "new", "increased", "increasing",
    "worsening", "persistent", "stable", "unchanged", "improved", "improving", "decreased",
    "right", "left", "bilateral", "bibasilar", "interval", "possible", "likely", "probable",
};

// Words between a mention and a backward trigger that do not end its scope: "the heart is now
// within normal limits", "the effusion has been removed", "size is at the upper limits of normal".
const std::unordered_set<std::string> kLeadingFiller = {
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "now", "also",
    "again", "still", "remains", "remain", "appears", "appear", "appearing", "seems", "seem", "to",
    "currently", "essentially", "overall", "otherwise", "at", "the", "in", "of", "within", "and",
    "both", "all", "each", "entirely", "completely", "fully", "totally", "can", "could", "may",
    "might", "cannot", "does", "do", "did", "definitely",
};

const std::unordered_set<std::string> kConjunctions = {"and", "or", "nor", ","};

}  // namespace

const std::vector<Cue>& cues() { return kCues; }

const PhraseSet& cueSet() {
    static const PhraseSet set = [] {
        PhraseSet s;
        for (size_t i = 0; i < kCues.size(); ++i) s.add(kCues[i].phrase, static_cast<int>(i));
        return s;
    }();
    return set;
}

bool isHardStop(const std::string& w) { return kHardStops.count(w) > 0; }
bool isVerbStop(const std::string& w) { return kVerbStops.count(w) > 0; }
bool isNewClauseStart(const std::string& w) { return kNewClause.count(w) > 0; }
bool isLeadingFiller(const std::string& w) { return kLeadingFiller.count(w) > 0; }
bool isConjunction(const std::string& w) { return kConjunctions.count(w) > 0; }

}  // namespace medawq::chexpert
