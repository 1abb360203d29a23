// Outputs are written into a hidden temporary folder beside the destination and renamed into
// place only when complete; if the job fails or is cancelled, the temporary folder is removed
// and the destination (and any earlier run there) is left untouched.
#pragma once

#include <string>

namespace medawq {

class OutputFolder {
public:
    // Throws Error when `destination` exists and overwrite is false.
    OutputFolder(const std::string& destination, bool overwrite);
    ~OutputFolder();  // removes the temporary folder unless commit() succeeded
    const std::string& path() const { return m_temp; }
    void commit();    // rename into place (replacing the old folder when overwriting)

private:
    std::string m_destination;
    std::string m_temp;
    bool m_overwrite;
    bool m_committed = false;
};

}  // namespace medawq
