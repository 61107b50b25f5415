// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QCoreApplication>

#include <csignal>
#include <cstdio>
#include <cstdlib>

// The application object of a fuzz target whose code needs one (sockets, an event loop, the
// JavaScript engine), made once from LLVMFuzzerInitialize. Logging is dropped except fatal
// messages: the code under test logs often and the fuzzer needs speed. SIGPIPE is ignored as in
// the servers. `cleanup` runs while the application still exists (a static harness would be
// destroyed after it).
inline void startFuzzApplication(int *argc, char ***argv, void (*cleanup)())
{
    static QCoreApplication app(*argc, *argv);
    std::signal(SIGPIPE, SIG_IGN);
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &message) {
        if (type == QtFatalMsg) {
            std::fprintf(stderr, "%s\n", qPrintable(message));
            std::abort();
        }
    });
    qAddPostRoutine(cleanup);
}
