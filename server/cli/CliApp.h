// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "CliSession.h"
#include "CommandRegistry.h"
#include "LineEditor.h"

#include <QObject>
#include <QJsonObject>
#include <QQueue>

#include <optional>

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
    void registerZoneCommands();
    void connectStream();
    void play(const QString &character, Done done);
    /// False (with an error printed and done(false)) when no character is in the world.
    bool requirePlaying(const Done &done);
    /// The nearest object in view with that name, or the one with that id.
    const QJsonObject *findVisible(const QString &nameOrId, QString *error) const;
    /// Waits for the first stream message the verdict decides on (true ok, false failed), or the timeout.
    void awaitStream(int timeoutMs, std::function<std::optional<bool>(const QJsonObject &)> verdict, Done done,
                     const QString &timeoutText);
    /// POSTs to the zone's HTTP API; errors are printed and fail the command.
    void zoneCall(const QString &path, const QJsonObject &body, Done done,
                  std::function<void(const ServiceResult &)> onSuccess);
    /// Prints something that happened in the world and keeps it for `expect`.
    void live(const QString &line);
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
    QStringList m_liveLines;
    int m_expectFrom = 0;

signals:
    void liveLine();
};

} // namespace smmo::cli
