// Folding AWQ scales into the network without changing what it computes (before quantization):
// the op that produces a group's input is divided by s, the group's Linears multiplied by s.
#pragma once

#include "models/decoder_layer.h"

#include <ATen/ATen.h>

namespace medawq {

// Gemma multiplies by (1 + w): w <- (1 + w) / s - 1, in float32; others w <- w / s.
void divideNorm(RmsNorm& norm, const at::Tensor& s);
// The producer's last len(s) output rows (and bias) divided by s.
void divideRows(Linear& producer, const at::Tensor& s);
// The consumer's input columns multiplied by s.
void multiplyColumns(Linear& consumer, const at::Tensor& s);

}  // namespace medawq
