// The measurements behind NeuralEngine's layout and precision choices (docs/neural-engine.md, "Performance"):
// every convolution of the DeepComposer U-Net and critic, as oneDNN runs it when shown channels-last (NHWC)
// tensors, when left to choose its own (blocked) layouts — plus the reorders into and out of them — and in
// bfloat16. Times are thread CPU time (best of 5), so other processes on the machine do not distort them.
//
//   g++ -O2 -std=c++17 benchmarks/onednn/conv_layouts.cpp -o /tmp/conv_layouts -ldnnl
//   OMP_NUM_THREADS=1 /tmp/conv_layouts 1      # batch 1
//   OMP_NUM_THREADS=1 /tmp/conv_layouts 64     # batch 64
#include <dnnl.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <time.h>

using namespace dnnl;
using tag = memory::format_tag;
using dt = memory::data_type;

static engine eng(engine::kind::cpu, 0);
static stream strm(eng);

static double cpu_seconds() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double best_ms(const std::function<void()>& f, int reps) {
    for (int i = 0; i < 2; i++) f();
    double best = 1e30;
    for (int r = 0; r < 5; r++) {
        double t = cpu_seconds();
        for (int i = 0; i < reps; i++) f();
        best = std::min(best, (cpu_seconds() - t) / reps * 1000);
    }
    return best;
}

enum Kind { forward, backward_data, backward_weights };

struct Result { double ms, reorder_ms; const char* impl; };

// One convolution (src n×ci×h×w → dst n×co×oh×ow, kernel k, stride s, padding pl/pr) in one direction.
static Result run(Kind kind, int n, int ci, int h, int w, int co, int k, int s, int pl, int pr, tag fmt, dt type) {
    int oh = (h + pl + pr - k) / s + 1, ow = (w + pl + pr - k) / s + 1;
    memory::dims src{n, ci, h, w}, dst{n, co, oh, ow};
    auto smd = memory::desc(src, type, fmt), dmd = memory::desc(dst, type, fmt);
    auto wmd = memory::desc({co, ci, k, k}, type, tag::any);
    auto fpd = convolution_forward::primitive_desc(
        {prop_kind::forward_training, algorithm::convolution_direct, smd, wmd, dmd, {s, s}, {pl, pl}, {pr, pr}}, eng);
    int reps = n == 1 ? 20 : 2;
    memory nsrc(memory::desc(src, type, tag::nhwc), eng), ndst(memory::desc(dst, type, tag::nhwc), eng);
    auto reorders = [&](memory a, memory b) {  // NHWC → a and b → NHWC, as the engine would do
        if (fmt == tag::nhwc) return 0.0;
        auto r1 = reorder(nsrc, a), r2 = reorder(b, ndst);
        return best_ms([&] { r1.execute(strm, nsrc, a); r2.execute(strm, b, ndst); strm.wait(); }, reps);
    };
    if (kind == forward) {
        memory S(fpd.src_desc(), eng), W(fpd.weights_desc(), eng), D(fpd.dst_desc(), eng);
        auto p = convolution_forward(fpd);
        double t = best_ms([&] { p.execute(strm, {{DNNL_ARG_SRC, S}, {DNNL_ARG_WEIGHTS, W}, {DNNL_ARG_DST, D}}); strm.wait(); }, reps);
        return {t, reorders(S, D), fpd.impl_info_str()};
    }
    if (kind == backward_data) {
        auto pd = convolution_backward_data::primitive_desc(
            {algorithm::convolution_direct, smd, wmd, dmd, {s, s}, {pl, pl}, {pr, pr}}, eng, fpd);
        memory S(pd.diff_src_desc(), eng), W(pd.weights_desc(), eng), D(pd.diff_dst_desc(), eng);
        auto p = convolution_backward_data(pd);
        double t = best_ms([&] { p.execute(strm, {{DNNL_ARG_DIFF_DST, D}, {DNNL_ARG_WEIGHTS, W}, {DNNL_ARG_DIFF_SRC, S}}); strm.wait(); }, reps);
        return {t, reorders(S, D), pd.impl_info_str()};
    }
    auto pd = convolution_backward_weights::primitive_desc(
        {algorithm::convolution_direct, smd, wmd, dmd, {s, s}, {pl, pl}, {pr, pr}}, eng, fpd);
    memory S(pd.src_desc(), eng), W(pd.diff_weights_desc(), eng), D(pd.diff_dst_desc(), eng);
    auto p = convolution_backward_weights(pd);
    double t = best_ms([&] { p.execute(strm, {{DNNL_ARG_SRC, S}, {DNNL_ARG_DIFF_DST, D}, {DNNL_ARG_DIFF_WEIGHTS, W}}); strm.wait(); }, reps);
    return {t, reorders(S, D), pd.impl_info_str()};
}

int main(int argc, char** argv) {
    int n = argc > 1 ? std::atoi(argv[1]) : 1;
    struct Layer { const char* name; int ci, h, w, co, k, s, pl, pr; bool decoder; };
    // Encoder / critic: k4 s2 p1. Fused decoder layers are the convolutions whose data gradient is the layer.
    Layer layers[] = {
        {"critic 5->64", 5, 32, 128, 64, 4, 2, 1, 1, false},  {"enc 64->128", 64, 16, 64, 128, 4, 2, 1, 1, false},
        {"enc 128->256", 128, 8, 32, 256, 4, 2, 1, 1, false}, {"enc 256->512", 256, 4, 16, 512, 4, 2, 1, 1, false},
        {"dec 1024->256", 256, 4, 16, 1024, 5, 2, 2, 1, true}, {"dec 512->128", 128, 8, 32, 512, 5, 2, 2, 1, true},
        {"dec 256->64", 64, 16, 64, 256, 5, 2, 2, 1, true},    {"dec 128->4", 4, 32, 128, 128, 5, 2, 2, 1, true},
    };
    const char* kinds[] = {"forward", "backward data", "backward weights"};
    printf("batch %d, ms of thread CPU time: channels-last | blocked + reorders | bf16 (blocked)\n", n);
    for (int kind = 0; kind < 3; kind++) {
        for (auto& l : layers) {
            if (l.decoder && kind == forward) continue;  // the decoder runs as data gradients (transposed convs)
            auto a = run(Kind(kind), n, l.ci, l.h, l.w, l.co, l.k, l.s, l.pl, l.pr, tag::nhwc, dt::f32);
            auto b = run(Kind(kind), n, l.ci, l.h, l.w, l.co, l.k, l.s, l.pl, l.pr, tag::any, dt::f32);
            printf("%-16s %-14s %8.3f [%s] | %8.3f + %6.3f [%s]", kinds[kind], l.name, a.ms, a.impl, b.ms, b.reorder_ms, b.impl);
            if (kind != backward_weights) {
                auto c = run(Kind(kind), n, l.ci, l.h, l.w, l.co, l.k, l.s, l.pl, l.pr, tag::any, dt::bf16);
                printf(" | %8.3f [%s]", c.ms, c.impl);
            }
            printf("\n");
        }
    }
}
