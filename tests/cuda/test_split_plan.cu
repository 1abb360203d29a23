// The decode GEMVs' split-K plan (gemv::planSplit, host code in core/kernels/gemv_common.cuh),
// compiled with nvcc and run on a machine without a GPU (CI): every slice holds whole loop
// iterations, the slices cover K exactly once, and a split without a cluster or a workspace
// is refused. (The kernels that follow the plan are checked on the GPU box: w4a16_check.)
#include "kernels/gemv_common.cuh"

#include <cstdio>
#include <stdexcept>

using medawq::cuda::gemv::planSplit;
using medawq::cuda::gemv::SplitPlan;

namespace {
int failures = 0;
void expect(bool ok, const char* what, int a = 0, int b = 0, int c = 0) {
    if (!ok) {
        ++failures;
        std::printf("FAIL %s (%d, %d, %d)\n", what, a, b, c);
    }
}
bool refused(int chunks, int requested, int unroll, long long m) {
    try {
        planSplit(chunks, requested, unroll, m, false, "test");
    } catch (const std::runtime_error&) {
        return true;
    }
    return false;
}
}  // namespace

int main() {
    // Mistral-7B's o (K 4096: 64 chunks of 64) and down (K 14336: 224 chunks) at their defaults.
    SplitPlan o = planSplit(64, 8, 4, 1, true, "test");
    expect(o.split == 8 && o.perSlice == 8 && !o.cluster, "64 chunks, split 8");
    SplitPlan down = planSplit(224, 9, 4, 1, true, "test");
    expect(down.split == 8 && down.perSlice == 28, "224 chunks, split 9 becomes 8 slices of 28", down.split, down.perSlice);
    SplitPlan whole = planSplit(64, 0, 4, 1, false, "test");
    expect(whole.split == 1 && whole.perSlice == 64, "no split asked: one slice");
    SplitPlan small = planSplit(5, 3, 4, 1, true, "test");
    expect(small.split == 2 && small.perSlice == 4, "5 chunks, unroll 4: two slices", small.split, small.perSlice);
    // No GPU here, so no clusters: 16 tokens split K through the workspace too.
    expect(!planSplit(64, 8, 4, 16, true, "test").cluster, "no cluster without a GPU");
    expect(refused(64, 8, 4, 1), "split without a workspace is refused");
    expect(refused(64, 8, 4, 16), "split of 16 tokens without a workspace is refused");
    expect(!refused(64, 1, 4, 1), "no split needs no workspace");
    for (int chunks = 1; chunks <= 400; ++chunks)
        for (int requested = 0; requested <= 20; ++requested)
            for (int unroll : {2, 4, 8}) {
                const SplitPlan p = planSplit(chunks, requested, unroll, 1, true, "test");
                expect(p.perSlice % unroll == 0, "slices hold whole iterations", chunks, requested, unroll);
                expect(p.split >= 1 && p.split * p.perSlice >= chunks, "slices cover K", chunks, requested, unroll);
                expect((p.split - 1) * p.perSlice < chunks, "no empty slice", chunks, requested, unroll);
                expect(p.split <= (requested < 1 ? 1 : requested), "never more slices than asked", chunks, requested, unroll);
            }
    std::printf("%s\n", failures ? "split plan: FAILED" : "split plan: all checks passed");
    return failures ? 1 : 0;
}
