#include <medawq/model.h>
#include <medawq/safetensors.h>

#include "formats/model_config.h"
#include "models/tensor_io.h"
#include "models/weights.h"
#include "quant/awq_layer.h"

namespace medawq {

void exportDenseWeights(const std::string& directory, const std::string& outputPath) {
    const ModelConfig config = loadModelConfig(directory);
    const Checkpoint checkpoint = Checkpoint::open(directory);
    WeightLoader loader(checkpoint, config, at::Device(at::kCPU), at::kFloat);
    std::vector<TensorSpec> specs;
    std::vector<at::Tensor> data;
    for (int64_t i = 0; i < config.numLayers; ++i) {
        DecoderLayer layer = loader.layer(i);
        for (const std::string& name : layerLinearNames()) {
            at::Tensor w = layerLinear(layer, name).weight.contiguous();
            specs.push_back({loader.layerPrefix(i) + name + ".weight", DType::F32, w.sizes().vec()});
            data.push_back(w);
        }
    }
    SafetensorsWriter writer(outputPath, specs);
    for (const at::Tensor& w : data) writer.write(w.data_ptr(), size_t(w.numel()) * sizeof(float));
    writer.finish();
}

}  // namespace medawq
