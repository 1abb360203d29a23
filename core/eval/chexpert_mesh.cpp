// IU X-ray (Open-i) MeSH terms -> CheXpert positives, for the labeler's benchmark on real reports
// (medawq label --iu-benchmark). A MeSH cell lists terms separated by ';', each a heading followed
// by '/'-separated qualifiers: "Cardiomegaly/borderline;Pulmonary Atelectasis/base/left".
//
// The mapping (heading, case-insensitive; qualifiers where they decide):
//   normal                                          -> No Finding
//   Cardiomegaly; Cardiac Shadow, Heart, Heart Atria, Heart Ventricles with "enlarged"
//                                                   -> Cardiomegaly
//   Mediastinum with "enlarged", "widened" or "prominent" (not "lymph nodes")
//                                                   -> Enlarged Cardiomediastinum
//   Opacity, Airspace Disease, Infiltrate, Lung Diseases Interstitial; Markings with
//   "interstitial"; Cicatrix (scar) of the lung      -> Lung Opacity   (our tables read "scar" and
//                                                      "interstitial markings" as Lung Opacity)
//   Nodule, Mass, Cavitation (not breast, not calcified) -> Lung Lesion
//   Pulmonary Edema, Edema, Pulmonary Congestion, Heart Failure -> Edema
//   Consolidation -> Consolidation; Pneumonia -> Pneumonia; Pulmonary Atelectasis -> Atelectasis
//   Pneumothorax, Hydropneumothorax, Hemopneumothorax -> Pneumothorax
//   Pleural Effusion, Hydropneumothorax, Hemopneumothorax -> Pleural Effusion
//   Thickening or Cicatrix of the pleura             -> Pleural Other
//   Fractures, Bone                                  -> Fracture
//   Catheters Indwelling, Implanted Medical Device, Medical Device, Tube Inserted, Stents,
//   Surgical Instruments (mostly surgical clips and sternal wires, which our tables count)
//                                                   -> Support Devices
// Everything else (Calcified Granuloma, Spine, Aorta, Emphysema, Scoliosis, Density, Diaphragm,
// Costophrenic Angle, Lung/hypoinflation, "No Indexing", ...) is ignored: it names no CheXpert
// observation. Only positives can be read off MeSH; all other labels stay blank.
#include <medawq/labeler.h>

#include <algorithm>
#include <cctype>

namespace medawq {

namespace {

std::string trimLower(const std::string& s) {
    const size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    const size_t e = s.find_last_not_of(" \t\r\n");
    std::string out = s.substr(b, e - b + 1);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::vector<std::string> splitOn(const std::string& s, char sep) {
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == sep) {
            out.push_back(trimLower(s.substr(start, i - start)));
            start = i + 1;
        }
    }
    return out;
}

}  // namespace

ReportLabels labelsFromMesh(const std::string& mesh) {
    ReportLabels l = blankLabels();
    auto set = [&](Observation o) { l[index(o)] = Label::Positive; };
    for (const std::string& term : splitOn(mesh, ';')) {
        std::vector<std::string> parts = splitOn(term, '/');
        if (parts.empty() || parts[0].empty()) continue;
        const std::string head = parts[0];
        auto has = [&](const char* q) { return std::find(parts.begin() + 1, parts.end(), q) != parts.end(); };
        if (head == "normal") set(Observation::NoFinding);
        else if (head == "cardiomegaly") set(Observation::Cardiomegaly);
        else if ((head == "cardiac shadow" || head == "heart" || head == "heart atria" || head == "heart ventricles") && has("enlarged"))
            set(Observation::Cardiomegaly);
        else if (head == "mediastinum" && !has("lymph nodes") && (has("enlarged") || has("widened") || has("prominent")))
            set(Observation::EnlargedCardiomediastinum);
        else if (head == "opacity" || head == "airspace disease" || head == "infiltrate" || head == "lung diseases, interstitial" ||
                 (head == "markings" && has("interstitial")) || (head == "cicatrix" && has("lung")))
            set(Observation::LungOpacity);
        else if ((head == "nodule" || head == "mass" || head == "cavitation") && !has("breast") && !has("calcified"))
            set(Observation::LungLesion);
        else if (head == "pulmonary edema" || head == "edema" || head == "pulmonary congestion" || head == "heart failure")
            set(Observation::Edema);
        else if (head == "consolidation") set(Observation::Consolidation);
        else if (head == "pneumonia") set(Observation::Pneumonia);
        else if (head == "pulmonary atelectasis" || head == "atelectasis") set(Observation::Atelectasis);
        else if (head == "pneumothorax") set(Observation::Pneumothorax);
        else if (head == "hydropneumothorax" || head == "hemopneumothorax") {
            set(Observation::Pneumothorax);
            set(Observation::PleuralEffusion);
        } else if (head == "pleural effusion") set(Observation::PleuralEffusion);
        else if ((head == "thickening" || head == "cicatrix") && has("pleura")) set(Observation::PleuralOther);
        else if (head == "fractures, bone") set(Observation::Fracture);
        else if (head == "catheters, indwelling" || head == "implanted medical device" || head == "medical device" ||
                 head == "tube, inserted" || head == "stents" || head == "surgical instruments")
            set(Observation::SupportDevices);
    }
    return l;
}

}  // namespace medawq
