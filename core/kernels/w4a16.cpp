#include "kernels/w4a16.h"

#include "quant/awq_packing.h"

#include <medawq/errors.h>

#ifdef MEDAWQ_HAVE_CUDA_KERNELS
#include "kernels/decode_workspace.h"
#include "kernels/w4a16_kernels.h"

#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#endif

namespace medawq {

bool w4a16Supports(int64_t out, int64_t in, int64_t groupSize) {
    return (groupSize == 32 || groupSize == 64 || groupSize == 128) && in > 0 && in % 64 == 0 && in % groupSize == 0 &&
           out > 0 && out % 8 == 0;
}

bool w4a16KernelsBuilt() {
#ifdef MEDAWQ_HAVE_CUDA_KERNELS
    return true;
#else
    return false;
#endif
}

QuantizedWeight packW4A16(const at::Tensor& qweight, const at::Tensor& qzeros, const at::Tensor& scales,
                          int64_t groupSize) {
    const int64_t k = qweight.size(0), n = qweight.size(1) * 8;
    if (!w4a16Supports(n, k, groupSize))
        throw Error("", "the W4A16 layout needs K % 64 == 0 and group size 32/64/128 (got " + std::to_string(n) + "x" +
                            std::to_string(k) + ", group " + std::to_string(groupSize) + ")");
    const int64_t groups = k / groupSize;
    if (qzeros.size(0) != groups || qzeros.size(1) * 8 != n || scales.size(0) != groups || scales.size(1) != n)
        throw Error("", "AWQ tensors do not fit together (qweight " + std::to_string(k) + "x" + std::to_string(n / 8) +
                            ", group size " + std::to_string(groupSize) + ")");
    const int64_t n16 = (n + 15) / 16, npad = n16 * 16, chunks = k / 64;
    auto byteOpts = qweight.options().dtype(at::kByte);

    // Codes [Npad, K] as bytes; index n = 16 tile + 8 hi + r, k = 64 c + 32 h + 8 t + 4 s + 2 b + a.
    at::Tensor q = unpackAwq(qweight).t().to(at::kByte);
    if (npad != n) q = at::cat({q, at::zeros({npad - n, k}, byteOpts)}, 0);
    // -> [tile, c, r, t, h, s, a, b, hi]: (r, t, h, s) is lane*4 + word, (a, b, hi) the nibble index.
    at::Tensor nib = q.view({n16, 2, 8, chunks, 2, 4, 2, 2, 2}).permute({0, 3, 2, 5, 4, 6, 8, 7, 1}).reshape({n16, chunks, 128, 4, 2});
    // Two nibbles a byte (nibble 2j in the low half), then four bytes a little-endian word.
    at::Tensor bytes = nib.select(-1, 0) + nib.select(-1, 1) * 16;  // uint8, <= 255
    at::Tensor weights = at::tensor(std::vector<int64_t>{1, 256, 65536, 16777216}, at::TensorOptions().dtype(at::kLong))
                             .to(qweight.device());
    at::Tensor words = (bytes.to(at::kLong) * weights).sum(-1);
    words = at::where(words >= (int64_t(1) << 31), words - (int64_t(1) << 32), words).to(at::kInt);

    // Per (group, tile): [8 r, 2 hi], so a lane's rows r and r + 8 sit side by side.
    auto regroup = [&](at::Tensor t) {
        if (npad != n) t = at::cat({t, at::zeros({groups, npad - n}, t.options())}, 1);
        return t.view({groups, n16, 2, 8}).permute({0, 1, 3, 2}).contiguous();
    };
    QuantizedWeight w;
    w.tiles = words.contiguous();
    w.scales = regroup(scales.to(at::kHalf));
    w.zeros = regroup(unpackAwq(qzeros).to(at::kByte));
    w.out = n;
    w.in = k;
    w.groupSize = groupSize;
    return w;
}

at::Tensor dequantizeW4A16Reference(const QuantizedWeight& w, at::ScalarType dtype) {
    const int64_t n16 = w.tiles.size(0), chunks = w.tiles.size(1), npad = n16 * 16, k = w.in;
    const int64_t groups = k / w.groupSize;
    at::Tensor shifts = at::arange(0, 32, 4, w.tiles.options());
    at::Tensor nib = w.tiles.unsqueeze(-1).bitwise_right_shift(shifts).bitwise_and(0xF);  // [n16, c, 128, 8]
    // [tile, c, r, t, h, s, a, b, hi] -> [tile, hi, r, c, h, t, s, b, a]
    at::Tensor q = nib.view({n16, chunks, 8, 4, 2, 2, 2, 2, 2}).permute({0, 8, 2, 1, 4, 3, 5, 7, 6}).reshape({npad, k});
    auto rows = [&](const at::Tensor& t) {  // [G, n16, 8, 2] -> [Npad, K]
        return t.permute({0, 1, 3, 2}).reshape({groups, npad}).to(at::kFloat).t().repeat_interleave(w.groupSize, 1);
    };
    at::Tensor dense = (q.to(at::kFloat) - rows(w.zeros)) * rows(w.scales);
    return dense.narrow(0, 0, w.out).contiguous().to(dtype);
}

namespace {

// A packed weight's words as unsigned 32-bit values in int64 (shifts and masks without
// signed overflow), and back.
at::Tensor wordsUnsigned(const at::Tensor& t) { return t.to(at::kLong).bitwise_and(int64_t(0xFFFFFFFF)); }
at::Tensor wordsSigned(const at::Tensor& t) {
    return at::where(t >= (int64_t(1) << 31), t - (int64_t(1) << 32), t).to(at::kInt);
}

}  // namespace

QuantizedWeight interleaveGateUp(const QuantizedWeight& gate, const QuantizedWeight& up) {
    TORCH_CHECK(gate.out == up.out && gate.in == up.in && gate.groupSize == up.groupSize && gate.out % 16 == 0,
                "interleaveGateUp: gate ", gate.out, "x", gate.in, " and up ", up.out, "x", up.in,
                " must have one shape with whole 16-row tiles");
    // New tile 2q + h holds rows 8h..8h+7 of gate tile q as its rows r and of up tile q as its
    // rows r + 8. In a word, nibbles 0, 2, 4, 6 are rows r and 1, 3, 5, 7 rows r + 8 (w4a16.h).
    const int64_t even = 0x0F0F0F0F;
    const at::Tensor g = wordsUnsigned(gate.tiles), u = wordsUnsigned(up.tiles);
    const at::Tensor lowHalves = g.bitwise_and(even) + u.bitwise_and(even) * 16;
    const at::Tensor highHalves = g.div(16, "floor").bitwise_and(even) + u.bitwise_and(even * 16);
    auto pairs = [](const at::Tensor& a, const at::Tensor& b) {  // [G, T, 8, 2] -> [G, 2T, 8, 2]
        std::vector<at::Tensor> halves;
        for (int64_t h = 0; h < 2; ++h) halves.push_back(at::stack({a.select(-1, h), b.select(-1, h)}, -1));
        return at::stack(halves, 2).reshape({a.size(0), 2 * a.size(1), 8, 2});
    };
    QuantizedWeight w;
    w.tiles = wordsSigned(at::stack({lowHalves, highHalves}, 1).reshape({2 * gate.tiles.size(0), gate.tiles.size(1), 128}));
    w.scales = pairs(gate.scales, up.scales);
    w.zeros = pairs(gate.zeros, up.zeros);
    w.out = 2 * gate.out;
    w.in = gate.in;
    w.groupSize = gate.groupSize;
    return w;
}

at::Tensor interleaveGateUp(const at::Tensor& gate, const at::Tensor& up) {
    TORCH_CHECK(gate.sizes() == up.sizes() && gate.size(0) % 8 == 0, "interleaveGateUp: gate ", gate.sizes(), " and up ",
                up.sizes(), " must have one shape with a multiple of 8 rows");
    std::vector<int64_t> blocks = gate.sizes().vec(), out = gate.sizes().vec();
    blocks[0] /= 8;
    blocks.insert(blocks.begin() + 1, 8);
    out[0] *= 2;
    return at::stack({gate.reshape(blocks), up.reshape(blocks)}, 1).reshape(out);
}

std::pair<at::Tensor, at::Tensor> splitGateUp(const at::Tensor& both) {
    std::vector<int64_t> shape = both.sizes().vec();
    const int64_t rows = shape.back();
    TORCH_CHECK(rows % 16 == 0, "splitGateUp: ", rows, " outputs are not blocks of 8 gate and 8 up rows");
    shape.back() = rows / 16;
    shape.push_back(2);
    shape.push_back(8);
    const at::Tensor v = both.view(shape);
    std::vector<int64_t> half = both.sizes().vec();
    half.back() = rows / 2;
    return {v.select(-2, 0).reshape(half), v.select(-2, 1).reshape(half)};
}

#ifdef MEDAWQ_HAVE_CUDA_KERNELS
namespace {

cuda::W4A16Weights view(const QuantizedWeight& w) {
    cuda::W4A16Weights v;
    v.tiles = w.tiles.data_ptr<int32_t>();
    v.scales = reinterpret_cast<const uint16_t*>(w.scales.data_ptr());
    v.zeros = w.zeros.data_ptr<uint8_t>();
    v.n = w.out;
    v.k = w.in;
    v.groupSize = w.groupSize;
    return v;
}

bool kernelDtype(at::ScalarType t, cuda::DType* out) {
    if (t == at::kBFloat16) *out = cuda::DType::BFloat16;
    else if (t == at::kHalf) *out = cuda::DType::Float16;
    else if (t == at::kFloat) *out = cuda::DType::Float32;
    else return false;
    return true;
}

}  // namespace
#endif

at::Tensor dequantizeW4A16(const QuantizedWeight& w, at::ScalarType dtype) {
#ifdef MEDAWQ_HAVE_CUDA_KERNELS
    cuda::DType dt;
    if (w.tiles.is_cuda() && kernelDtype(dtype, &dt)) {
        c10::cuda::CUDAGuard guard(w.tiles.device());
        at::Tensor out = at::empty({w.out, w.in}, w.tiles.options().dtype(dtype));
        cuda::dequantize(dt, view(w), out.data_ptr(), c10::cuda::getCurrentCUDAStream().stream());
        return out;
    }
#endif
    return dequantizeW4A16Reference(w, dtype);
}

namespace w4a16 {

QuantizedWeight rows(const QuantizedWeight& w, int64_t first, int64_t count) {
    TORCH_CHECK(first % 16 == 0 && count > 0 && first + count <= w.out, "W4A16 rows: ", first, "+", count, " of ", w.out,
                " (the first row must start a 16-row tile)");
    const int64_t tiles = (count + 15) / 16;
    QuantizedWeight r;
    r.tiles = w.tiles.narrow(0, first / 16, tiles);
    r.scales = w.scales.narrow(1, first / 16, tiles).contiguous();
    r.zeros = w.zeros.narrow(1, first / 16, tiles).contiguous();
    r.out = count;
    r.in = w.in;
    r.groupSize = w.groupSize;
    return r;
}

// Prefill (or no kernels): the dense weight in x's dtype, then cuBLAS/CPU matmuls. A large
// weight is dequantized a slab of output rows at a time, so the scratch stays under
// maxScratchElements (a fused gate|up of Mistral-7B would otherwise need 235 MB at once); each
// slab's scratch goes back to the caching allocator before the next is made.
at::Tensor prefillLinear(const at::Tensor& x, const QuantizedWeight& w, const at::Tensor& bias, int64_t maxScratchElements) {
    const at::Tensor b = bias.defined() ? bias.to(x.scalar_type()) : bias;
    const int64_t slab = std::max<int64_t>(16, maxScratchElements / w.in / 16 * 16);
    if (w.out <= slab) return at::linear(x, dequantizeW4A16(w, x.scalar_type()), b);
    const at::Tensor x2 = x.reshape({-1, w.in});
    at::Tensor y = at::empty({x2.size(0), w.out}, x.options());
    for (int64_t n0 = 0; n0 < w.out; n0 += slab) {
        const int64_t n = std::min(slab, w.out - n0);
        y.narrow(1, n0, n).copy_(at::linear(x2, dequantizeW4A16(rows(w, n0, n), x.scalar_type()),
                                            b.defined() ? b.narrow(0, n0, n) : b));
    }
    std::vector<int64_t> shape = x.sizes().vec();
    shape.back() = w.out;
    return y.view(shape);
}

at::Tensor pairedPrefill(const at::Tensor& x, const QuantizedWeight& w, const at::Tensor& bias, int64_t maxScratchElements,
                         const std::function<at::Tensor(const at::Tensor&, const at::Tensor&)>& combine) {
    TORCH_CHECK(w.out % 16 == 0, "W4A16 paired prefill: ", w.out, " rows are not whole 16-row tiles of gate and up");
    const at::Tensor b = bias.defined() ? bias.to(x.scalar_type()) : bias;
    const int64_t slab = std::min(w.out, std::max<int64_t>(16, maxScratchElements / w.in / 16 * 16));
    const at::Tensor x2 = x.reshape({-1, w.in});
    at::Tensor y = at::empty({x2.size(0), w.out / 2}, x.options());
    for (int64_t n0 = 0; n0 < w.out; n0 += slab) {
        const int64_t n = std::min(slab, w.out - n0);
        const at::Tensor both =
            at::linear(x2, dequantizeW4A16(rows(w, n0, n), x.scalar_type()), b.defined() ? b.narrow(0, n0, n) : b);
        const auto [gate, up] = splitGateUp(both);
        y.narrow(1, n0 / 2, n / 2).copy_(combine(gate, up));
    }
    std::vector<int64_t> shape = x.sizes().vec();
    shape.back() = w.out / 2;
    return y.view(shape);
}

at::Tensor decodeWith(const at::Tensor& x, const QuantizedWeight& w, const at::Tensor& bias, const GemvLaunch& launch) {
#ifdef MEDAWQ_HAVE_CUDA_KERNELS
    TORCH_CHECK(x.is_cuda() && w.tiles.is_cuda() && x.device() == w.tiles.device(), "W4A16 decode: x and W on one GPU");
    TORCH_CHECK(x.size(-1) == w.in, "W4A16 decode: x has ", x.size(-1), " features, W takes ", w.in);
    cuda::DType dt;
    TORCH_CHECK(kernelDtype(x.scalar_type(), &dt) && dt != cuda::DType::Float32, "W4A16 decode takes bf16 or fp16 x");
    c10::cuda::CUDAGuard guard(x.device());
    at::Tensor x2 = x.reshape({-1, w.in}).contiguous();
    const int64_t m = x2.size(0);
    TORCH_CHECK(m >= 1 && m <= kW4A16DecodeMaxRows, "W4A16 decode takes 1..16 rows, got ", m);
    if (reinterpret_cast<uintptr_t>(x2.data_ptr()) % 16 != 0) x2 = x2.clone();
    at::Tensor b;
    if (bias.defined()) b = bias.to(x.scalar_type()).contiguous();
    const int64_t outs = launch.activation >= 0 ? w.out / 2 : w.out;
    at::Tensor y = at::empty({m, outs}, x.options());
    const cuda::DecodeConfig cfg = withLaunch(cuda::defaultDecodeConfig(w.out, w.in, w.groupSize, m), launch);
    auto [ws, counters] = decodeWorkspace(x.device(), w.out);
    cuda::decode(dt, view(w), x2.data_ptr(), m, b.defined() ? b.data_ptr() : nullptr, y.data_ptr(), ws, counters, cfg,
                 launch.activation, c10::cuda::getCurrentCUDAStream().stream(), launch.norm);
    std::vector<int64_t> shape = x.sizes().vec();
    shape.back() = outs;
    return y.view(shape);
#else
    (void)x, (void)w, (void)bias, (void)launch;
    throw Error("", "this build has no CUDA kernels (MEDAWQ_HAVE_CUDA_KERNELS)");
#endif
}

std::string describeDefault(int64_t out, int64_t in, int64_t groupSize, int64_t m) {
#ifdef MEDAWQ_HAVE_CUDA_KERNELS
    return describe(cuda::defaultDecodeConfig(out, in, groupSize, m));
#else
    (void)out, (void)in, (void)groupSize, (void)m;
    return "none";
#endif
}

}  // namespace w4a16

at::Tensor w4a16Linear(const at::Tensor& x, const QuantizedWeight& w, const at::Tensor& bias) {
    TORCH_CHECK(x.size(-1) == w.in, "linear: input has ", x.size(-1), " features, the layer takes ", w.in);
#ifdef MEDAWQ_HAVE_CUDA_KERNELS
    if (x.is_cuda() && (x.scalar_type() == at::kBFloat16 || x.scalar_type() == at::kHalf)) {
        const int64_t rows = x.numel() / w.in;
        if (rows >= 1 && rows <= kW4A16DecodeMaxRows) return w4a16::decodeWith(x, w, bias, {});
    }
#endif
    return w4a16::prefillLinear(x, w, bias, kPrefillScratchElements);
}

}  // namespace medawq
