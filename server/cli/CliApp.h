// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "CliSession.h"
#include "CommandRegistry.h"
#include "LineEditor.h"

#include <QObject>
#include <QQueue>

namespace smmo {
class Config;
}

namespace smmo::cli {

/// The client prompt: reads commands (typed, piped, or given with -c), runs them one at a time
/// against the cluster, prints one clear line per error, and keeps count of failures so a
/// scripted run can exit non-zero.
class CliApp : public QObject
{
    Q_OBJECT
public:
    CliApp(const Config &config, bool interactive, QObject *parent = nullptr);

    /// Runs the given commands (from -c) instead of reading input; quits when done.
    void runScript(const QStringList &commands);
    /// Reads and runs commands until `quit` or the end of input.
    void runInteractive();
    int failures() const { return m_failures; }

    static void addOptions(Config &config);

private:
    void registerGeneralCommands();
    void registerAccountCommands();
    void execute(const QString &line);
    void next();
    void finish(bool ok);
    void updatePrompt();
    void print(const QString &text) { m_editor.print(text); }
    void printError(const QString &text);
    QStringList completions(const QString &lineBeforeWord) const;
    /// The running command's completion callback, shared by every handler.
    Done done();

    CliSession m_session;
    CommandRegistry m_commands;
    LineEditor m_editor;
    QQueue<QString> m_script;
    bool m_scripted = false;    ///< not typed at a terminal: failures make the exit code non-zero
    bool m_commandMode = false; ///< commands come from -c, not from input
    bool m_busy = false;
    bool m_quitting = false;
    int m_failures = 0;
};

} // namespace smmo::cli
