// The decode GEMVs' split-K plan (gemv::planSplit, gemv::defaultSplit, gemv::launchShape: host
// code in core/kernels/gemv_common.cuh), compiled with nvcc and run on a machine without a GPU
// (CI): every slice holds whole loop iterations, the slices (inside blocks and over blocks)
// cover K exactly once, every tile gets its warps, and a split without a cluster or a
// workspace is refused. (The kernels that follow the plan are checked on the GPU box: w4a16_check.)
#include "kernels/gemv_common.cuh"

#include <cstdio>
#include <stdexcept>

using medawq::cuda::gemv::planSplit;
using medawq::cuda::gemv::SplitPlan;
using medawq::cuda::gemv::defaultSplit;
using medawq::cuda::gemv::launchShape;

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
        planSplit(chunks, requested, 1, unroll, m, false, "test");
    } catch (const std::runtime_error&) {
        return true;
    }
    return false;
}
}  // namespace

int main() {
    // Mistral-7B's o (K 4096: 64 chunks of 64) and down (K 14336: 224 chunks), split over blocks.
    SplitPlan o = planSplit(64, 8, 1, 4, 1, true, "test");
    expect(o.split == 8 && o.perSlice == 8 && !o.cluster, "64 chunks, split 8");
    SplitPlan down = planSplit(224, 9, 1, 4, 1, true, "test");
    expect(down.split == 8 && down.perSlice == 28, "224 chunks, split 9 becomes 8 slices of 28", down.split, down.perSlice);
    SplitPlan whole = planSplit(64, 0, 1, 4, 1, false, "test");
    expect(whole.split == 1 && whole.perSlice == 64, "no split asked: one slice");
    SplitPlan small = planSplit(5, 3, 1, 4, 1, true, "test");
    expect(small.split == 2 && small.perSlice == 4, "5 chunks, unroll 4: two slices", small.split, small.perSlice);
    // The same splits inside a block need no workspace.
    SplitPlan inBlock = planSplit(224, 1, 8, 4, 1, false, "test");
    expect(inBlock.split == 1 && inBlock.perSlice == 28 && inBlock.warpsPerTile == 8, "224 chunks over 8 warps of a block",
           inBlock.split, inBlock.perSlice);
    // No GPU here, so no clusters: 16 tokens split K through the workspace too.
    expect(!planSplit(64, 8, 1, 4, 16, true, "test").cluster, "no cluster without a GPU");
    expect(refused(64, 8, 4, 1), "split without a workspace is refused");
    expect(refused(64, 8, 4, 16), "split of 16 tokens without a workspace is refused");
    expect(!refused(64, 1, 4, 1), "no split needs no workspace");
    for (int chunks = 1; chunks <= 400; ++chunks)
        for (int requested = 0; requested <= 20; ++requested)
            for (int ks : {1, 2, 4, 8})
                for (int unroll : {2, 4, 8}) {
                    const SplitPlan p = planSplit(chunks, requested, ks, unroll, 1, true, "test");
                    const int slices = p.split * p.warpsPerTile;
                    expect(p.warpsPerTile == ks, "warps per tile kept", chunks, requested, ks);
                    expect(p.perSlice % unroll == 0, "slices hold whole iterations", chunks, requested, unroll);
                    expect(p.split >= 1 && slices * p.perSlice >= chunks, "slices cover K", chunks, requested, unroll);
                    expect((p.split - 1) * p.warpsPerTile * p.perSlice < chunks, "no block without chunks", chunks,
                           requested, unroll);
                    expect(p.split <= (requested < 1 ? 1 : requested), "never more block slices than asked", chunks,
                           requested, unroll);
                    // Every tile has a block and its ks warps.
                    for (int tn : {1, 7, 256, 1792})
                        for (int wpb : {1, 4, 8}) {
                            const auto shape = launchShape(tn, wpb, p);
                            const int warps = int(shape.block.x) / 32, tilesPerBlock = warps / ks;
                            expect(warps % ks == 0 && warps <= 8 && tilesPerBlock >= 1, "whole tiles per block", tn, wpb, ks);
                            expect(int(shape.grid.x) * tilesPerBlock >= tn && int(shape.grid.x - 1) * tilesPerBlock < tn,
                                   "blocks cover the tiles once", tn, wpb, ks);
                            expect(int(shape.grid.y) == p.split, "grid y is the block split", tn, wpb, ks);
                        }
                }
    // The default: Mistral-7B's o and down on 132 SMs split inside blocks (8 warps a tile, no
    // atomics); gate|up (1792 tiles) not at all; a tiny model also over blocks.
    const auto oDefault = defaultSplit(256, 64, 4, 132);
    expect(oDefault.warpsPerTile == 8 && oDefault.splitK == 1, "o: 8 warps a tile", oDefault.warpsPerTile, oDefault.splitK);
    const auto downDefault = defaultSplit(256, 224, 4, 132);
    expect(downDefault.warpsPerTile == 8 && downDefault.splitK == 1, "down: 8 warps a tile, no block split",
           downDefault.warpsPerTile, downDefault.splitK);
    const auto gateUp = defaultSplit(1792, 64, 4, 132);
    expect(gateUp.warpsPerTile == 1 && gateUp.splitK == 1, "gate|up: no split");
    const auto tiny = defaultSplit(16, 16, 2, 132);
    expect(tiny.warpsPerTile == 4 && tiny.splitK == 1, "16 chunks, unroll 2: at most 4 slices of two iterations",
           tiny.warpsPerTile, tiny.splitK);
    const auto few = defaultSplit(16, 256, 4, 132);  // 256 rows, K 16384: 8 warps a tile, then 4 block slices
    expect(few.warpsPerTile == 8 && few.splitK == 4, "few tiles: over blocks too", few.warpsPerTile, few.splitK);
    for (int tn = 1; tn <= 2048; tn += 37)
        for (int chunks : {1, 3, 16, 64, 224, 336})
            for (int unroll : {2, 4}) {
                const auto d = defaultSplit(tn, chunks, unroll, 132);
                expect(d.warpsPerTile >= 1 && d.warpsPerTile <= 8 && (d.warpsPerTile & (d.warpsPerTile - 1)) == 0,
                       "warps per tile a power of two up to 8", tn, chunks, unroll);
                expect(d.splitK >= 1 && d.splitK <= 8, "block split up to a cluster", tn, chunks, unroll);
                expect(d.warpsPerTile * d.splitK == 1 || d.warpsPerTile * d.splitK * 2 * unroll <= 2 * chunks,
                       "slices of about two iterations or more", tn, chunks, unroll);
            }
    std::printf("%s\n", failures ? "split plan: FAILED" : "split plan: all checks passed");
    return failures ? 1 : 0;
}
