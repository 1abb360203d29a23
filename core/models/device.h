// Device and compute-dtype choice for a model run.
#pragma once

#include "formats/model_config.h"

#include <ATen/ATen.h>

#include <string>

namespace medawq {

// "cpu", "cuda", "cuda:N"; a clear Error when CUDA is asked for but absent.
at::Device parseDevice(const std::string& name);
// "auto": float32 on CPU (16-bit matmuls are slow there and the reference is fp32); on CUDA the
// stored 16-bit dtype, except bfloat16 for Gemma 2/3 whose activations overflow float16.
at::ScalarType chooseDtype(const ModelConfig& config, const at::Device& device, const std::string& requested);

}  // namespace medawq
