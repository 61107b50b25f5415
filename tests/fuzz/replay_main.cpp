// SPDX-License-Identifier: AGPL-3.0-or-later
// The regression half of a fuzz target: in the normal build (any compiler, no libFuzzer) the
// target's LLVMFuzzerTestOneInput is linked with this main(), which feeds it every file of the
// directories and files on its command line: the saved corpus and the reproducers of everything
// fuzzing ever found. CTest runs it, so `make test` replays them all.
#include <QByteArray>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <algorithm>
#include <cstdint>
#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    QStringList files;
    for (int i = 1; i < argc; ++i) {
        const QString path = QString::fromLocal8Bit(argv[i]);
        if (QFileInfo(path).isDir()) {
            QDirIterator it(path, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext())
                files.append(it.next());
        } else if (QFileInfo(path).isFile()) {
            files.append(path);
        }
    }
    std::sort(files.begin(), files.end());
    if (files.isEmpty()) {
        std::fprintf(stderr, "replay: no inputs found in the paths given\n");
        return 1; // a missing corpus is a broken setup, not a pass
    }
    for (const QString &path : files) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "replay: cannot read %s\n", qPrintable(path));
            return 1;
        }
        const QByteArray input = file.readAll();
        std::fprintf(stderr, "replay: %s (%lld bytes)\n", qPrintable(path), qint64(input.size()));
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(input.constData()), size_t(input.size()));
    }
    std::printf("replayed %lld inputs\n", qint64(files.size()));
    return 0;
}
