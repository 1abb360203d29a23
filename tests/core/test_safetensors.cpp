// The safetensors layer: round trips through the writers, the exact bytes of the format, and
// every corrupt-file case a download or a bad tool can produce (each must be a medawq::Error
// that names the file, never a crash).
#include "medawq/errors.h"
#include "medawq/safetensors.h"
#include "test_support.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <functional>

#include <unistd.h>

using namespace medawq;

namespace {

const DType kAllDTypes[] = {DType::F64, DType::F32, DType::F16, DType::BF16,
                            DType::I64, DType::I32, DType::I16, DType::I8,
                            DType::U8,  DType::BOOL, DType::F8_E4M3};

QByteArray littleEndian64(uint64_t v) {
    QByteArray bytes(8, '\0');
    for (int i = 0; i < 8; ++i)
        bytes[i] = char((v >> (8 * i)) & 0xff);
    return bytes;
}

// A safetensors file built by hand: length prefix, header text as given, data.
QByteArray handMade(const QByteArray& header, const QByteArray& data = {}) {
    return littleEndian64(uint64_t(header.size())) + header + data;
}

void writeFile(const std::string& path, const QByteArray& bytes) {
    QFile f(QString::fromStdString(path));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

QByteArray readFile(const std::string& path) {
    QFile f(QString::fromStdString(path));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool exists(const std::string& path) { return QFile::exists(QString::fromStdString(path)); }

// what() of the medawq::Error `f` throws; a marker when it throws nothing or something else.
QString errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    } catch (const std::exception& e) {
        return "NOT A medawq::Error: " + QString::fromStdString(e.what());
    }
    return "NO ERROR";
}

// Deterministic, tensor-specific bytes; BOOL gets 0/1 as a real file would.
QByteArray pattern(const TensorSpec& spec, int seed) {
    QByteArray bytes(int(tensorBytes(spec)), '\0');
    for (int i = 0; i < bytes.size(); ++i)
        bytes[i] = spec.dtype == DType::BOOL ? char((i + seed) % 2) : char((i * 31 + seed * 7) & 0xff);
    return bytes;
}

QByteArray viewBytes(const TensorView& v) {
    return QByteArray(static_cast<const char*>(v.data), int(v.nbytes));
}

}  // namespace

class TestSafetensors : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::string path(const QString& name) const { return m_tmp.filePath(name).toStdString(); }
    std::string newDir(const QString& name) const {
        QDir(m_tmp.path()).mkpath(name);
        return path(name);
    }

    // Every dtype at [2, 3], a 0-d scalar, and two empty tensors; names sort in spec order.
    static std::vector<TensorSpec> mixedSpecs() {
        std::vector<TensorSpec> specs;
        int i = 0;
        for (DType d : kAllDTypes)
            specs.push_back({QString("%1_%2").arg(i++, 2, 10, QChar('0')).arg(dtypeName(d)).toStdString(),
                             d, {2, 3}});
        specs.push_back({"20_scalar", DType::F32, {}});
        specs.push_back({"21_empty", DType::BF16, {0, 4}});
        specs.push_back({"22_empty", DType::I8, {3, 0}});
        return specs;
    }

    void checkMixed(const SafetensorsFile& file, const std::vector<TensorSpec>& specs) {
        std::vector<std::string> expectedNames;
        for (const TensorSpec& s : specs)
            expectedNames.push_back(s.name);
        QVERIFY(file.names() == expectedNames);
        for (size_t i = 0; i < specs.size(); ++i) {
            const TensorView v = file.tensor(specs[i].name);
            QCOMPARE(v.name, specs[i].name);
            QVERIFY(v.dtype == specs[i].dtype);
            QVERIFY(v.shape == specs[i].shape);
            QCOMPARE(uint64_t(v.nbytes), tensorBytes(specs[i]));
            QCOMPARE(uint64_t(v.numel()) * dtypeSize(v.dtype), uint64_t(v.nbytes));
            QCOMPARE(viewBytes(v), pattern(specs[i], int(i)));
        }
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void dtypeTable() {
        const size_t sizes[] = {8, 4, 2, 2, 8, 4, 2, 1, 1, 1, 1};
        const char* names[] = {"F64", "F32", "F16", "BF16", "I64", "I32",
                               "I16", "I8",  "U8",  "BOOL", "F8_E4M3"};
        for (size_t i = 0; i < std::size(kAllDTypes); ++i) {
            QCOMPARE(dtypeSize(kAllDTypes[i]), sizes[i]);
            QCOMPARE(dtypeName(kAllDTypes[i]), names[i]);
            QVERIFY(parseDType(names[i], "x.safetensors") == kAllDTypes[i]);
        }
        const QString e = errorOf([] { parseDType("F8_E5M2", "w.safetensors"); });
        QVERIFY2(e.contains("w.safetensors") && e.contains("unknown dtype F8_E5M2"), qPrintable(e));
        const TensorView scalar{"s", DType::F32, {}, nullptr, 4};
        QCOMPARE(scalar.numel(), int64_t(1));
        const TensorView empty{"e", DType::F32, {1LL << 40, 1LL << 40, 0}, nullptr, 0};
        QCOMPARE(empty.numel(), int64_t(0));
    }

    void roundTripEveryDtype() {
        const std::string file = path("mixed.safetensors");
        const auto specs = mixedSpecs();
        {
            SafetensorsWriter w(file, specs, {{"quantization", "awq"}});
            for (size_t i = 0; i < specs.size(); ++i) {
                const QByteArray bytes = pattern(specs[i], int(i));
                w.write(bytes.constData(), size_t(bytes.size()));
            }
            QCOMPARE(w.bytesWritten(), w.totalBytes());
            w.finish();
        }
        QVERIFY(!exists(file + ".part"));
        const auto st = SafetensorsFile::open(file);
        QCOMPARE(st->path(), file);
        QCOMPARE(st->fileSize(), uint64_t(readFile(file).size()));
        QCOMPARE(st->metadata().at("format"), std::string("pt"));
        QCOMPARE(st->metadata().at("quantization"), std::string("awq"));
        QVERIFY(st->contains("20_scalar"));
        QVERIFY(!st->contains("nope"));
        checkMixed(*st, specs);
        const QString e = errorOf([&] { st->tensor("nope"); });
        QVERIFY2(e.contains("mixed.safetensors") && e.contains("no tensor named nope"), qPrintable(e));
        // The writer pads the header so the data region starts 8-byte aligned.
        QCOMPARE(readFile(file).size() % 8, 0);
    }

    void chunkedWrites() {
        const std::string file = path("chunked.safetensors");
        const auto specs = mixedSpecs();
        QByteArray all;
        for (size_t i = 0; i < specs.size(); ++i)
            all += pattern(specs[i], int(i));
        {
            // Odd chunk sizes that straddle tensor boundaries, plus empty writes.
            SafetensorsWriter w(file, specs);
            const int chunks[] = {1, 0, 7, 13, 2, 64, 5};
            int at = 0;
            for (int k = 0; at < all.size(); ++k) {
                const int n = std::min(chunks[k % 7], int(all.size()) - at);
                w.write(all.constData() + at, size_t(n));
                at += n;
            }
            w.finish();
        }
        checkMixed(*SafetensorsFile::open(file), specs);
    }

    void writerRefusesMisuse() {
        const std::string file = path("misuse.safetensors");
        const std::vector<TensorSpec> specs = {{"a", DType::F32, {2}}, {"b", DType::I8, {3}}};
        const char bytes[16] = {};
        {
            SafetensorsWriter w(file, specs);
            QVERIFY(exists(file + ".part"));
            QVERIFY(!exists(file));
            const QString tooMuch = errorOf([&] { w.write(bytes, 12); });
            QVERIFY2(tooMuch.contains("misuse.safetensors") && tooMuch.contains("exceeds"),
                     qPrintable(tooMuch));
            w.write(bytes, 9);   // all of a, 1 of the 3 bytes of b
            const QString shortFinish = errorOf([&] { w.finish(); });
            QVERIFY2(shortFinish.contains("misuse.safetensors") &&
                         shortFinish.contains("tensor b got 1 of its 3 bytes"),
                     qPrintable(shortFinish));
        }
        QVERIFY(!exists(file));
        QVERIFY(!exists(file + ".part"));

        QVERIFY(errorOf([&] { SafetensorsWriter(file, {{"a", DType::F32, {1}}, {"a", DType::F32, {1}}}); })
                    .contains("declared twice"));
        QVERIFY(errorOf([&] { SafetensorsWriter(file, {{"a", DType::F32, {-1}}}); })
                    .contains("negative dimension"));
        QVERIFY(errorOf([&] { SafetensorsWriter(file, {{"a", DType::F32, {1LL << 62, 1LL << 62}}}); })
                    .contains("overflows"));
        QVERIFY(errorOf([&] { SafetensorsWriter(path("no/such/dir/x.safetensors"), {}); })
                    .contains("cannot create"));
        QVERIFY(!exists(file));
    }

    void writerWithoutFinishLeavesNoFile() {
        const std::string file = path("abandoned.safetensors");
        {
            SafetensorsWriter w(file, {{"a", DType::U8, {4}}});
            w.write("abcd", 4);   // complete, but never finished
        }
        QVERIFY(!exists(file));
        QVERIFY(!exists(file + ".part"));
    }

    // The exact bytes of a tiny file, built by hand from the format spec.
    void bytesMatchTheSpec() {
        const std::string file = path("tiny.safetensors");
        const float values[2] = {1.0f, -2.0f};
        {
            SafetensorsWriter w(file, {{"a", DType::F32, {2}}});
            w.write(values, sizeof values);
            w.finish();
        }
        QByteArray header = R"({"__metadata__":{"format":"pt"},"a":{"data_offsets":[0,8],"dtype":"F32","shape":[2]}})";
        while (header.size() % 8)
            header += ' ';   // the format allows trailing spaces; they align the data region
        const QByteArray data("\x00\x00\x80\x3f\x00\x00\x00\xc0", 8);   // 1.0f, -2.0f little-endian
        const QByteArray expected = littleEndian64(uint64_t(header.size())) + header + data;
        QCOMPARE(readFile(file), expected);
        QCOMPARE(readFile(file).left(8), QByteArray("\x58\0\0\0\0\0\0\0", 8));   // 88 = 85 + 3 spaces
    }

    // A file from another writer: keys in another order, no metadata, no padding, and a tensor
    // at an odd offset (readable; alignment is the consumer's concern).
    void readsHandMadeFile() {
        const std::string file = path("handmade.safetensors");
        const QByteArray header =
            R"({"w":{"shape":[1],"dtype":"F32","data_offsets":[1,5]},"b":{"dtype":"U8","shape":[],"data_offsets":[0,1]}})";
        writeFile(file, handMade(header, QByteArray("\x07\x00\x00\x80\x3f", 5)));
        const auto st = SafetensorsFile::open(file);
        QVERIFY(st->metadata().empty());
        QVERIFY((st->names() == std::vector<std::string>{"b", "w"}));
        const TensorView w = st->tensor("w");
        float f;
        std::memcpy(&f, w.data, sizeof f);   // as consumers must: w.data is at an odd address
        QCOMPARE(f, 1.0f);
        QCOMPARE(*static_cast<const unsigned char*>(st->tensor("b").data), (unsigned char)7);
        QCOMPARE(st->tensor("b").numel(), int64_t(1));
    }

    void corruptFiles_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const QByteArray f4("\0\0\0\0", 4);
        QTest::newRow("empty file") << QByteArray() << "too short";
        QTest::newRow("3 bytes") << QByteArray("abc") << "too short";
        QTest::newRow("absurd header length") << littleEndian64(200'000'000) + "{}" << "absurd";
        QTest::newRow("header length 2^64-1") << QByteArray(8, '\xff') << "absurd";
        QTest::newRow("header past end") << littleEndian64(100) + "{}" << "past the end";
        QTest::newRow("not JSON") << handMade("{not json}") << "not valid JSON";
        QTest::newRow("empty header") << handMade("") << "not valid JSON";
        QTest::newRow("not an object") << handMade("[1,2,3]") << "not a JSON object";
        QTest::newRow("entry not an object") << handMade(R"({"a":5})") << "entry is not a JSON object";
        QTest::newRow("missing dtype")
            << handMade(R"({"a":{"shape":[1],"data_offsets":[0,4]}})", f4) << "missing \"dtype\"";
        QTest::newRow("missing shape")
            << handMade(R"({"a":{"dtype":"F32","data_offsets":[0,4]}})", f4) << "missing \"shape\"";
        QTest::newRow("missing data_offsets")
            << handMade(R"({"a":{"dtype":"F32","shape":[1]}})", f4) << "missing \"data_offsets\"";
        QTest::newRow("unknown dtype")
            << handMade(R"({"a":{"dtype":"Q4","shape":[1],"data_offsets":[0,4]}})", f4) << "unknown dtype Q4";
        QTest::newRow("dtype not a string")
            << handMade(R"({"a":{"dtype":4,"shape":[1],"data_offsets":[0,4]}})", f4) << "not a string";
        QTest::newRow("negative dimension")
            << handMade(R"({"a":{"dtype":"F32","shape":[-1,4],"data_offsets":[0,4]}})", f4) << "negative dimension";
        QTest::newRow("fractional dimension")
            << handMade(R"({"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,4]}})", f4) << "not a dimension";
        QTest::newRow("dimension over int64")
            << handMade(R"({"a":{"dtype":"U8","shape":[18446744073709551615],"data_offsets":[0,4]}})", f4)
            << "not a dimension";
        QTest::newRow("shape not a list")
            << handMade(R"({"a":{"dtype":"F32","shape":4,"data_offsets":[0,4]}})", f4) << "not a list";
        QTest::newRow("offsets reversed")
            << handMade(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}})", f4) << "not ordered";
        QTest::newRow("offsets negative")
            << handMade(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}})", f4) << "non-negative";
        QTest::newRow("offsets not a pair")
            << handMade(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}})", f4) << "pair";
        QTest::newRow("offsets outside data")
            << handMade(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", f4) << "outside the data region";
        QTest::newRow("offsets far outside data")
            << handMade(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[18446744073709551611,18446744073709551615]}})", f4)
            << "outside the data region";
        QTest::newRow("overlapping")
            << handMade(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}})",
                        QByteArray(8, '\0'))
            << "overlap";
        QTest::newRow("byte count mismatch")
            << handMade(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})", f4) << "need 8";
        QTest::newRow("shape overflows")
            << handMade(R"({"a":{"dtype":"F32","shape":[4611686018427387904,4611686018427387904],"data_offsets":[0,4]}})", f4)
            << "overflows";
        QTest::newRow("metadata value not a string")
            << handMade(R"({"__metadata__":{"format":1}})") << "value for \"format\" is not a string";
        QTest::newRow("metadata not an object")
            << handMade(R"({"__metadata__":"pt"})") << "__metadata__ is not a JSON object";
    }

    void corruptFiles() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const std::string file = path(QString("corrupt_%1.safetensors").arg(QTest::currentDataTag()).replace(' ', '_'));
        writeFile(file, bytes);
        const QString e = errorOf([&] { SafetensorsFile::open(file); });
        QVERIFY2(e.startsWith(QString::fromStdString(file) + ": "), qPrintable(e));
        QVERIFY2(e.contains(expected), qPrintable(e));
    }

    void missingOrUnreadableFile() {
        const std::string missing = path("missing.safetensors");
        QString e = errorOf([&] { SafetensorsFile::open(missing); });
        QVERIFY2(e.contains("missing.safetensors") && e.contains("not found"), qPrintable(e));
        const std::string dir = newDir("a_folder.safetensors");
        e = errorOf([&] { SafetensorsFile::open(dir); });
        QVERIFY2(e.contains("a_folder.safetensors") && e.contains("folder"), qPrintable(e));
        if (::geteuid() != 0) {   // root reads files whatever their permissions
            const std::string locked = path("locked.safetensors");
            writeFile(locked, handMade("{}"));
            QFile::setPermissions(QString::fromStdString(locked), QFileDevice::Permissions());
            e = errorOf([&] { SafetensorsFile::open(locked); });
            QVERIFY2(e.contains("locked.safetensors") && e.contains("cannot open"), qPrintable(e));
        }
    }

    void singleFileCheckpoint() {
        const std::string dir = path("single");
        const auto specs = mixedSpecs();
        {
            ShardedCheckpointWriter w(dir, specs, {{"note", "x"}});
            QCOMPARE(w.files().size(), size_t(1));
            for (size_t i = 0; i < specs.size(); ++i) {
                const QByteArray b = pattern(specs[i], int(i));
                w.write(b.constData(), size_t(b.size()));
            }
            w.finish();
        }
        QVERIFY(exists(dir + "/model.safetensors"));
        QVERIFY(!exists(dir + "/model.safetensors.index.json"));
        const Checkpoint ckpt = Checkpoint::open(dir);
        QCOMPARE(ckpt.files().size(), size_t(1));
        QCOMPARE(ckpt.totalFileBytes(), uint64_t(readFile(dir + "/model.safetensors").size()));
        QCOMPARE(ckpt.metadata().at("note"), std::string("x"));
        QCOMPARE(ckpt.names().size(), specs.size());
        for (size_t i = 0; i < specs.size(); ++i)
            QCOMPARE(viewBytes(ckpt.tensor(specs[i].name)), pattern(specs[i], int(i)));
        const QString e = errorOf([&] { ckpt.tensor("nope"); });
        QVERIFY2(e.contains("single") && e.contains("no tensor named nope"), qPrintable(e));
        // A .safetensors file may stand in for the folder.
        QCOMPARE(Checkpoint::open(dir + "/model.safetensors").names().size(), specs.size());
    }

    void shardedCheckpoint() {
        const std::string dir = path("sharded");
        std::vector<TensorSpec> specs;
        for (int i = 0; i < 5; ++i)
            specs.push_back({"layer" + std::to_string(i), DType::F32, {4}});   // 16 bytes
        specs.push_back({"big", DType::F32, {10}});                          // 40 > limit: alone
        specs.push_back({"tail", DType::I8, {3}});
        specs.push_back({"empty", DType::F16, {0}});
        QByteArray all;
        for (size_t i = 0; i < specs.size(); ++i)
            all += pattern(specs[i], int(i));
        {
            ShardedCheckpointWriter w(dir, specs, {}, /*maxShardBytes=*/36);
            // layer0+1 | layer2+3 | layer4 | big | tail+empty
            QCOMPARE(w.files().size(), size_t(5));
            for (int at = 0; at < all.size(); at += 11)   // chunks straddle tensors and shards
                w.write(all.constData() + at, size_t(std::min(11, int(all.size()) - at)));
            w.finish();
        }
        for (int i = 1; i <= 5; ++i)
            QVERIFY(exists(dir + QString("/model-%1-of-00005.safetensors").arg(i, 5, 10, QChar('0')).toStdString()));
        QVERIFY(!exists(dir + "/model.safetensors"));
        const QByteArray indexText = readFile(dir + "/model.safetensors.index.json");
        QVERIFY2(indexText.contains("\"total_size\": " + QByteArray::number(all.size())), indexText.constData());
        QVERIFY(indexText.contains("\"big\": \"model-00004-of-00005.safetensors\""));

        const Checkpoint ckpt = Checkpoint::open(dir);
        QCOMPARE(ckpt.files().size(), size_t(5));
        QCOMPARE(ckpt.names().size(), specs.size());
        uint64_t onDisk = 0;
        for (const std::string& f : ckpt.files())
            onDisk += uint64_t(readFile(f).size());
        QCOMPARE(ckpt.totalFileBytes(), onDisk);
        for (size_t i = 0; i < specs.size(); ++i) {
            QVERIFY(ckpt.contains(specs[i].name));
            QCOMPARE(viewBytes(ckpt.tensor(specs[i].name)), pattern(specs[i], int(i)));
        }
        QVERIFY(QString::fromStdString(ckpt.fileOf("big")).endsWith("model-00004-of-00005.safetensors"));
        QCOMPARE(ckpt.metadata().at("format"), std::string("pt"));

        // Saving a single file over it removes the old index and shards.
        {
            ShardedCheckpointWriter w(dir, {{"only", DType::U8, {2}}});
            w.write("hi", 2);
            w.finish();
        }
        QCOMPARE(QDir(QString::fromStdString(dir)).entryList(QDir::Files), QStringList{"model.safetensors"});
        QVERIFY((Checkpoint::open(dir).names() == std::vector<std::string>{"only"}));
    }

    void shardedWriterWithoutFinishLeavesNothing() {
        const std::string dir = path("sharded_abandoned");
        {
            ShardedCheckpointWriter w(dir, {{"a", DType::U8, {4}}, {"b", DType::U8, {4}}, {"c", DType::U8, {4}}},
                                      {}, 4);
            w.write("abcdefgh", 8);   // two shards complete, third never started
            const QString e = errorOf([&] { w.finish(); });
            QVERIFY2(e.contains("model-00003-of-00003.safetensors") && e.contains("tensor c got 0 of its 4"),
                     qPrintable(e));
        }
        QCOMPARE(QDir(QString::fromStdString(dir)).entryList(QDir::Files), QStringList{});
        {
            ShardedCheckpointWriter w(dir, {{"a", DType::U8, {4}}, {"b", DType::U8, {4}}}, {}, 4);
            w.write("abcdef", 6);
        }
        QCOMPARE(QDir(QString::fromStdString(dir)).entryList(QDir::Files), QStringList{});
    }

    void badIndex_data() {
        QTest::addColumn<QByteArray>("index");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("subject");   // the file the error must name
        const QString index = "model.safetensors.index.json";
        QTest::newRow("missing shard") << QByteArray(R"({"weight_map":{"a":"model-00002-of-00002.safetensors"}})")
                                       << "missing" << "model-00002-of-00002.safetensors";
        QTest::newRow("parent dir") << QByteArray(R"({"weight_map":{"a":"../shard.safetensors"}})") << "refused" << index;
        QTest::newRow("absolute") << QByteArray(R"({"weight_map":{"a":"/tmp/shard.safetensors"}})") << "refused" << index;
        QTest::newRow("subfolder") << QByteArray(R"({"weight_map":{"a":"sub/shard.safetensors"}})") << "refused" << index;
        QTest::newRow("absent tensor") << QByteArray(R"({"weight_map":{"a":"shard.safetensors","ghost":"shard.safetensors"}})")
                                       << "tensor ghost listed in" << "shard.safetensors";
        QTest::newRow("not JSON") << QByteArray("{oops") << "not valid JSON" << index;
        QTest::newRow("no weight_map") << QByteArray(R"({"metadata":{}})") << "weight_map" << index;
        QTest::newRow("empty weight_map") << QByteArray(R"({"weight_map":{}})") << "empty" << index;
    }

    void badIndex() {
        QFETCH(QByteArray, index);
        QFETCH(QString, expected);
        QFETCH(QString, subject);
        const std::string dir = newDir(QString("index_%1").arg(QTest::currentDataTag()).replace(' ', '_'));
        {
            SafetensorsWriter w(dir + "/shard.safetensors", {{"a", DType::U8, {1}}});
            w.write("x", 1);
            w.finish();
        }
        // The shard a "../" name would reach: it must not be opened.
        writeFile(m_tmp.filePath("shard.safetensors").toStdString(), readFile(dir + "/shard.safetensors"));
        writeFile(dir + "/model.safetensors.index.json", index);
        const QString e = errorOf([&] { Checkpoint::open(dir); });
        QVERIFY2(e.contains(subject + ": ") && e.contains(expected), qPrintable(e));
    }

    void pickleOnlyFolderRefused() {
        const std::string dir = newDir("pickled");
        writeFile(dir + "/pytorch_model.bin", "PK\x03\x04 not really");
        writeFile(dir + "/config.json", "{}");
        const QString e = errorOf([&] { Checkpoint::open(dir); });
        QVERIFY2(e.startsWith(QString::fromStdString(dir) + ": ") && e.contains("pytorch_model.bin") &&
                     e.contains("pickle") && e.contains("run arbitrary code") &&
                     e.contains("safetensors only") && e.contains("Convert"),
                 qPrintable(e));
        const std::string ptDir = newDir("pickled_pt");
        writeFile(ptDir + "/weights.pth", "x");
        QVERIFY(errorOf([&] { Checkpoint::open(ptDir); }).contains("weights.pth"));
    }

    void emptyOrMissingFolder() {
        const std::string dir = newDir("nothing");
        writeFile(dir + "/config.json", "{}");
        QString e = errorOf([&] { Checkpoint::open(dir); });
        QVERIFY2(e.contains("nothing") && e.contains("no weights found"), qPrintable(e));
        e = errorOf([&] { Checkpoint::open(path("never_made")); });
        QVERIFY2(e.contains("never_made") && e.contains("not found"), qPrintable(e));
    }
};

QTEST_GUILESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"
