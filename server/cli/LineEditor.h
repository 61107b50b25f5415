// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

class QSocketNotifier;

namespace smmo::cli {

/// The prompt's input: GNU readline (line editing, history saved between runs, tab completion)
/// driven from the Qt event loop, so live messages can be printed above the line being typed
/// without breaking it. Without a terminal it reads plain lines from standard input instead.
class LineEditor : public QObject
{
    Q_OBJECT
public:
    using Completer = std::function<QStringList(const QString &lineBeforeWord)>;

    explicit LineEditor(bool interactive, QString historyFile, QObject *parent = nullptr);
    ~LineEditor() override;

    bool isInteractive() const { return m_interactive; }
    void setPrompt(const QString &prompt);
    /// Prints a line above the prompt (or plainly, without a terminal).
    void print(const QString &text);
    /// Candidates for the word under the cursor, given the text before it.
    void setCompleter(Completer completer) { m_completer = std::move(completer); }
    /// Reads the next line without echo (a password); lineEntered is not emitted for it.
    void readSecret(const QString &prompt, std::function<void(const QString &)> done);
    /// Stop (true) or resume reading while a command runs, so lines are handled in order.
    void setPaused(bool paused);

signals:
    void lineEntered(const QString &line);
    void endOfInput();

private:
    static void onReadlineLine(char *line);
    static char **onComplete(const char *text, int start, int end);
    static char *completionGenerator(const char *text, int state);
    void handleLine(const QString &line, bool eof);
    void readPlain();
    void drainPlain();

    bool m_interactive;
    QString m_historyFile;
    QString m_prompt;
    QSocketNotifier *m_notifier = nullptr;
    Completer m_completer;
    std::function<void(const QString &)> m_secretDone;
    QByteArray m_secretPrompt;
    QByteArray m_plainBuffer;
    bool m_paused = false;
    bool m_eof = false;
    bool m_finished = false;
};

} // namespace smmo::cli
