// MedAWQ error type: every failure a user can cause (bad file, bad flag, bad config) is thrown
// as medawq::Error, whose what() reads "<file>: <problem>" so the CLI and the UI can show it
// as is. The CLI maps it to exit code 2; anything else escaping is a bug.
//
//   try { auto st = medawq::SafetensorsFile::open(path); }
//   catch (const medawq::Error& e) { std::cerr << e.what() << "\n"; return 2; }
#pragma once

#include <stdexcept>
#include <string>

namespace medawq {

class Error : public std::runtime_error {
public:
    // `subject` is the file (or flag, or setting) the problem is about; may be empty.
    Error(std::string subject, const std::string& problem)
        : std::runtime_error(subject.empty() ? problem : subject + ": " + problem),
          m_subject(std::move(subject)), m_problem(problem) {}
    const std::string& subject() const { return m_subject; }
    const std::string& problem() const { return m_problem; }

private:
    std::string m_subject;
    std::string m_problem;
};

// Thrown when a progress or token callback asked to stop: not a failure, the user cancelled.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

}  // namespace medawq
