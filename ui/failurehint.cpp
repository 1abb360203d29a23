#include "failurehint.h"

#include <QCoreApplication>

namespace medawq::ui {

namespace {
struct FailureHint {
    Q_DECLARE_TR_FUNCTIONS(FailureHint)
};
}  // namespace

QString failureHint(const QString& error) {
    const QString e = error.toLower();
    if (e.contains(QLatin1String("out of memory")) || e.contains(QLatin1String("bad_alloc")) ||
        e.contains(QLatin1String("can't allocate memory")) || e.contains(QLatin1String("cannot allocate memory")))
        return FailureHint::tr("The device ran out of memory. Use fewer calibration samples, a shorter sequence length or fewer "
                  "blocks (Calibration data page), or a device with more memory.");
    if (e.contains(QLatin1String("too little usable text")))
        return FailureHint::tr("Use more samples or a shorter sequence length on the Calibration data page.");
    if (e.contains(QLatin1String("already exists")))
        return FailureHint::tr("Choose another output folder, or tick “Replace an existing folder” on the Quantization settings page.");
    if (e.contains(QLatin1String("no space left")))
        return FailureHint::tr("The disk is full. Free some space, or choose an output folder on another disk.");
    if (e.contains(QLatin1String("nan/inf")))
        return FailureHint::tr("The activations overflowed. Quantize with float32 on the CPU, or bfloat16 on the GPU.");
    if (e.contains(QLatin1String("cuda")))
        return FailureHint::tr("The GPU could not be used. Choose the CPU as the device, or check the GPU driver.");
    if (e.contains(QLatin1String("no column")) || e.contains(QLatin1String("uses {")))
        return FailureHint::tr("Choose the text columns or the prompt template again on the Calibration data page.");
    if (e.contains(QLatin1String("already awq")))
        return FailureHint::tr("Choose the original 16-bit model on the Model page.");
    return FailureHint::tr("The log shows the steps before the failure. “Copy diagnostics” puts the error, the settings and "
              "the log's end on the clipboard for a bug report.");
}

}  // namespace medawq::ui
