// Plain C interface of medawq_spm, the module that wraps sentencepiece.
//
// Why C and a separate module: Debian's libsentencepiece carries its own protobuf, which clashes
// with libtorch's when both sit in one link map (shared/NOTES.md, trap 1). The core never links
// sentencepiece; it dlopen()s this module with RTLD_LOCAL | RTLD_DEEPBIND and calls these
// functions through pointers (core/formats/spm_library.*). Only C types cross the boundary.
//
// Buffers: functions that produce a variable amount of data take (out, capacity) and return the
// size needed; when it exceeds capacity, nothing useful was written and the caller retries with a
// bigger buffer. A negative return means failure; medawq_spm_last_error() says why.
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct medawq_spm medawq_spm;

// NULL on failure (see medawq_spm_last_error). Free with medawq_spm_free.
medawq_spm* medawq_spm_load(const char* path);
void medawq_spm_free(medawq_spm* handle);
// Message of the last failure in this thread; never NULL.
const char* medawq_spm_last_error(void);

// Ids of `text` (UTF-8, `length` bytes), no BOS/EOS. Returns the number of ids.
int medawq_spm_encode(const medawq_spm* handle, const char* text, size_t length, int* out, int capacity);
// UTF-8 text of `ids` (control ids such as <s> and </s> produce nothing). Returns bytes needed.
int medawq_spm_decode(const medawq_spm* handle, const int* ids, int count, char* out, size_t capacity);
// The vocabulary string of `id` (U+2581 marks a space). Returns bytes needed; -1 if out of range.
int medawq_spm_id_to_piece(const medawq_spm* handle, int id, char* out, size_t capacity);
// -1 when `piece` is not in the vocabulary.
int medawq_spm_piece_to_id(const medawq_spm* handle, const char* piece, size_t length);
// 1 for control pieces (<s>, </s>, ...), which decode to nothing.
int medawq_spm_is_control(const medawq_spm* handle, int id);

int medawq_spm_vocab_size(const medawq_spm* handle);
int medawq_spm_bos_id(const medawq_spm* handle);  // -1 when the model has none
int medawq_spm_eos_id(const medawq_spm* handle);
int medawq_spm_unk_id(const medawq_spm* handle);
int medawq_spm_pad_id(const medawq_spm* handle);

#ifdef __cplusplus
}
#endif
