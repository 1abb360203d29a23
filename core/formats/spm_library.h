// Finds and dlopen()s the medawq_spm module (core/spm/spm_shim.h) once per process.
// Search order: $MEDAWQ_SPM_LIBRARY, <exe dir>/../lib/medawq/, <core library dir>/medawq/,
// then the build tree (MEDAWQ_SPM_BUILD_PATH). Throws medawq::Error listing every path tried.
#pragma once

#include "spm/spm_shim.h"

namespace medawq {

struct SpmFunctions {
    decltype(&medawq_spm_load) load;
    decltype(&medawq_spm_free) free;
    decltype(&medawq_spm_last_error) lastError;
    decltype(&medawq_spm_encode) encode;
    decltype(&medawq_spm_decode) decode;
    decltype(&medawq_spm_id_to_piece) idToPiece;
    decltype(&medawq_spm_piece_to_id) pieceToId;
    decltype(&medawq_spm_is_control) isControl;
    decltype(&medawq_spm_vocab_size) vocabSize;
    decltype(&medawq_spm_bos_id) bosId;
    decltype(&medawq_spm_eos_id) eosId;
    decltype(&medawq_spm_unk_id) unkId;
    decltype(&medawq_spm_pad_id) padId;
};

// The loaded module's functions; the module stays loaded for the life of the process.
const SpmFunctions& spmLibrary();

}  // namespace medawq
