#include "quant/scale_folding.h"

namespace medawq {

void divideNorm(RmsNorm& norm, const at::Tensor& s) {
    // Gemma multiplies by (1 + w): fold as w <- (1 + w) / s - 1, in float32.
    at::Tensor w = norm.weight.to(at::kFloat);
    w = norm.onePlus ? (1.0 + w) / s - 1.0 : w / s;
    norm.weight = w.to(norm.weight.scalar_type());
}

void divideRows(Linear& producer, const at::Tensor& s) {
    // The producer's last len(s) output rows feed the scaled consumer.
    const int64_t n = s.size(0);
    at::Tensor w = producer.weight.to(at::kFloat);
    w.narrow(0, w.size(0) - n, n).div_(s.unsqueeze(1));
    producer.weight = w.to(producer.weight.scalar_type());
    if (producer.bias.defined()) {
        at::Tensor b = producer.bias.to(at::kFloat);
        b.narrow(0, b.size(0) - n, n).div_(s);
        producer.bias = b.to(producer.bias.scalar_type());
    }
}

void multiplyColumns(Linear& consumer, const at::Tensor& s) {
    consumer.weight = (consumer.weight.to(at::kFloat) * s.unsqueeze(0)).to(consumer.weight.scalar_type());
}

}  // namespace medawq
