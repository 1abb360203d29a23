// Phrase tables of the CheXpert-phrase labeler (see chexpert_phrases.h). Phrase syntax: items
// separated by spaces, alternatives by '|', '*' = word prefix, '?' = optional item.
#include "eval/chexpert_phrases.h"

namespace medawq::chexpert {

namespace {

using O = Observation;

// One block per observation. Where a phrase is broader than the CheXpert labeler's, the comment
// says why; every phrase matches whole words, so "line" never fires inside "midline".
const std::vector<MentionPhrase> kMentions = {
    // Enlarged Cardiomediastinum: the mediastinal outline. Structure words need a stated size.
    {O::EnlargedCardiomediastinum, "mediastinum", kStructure},
    {O::EnlargedCardiomediastinum, "cardiomediastinum", kStructure},
    {O::EnlargedCardiomediastinum, "cardiomediastinal", kStructure},  // "...silhouette", "...contours"
    {O::EnlargedCardiomediastinum, "mediastinal contour*|silhouette*|configuration|width|shadow*|outline*|structures", kStructure},
    {O::EnlargedCardiomediastinum, "pericardial silhouette*", kStructure},
    {O::EnlargedCardiomediastinum, "mediastinal widening|enlargement", 0},
    {O::EnlargedCardiomediastinum, "widened|widening|enlarged superior|upper? mediastinum", 0},
    {O::EnlargedCardiomediastinum, "widening|enlargement|prominence of the superior|upper? mediastinum", 0},

    // Cardiomegaly: the finding itself, or the heart as a structure with a stated size.
    {O::Cardiomegaly, "cardiomegaly", 0},
    {O::Cardiomegaly, "cardiac enlargement", 0},
    {O::Cardiomegaly, "enlarged heart", 0},
    {O::Cardiomegaly, "heart", kStructure},
    {O::Cardiomegaly, "heart size", kStructure},
    {O::Cardiomegaly, "cardiac silhouette*|contour*|shadow*|size|outline*|diameter|borders?", kStructure},
    {O::Cardiomegaly, "cardiac and|, mediastinal", kStructure},  // "cardiac and mediastinal contours"
    {O::Cardiomegaly, "cardiothoracic ratio", kStructure},

    // Lung Opacity.
    {O::LungOpacity, "opacit*"},
    {O::LungOpacity, "opacif*"},  // opacification, opacified
    {O::LungOpacity, "infiltrat*"},
    {O::LungOpacity, "airspace disease|process|opacities"},
    {O::LungOpacity, "air space disease|process"},
    {O::LungOpacity, "increased density|densities|attenuation"},
    {O::LungOpacity, "decreased translucency"},
    {O::LungOpacity, "haziness|haze"},
    {O::LungOpacity, "hazy"},
    {O::LungOpacity, "ground glass"},
    {O::LungOpacity, "reticul*"},  // reticular, reticulation, reticulonodular
    {O::LungOpacity, "interstitial marking*|pattern*|prominence|thickening|disease|lung|changes|process|abnormalit*"},
    {O::LungOpacity, "parenchymal scar*"},
    {O::LungOpacity, "scar|scars|scarring"},
    {O::LungOpacity, "peribronchial thickening|cuffing"},
    {O::LungOpacity, "bronchial wall thickening"},

    // Lung Lesion.
    {O::LungLesion, "nodule|nodules"},
    {O::LungLesion, "nodularity"},
    {O::LungLesion, "nodular density|densities|opacity|opacities|opacification|lesion*|focus|foci"},
    {O::LungLesion, "mass|masses"},
    {O::LungLesion, "lump"},
    {O::LungLesion, "cavitary|cavitating lesion*|mass*|nodule*|opacit*"},
    {O::LungLesion, "cavity|cavitation"},
    {O::LungLesion, "carcinoma"},
    {O::LungLesion, "neoplasm*"},
    {O::LungLesion, "tumor*|tumour*"},
    {O::LungLesion, "malignan*"},
    {O::LungLesion, "lung|pulmonary cancer"},
    {O::LungLesion, "lesion|lesions"},  // lytic/sclerotic/skin lesions are unmentioned below

    // Edema (with CheXpert: heart failure words are Edema and add an uncertain Cardiomegaly).
    {O::Edema, "edema"},
    {O::Edema, "oedema"},
    {O::Edema, "heart failure", kHeartFailure},
    {O::Edema, "congestive heart failure", kHeartFailure},
    {O::Edema, "chf", kHeartFailure},
    {O::Edema, "congest*"},  // congestion, congestive changes
    {O::Edema, "vascular indistinctness"},
    {O::Edema, "indistinct pulmonary? vessels|vascular*|vasculature"},
    {O::Edema, "indistinctness of the? pulmonary? vessels|vasculature"},
    {O::Edema, "vascular prominence|engorgement|redistribution"},
    {O::Edema, "cephalization"},
    {O::Edema, "kerley"},
    {O::Edema, "septal lines"},
    {O::Edema, "fluid|volume overload"},

    // Consolidation.
    {O::Consolidation, "consolidat*"},

    // Pneumonia.
    {O::Pneumonia, "pneumonia*"},
    {O::Pneumonia, "bronchopneumonia"},
    {O::Pneumonia, "pneumonic"},
    {O::Pneumonia, "infection*"},
    {O::Pneumonia, "infectious|infective"},
    {O::Pneumonia, "pneumonitis"},

    // Atelectasis.
    {O::Atelectasis, "atelecta*"},
    {O::Atelectasis, "collaps*"},

    // Pneumothorax.
    {O::Pneumothorax, "pneumothora*"},
    {O::Pneumothorax, "hydropneumothora*"},
    {O::Pneumothorax, "hemopneumothora*"},
    {O::Pneumothorax, "ptx"},

    // Pleural Effusion.
    {O::PleuralEffusion, "effusion|effusions"},
    {O::PleuralEffusion, "pleural fluid"},
    {O::PleuralEffusion, "hydrothorax|hemothorax"},
    {O::PleuralEffusion, "hydropneumothora*"},
    {O::PleuralEffusion, "hemopneumothora*"},
    {O::PleuralEffusion, "fluid in|within|along the right|left? minor|major|horizontal|oblique? fissure*"},
    {O::PleuralEffusion, "fluid tracking in|into|along the right|left? minor|major|horizontal|oblique? fissure*"},
    {O::PleuralEffusion, "loculated fluid"},

    // Pleural Other.
    {O::PleuralOther, "pleural thickening"},
    {O::PleuralOther, "thickened pleura"},
    {O::PleuralOther, "pleural scar*"},
    {O::PleuralOther, "pleural parenchymal scar*"},
    {O::PleuralOther, "pleuroparenchymal scar*"},
    {O::PleuralOther, "pleuro parenchymal scar*"},
    {O::PleuralOther, "pleural plaque*|calcification*|fibrosis|capping"},
    {O::PleuralOther, "apical capping|cap|caps"},
    {O::PleuralOther, "fibrothorax"},
    {O::PleuralOther, "fissural thickening"},
    {O::PleuralOther, "thickened fissure*"},
    {O::PleuralOther, "thickening of|in|along the minor|major|horizontal|oblique? fissure*"},

    // Fracture.
    {O::Fracture, "fractur*"},
    {O::Fracture, "fx"},

    // Support Devices: tubes, lines, catheters, cardiac devices, surgical hardware. Clips and
    // sternotomy wires count (as in MedAWQ's demo data); CheXpert's list has neither.
    {O::SupportDevices, "tube|tubes"},
    {O::SupportDevices, "catheter*"},
    {O::SupportDevices, "line|lines"},  // septal/Kerley/pleural lines are unmentioned below
    {O::SupportDevices, "picc"},
    {O::SupportDevices, "port|ports|portacath|mediport|porta cath"},
    {O::SupportDevices, "port a cath"},
    {O::SupportDevices, "pacemaker*|pacer|pacers"},
    {O::SupportDevices, "icd|aicd"},
    {O::SupportDevices, "defibrillator*"},
    {O::SupportDevices, "leads"},
    {O::SupportDevices, "valve|valves"},
    {O::SupportDevices, "stent*"},
    {O::SupportDevices, "clip|clips"},
    {O::SupportDevices, "wire|wires"},
    {O::SupportDevices, "sternotomy"},
    {O::SupportDevices, "hardware"},
    {O::SupportDevices, "plate|plates|screw|screws"},
    {O::SupportDevices, "prosthe*"},  // prosthesis, prosthetic
    {O::SupportDevices, "shunt|shunts|tubing"},
    {O::SupportDevices, "stimulator*"},
    {O::SupportDevices, "arthroplast*"},
    {O::SupportDevices, "device|devices"},
    {O::SupportDevices, "drain|drains"},
    {O::SupportDevices, "cannula"},
    {O::SupportDevices, "coil|coils"},
    {O::SupportDevices, "electrode*"},
    {O::SupportDevices, "ett|ngt|ogt"},
    {O::SupportDevices, "dobhoff"},
    {O::SupportDevices, "tracheostomy"},
    {O::SupportDevices, "swan ganz"},
    {O::SupportDevices, "impella|lvad|iabp"},
    {O::SupportDevices, "balloon pump"},
    {O::SupportDevices, "ivc filter"},

    // Other findings (CheXpert files them under "No Finding"): positive or uncertain ones keep
    // "No Finding" blank; they are not labels of their own.
    {O::NoFinding, "emphysema*"},
    {O::NoFinding, "emphysematous"},
    {O::NoFinding, "copd"},
    {O::NoFinding, "chronic obstructive"},
    {O::NoFinding, "hyperinflat*|hyperexpan*|hyperaerat*|overinflat*"},
    {O::NoFinding, "bulla|bullae|bullous|bleb|blebs"},
    {O::NoFinding, "scoliosis|kyphosis|kyphotic|kyphoscoliosis"},
    {O::NoFinding, "degenerat*"},
    {O::NoFinding, "spondylosis|osteophyt*|spur|spurs|spurring"},
    {O::NoFinding, "fusion"},
    {O::NoFinding, "atrial|ventricular enlargement"},
    {O::NoFinding, "calcifi*"},
    {O::NoFinding, "atherosclero*"},
    {O::NoFinding, "tortuous|tortuosity|ectasia|ectatic|aneurysm*"},
    {O::NoFinding, "granuloma*"},
    {O::NoFinding, "hernia*"},
    {O::NoFinding, "eventration"},
    {O::NoFinding, "elevat*"},
    {O::NoFinding, "pneumomediastinum|pneumoperitoneum"},
    {O::NoFinding, "free air"},
    {O::NoFinding, "subcutaneous air|gas"},
    {O::NoFinding, "blunt*"},
    {O::NoFinding, "osteopenia|osteoporo*"},
    {O::NoFinding, "bronchiectasis"},
    {O::NoFinding, "fibrosis|fibrotic"},
    {O::NoFinding, "volume loss"},
    {O::NoFinding, "hypertension"},
    {O::NoFinding, "lymphadenopathy|adenopathy"},
    {O::NoFinding, "metasta*"},
    {O::NoFinding, "deformit*"},
    {O::NoFinding, "lucency|lucencies"},
    {O::NoFinding, "cyst|cysts|cystic"},
    {O::NoFinding, "thickening"},
    {O::NoFinding, "aspiration"},
    {O::NoFinding, "contusion*|hematoma*|hemorrhage"},
    {O::NoFinding, "bronchitis|bronchiolitis|asthma"},
    {O::NoFinding, "airway|airways disease"},
    {O::NoFinding, "air trapping"},
    {O::NoFinding, "prominen*"},
    {O::NoFinding, "density|densities"},
    {O::NoFinding, "mastectomy|pneumonectomy|lobectomy"},
    {O::NoFinding, "pectus"},
    {O::NoFinding, "arthritis|arthropathy|arthritic"},
    {O::NoFinding, "dislocat*"},
    {O::NoFinding, "foreign body|bodies"},
    {O::NoFinding, "bullet|bullets|shrapnel"},
    {O::NoFinding, "flatten*"},
    {O::NoFinding, "pericardial effusion*"},
};

const std::vector<UnmentionPhrase> kUnmentions = {
    {O::PleuralEffusion, "pericardial effusion*"},
    {O::PleuralEffusion, "joint effusion*"},
    {O::LungLesion, "calcified nodule*|granuloma*|lesion*"},
    {O::LungLesion, "mass effect"},
    {O::LungLesion, "lytic|sclerotic|blastic|osseous|bone|bony|skin lesion*"},
    {O::LungOpacity, "pleural scar*"},
    {O::LungOpacity, "pleural parenchymal scar*"},
    {O::LungOpacity, "pleuroparenchymal scar*"},
    {O::LungOpacity, "pleuro parenchymal scar*"},
    // An infection of the past is not a pneumonia now: "sequela of prior granulomatous infection".
    {O::Pneumonia, "granulomatous|tuberculous|tuberculosis|fungal|histoplasmosis infection*"},
    {O::Pneumonia, "prior|previous|old|remote|healed|past granulomatous|tuberculous? infection*"},
    {O::Edema, "soft tissue edema"},
    {O::Edema, "subcutaneous edema"},
    {O::Cardiomegaly, "heart failure"},
    {O::Cardiomegaly, "heart border*"},
    {O::Cardiomegaly, "heart valve*"},
    {O::Cardiomegaly, "over|overlying|overlies|behind|projecting|projects the heart"},
    {O::Cardiomegaly, "over|overlying|overlies|behind|projecting|projects over the heart"},
    {O::EnlargedCardiomediastinum, "in|into|over|overlying|overlies|projecting|within the superior|upper|middle|anterior|posterior? mediastinum"},
    {O::SupportDevices, "septal lines"},
    {O::SupportDevices, "breast prosthe*|implant*"},

    {O::SupportDevices, "kerley a|b|c? lines"},
    {O::SupportDevices, "b lines"},
    {O::SupportDevices, "pleural line*"},
    {O::SupportDevices, "skin fold? line*"},
    {O::SupportDevices, "plate like"},  // "plate-like atelectasis"
    {O::SupportDevices, "valve calcification*"},
    {O::SupportDevices, "valvular"},
    {O::SupportDevices, "aortic|mitral|tricuspid|pulmonic valve calcification*"},
};

const std::vector<const char*> kEnlargementWords = {
    "enlarge*", "large", "larger", "increas*", "widen*", "wide", "prominen*", "dilat*",
    "borderline", "globular", "big", "cardiomegaly",
};

template <typename T>
PhraseSet compile(const std::vector<T>& table) {
    PhraseSet set;
    for (size_t i = 0; i < table.size(); ++i) set.add(table[i].phrase, static_cast<int>(i));
    return set;
}

}  // namespace

const std::vector<MentionPhrase>& mentionPhrases() { return kMentions; }
const std::vector<UnmentionPhrase>& unmentionPhrases() { return kUnmentions; }

const PhraseSet& mentionSet() {
    static const PhraseSet set = compile(kMentions);
    return set;
}

const PhraseSet& unmentionSet() {
    static const PhraseSet set = compile(kUnmentions);
    return set;
}

const PhraseSet& enlargementSet() {
    static const PhraseSet set = [] {
        PhraseSet s;
        for (size_t i = 0; i < kEnlargementWords.size(); ++i) s.add(kEnlargementWords[i], static_cast<int>(i));
        return s;
    }();
    return set;
}

}  // namespace medawq::chexpert
