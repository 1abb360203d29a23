#include "quant/awq_packing.h"

#include <medawq/errors.h>

namespace medawq {

namespace {
const int64_t kAwqOrder[8] = {0, 2, 4, 6, 1, 3, 5, 7};
const int64_t kAwqInverse[8] = {0, 4, 1, 5, 2, 6, 3, 7};
}  // namespace

at::Tensor packAwq(const at::Tensor& q) {
    TORCH_CHECK(q.dim() == 2 && q.size(1) % 8 == 0, "packAwq needs [K, N] with N % 8 == 0");
    const int64_t k = q.size(0), n = q.size(1);
    at::Tensor codes = q.to(at::kLong).view({k, n / 8, 8});
    at::Tensor order = at::tensor(at::ArrayRef<int64_t>(kAwqOrder, 8), at::TensorOptions().dtype(at::kLong)).to(q.device());
    at::Tensor nibbles = codes.index_select(2, order);  // nibble i <- column ORDER[i]
    at::Tensor shifts = at::arange(0, 32, 4, at::TensorOptions().dtype(at::kLong).device(q.device()));
    at::Tensor words = nibbles.bitwise_and(0xF).bitwise_left_shift(shifts).sum(2);  // fits in 32 bits, as int64
    // Reinterpret the unsigned 32-bit pattern as int32 (many words are negative).
    words = at::where(words >= (int64_t(1) << 31), words - (int64_t(1) << 32), words);
    return words.to(at::kInt);
}

at::Tensor unpackAwq(const at::Tensor& packed) {
    TORCH_CHECK(packed.dim() == 2 && packed.scalar_type() == at::kInt, "unpackAwq needs int32 [K, N/8]");
    at::Tensor shifts = at::arange(0, 32, 4, at::TensorOptions().dtype(at::kInt).device(packed.device()));
    at::Tensor nibbles = packed.unsqueeze(-1).bitwise_right_shift(shifts).bitwise_and(0xF);
    at::Tensor inverse = at::tensor(at::ArrayRef<int64_t>(kAwqInverse, 8), at::TensorOptions().dtype(at::kLong)).to(packed.device());
    return nibbles.index_select(2, inverse).reshape({packed.size(0), packed.size(1) * 8});
}

at::Tensor dequantizeAwqGemm(const at::Tensor& qweight, const at::Tensor& qzeros, const at::Tensor& scales,
                             int64_t groupSize, at::ScalarType dtype) {
    const int64_t k = qweight.size(0), n = qweight.size(1) * 8;
    if (k % groupSize != 0 || qzeros.size(0) != k / groupSize || scales.size(0) != k / groupSize || scales.size(1) != n ||
        qzeros.size(1) * 8 != n)
        throw Error("", "AWQ tensors do not fit together (qweight " + std::to_string(k) + "x" + std::to_string(n / 8) +
                            ", group size " + std::to_string(groupSize) + ")");
    at::Tensor q = unpackAwq(qweight).to(at::kFloat);
    at::Tensor z = unpackAwq(qzeros).to(at::kFloat).repeat_interleave(groupSize, 0);
    at::Tensor s = scales.to(at::kFloat).repeat_interleave(groupSize, 0);
    return ((q - z) * s).t().contiguous().to(dtype);
}

}  // namespace medawq
