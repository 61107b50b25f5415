// SPDX-License-Identifier: AGPL-3.0-or-later
#include "LineEditor.h"

#include <QDir>
#include <QFileInfo>
#include <QSocketNotifier>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

namespace smmo::cli {

namespace {
// readline is a C library with global state: one editor at a time.
LineEditor *g_editor = nullptr;
QStringList g_candidates;

// While a password is typed nothing of it is drawn.
void hiddenRedisplay()
{
    std::printf("\r\033[K%s", rl_display_prompt ? rl_display_prompt : "");
    std::fflush(stdout);
}
} // namespace

LineEditor::LineEditor(bool interactive, QString historyFile, QObject *parent)
    : QObject(parent), m_interactive(interactive), m_historyFile(std::move(historyFile))
{
    g_editor = this;
    m_notifier = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
    if (m_interactive) {
        rl_attempted_completion_function = &LineEditor::onComplete;
        rl_basic_word_break_characters = const_cast<char *>(" \t\"");
        using_history();
        if (!m_historyFile.isEmpty()) {
            QDir().mkpath(QFileInfo(m_historyFile).absolutePath());
            read_history(QFile::encodeName(m_historyFile).constData());
        }
        rl_callback_handler_install(m_prompt.toLocal8Bit().constData(), &LineEditor::onReadlineLine);
        connect(m_notifier, &QSocketNotifier::activated, this, [] { rl_callback_read_char(); });
    } else {
        connect(m_notifier, &QSocketNotifier::activated, this, &LineEditor::readPlain);
    }
}

LineEditor::~LineEditor()
{
    if (m_interactive) {
        if (!m_paused)
            rl_callback_handler_remove();
        if (!m_historyFile.isEmpty()) {
            write_history(QFile::encodeName(m_historyFile).constData());
            history_truncate_file(QFile::encodeName(m_historyFile).constData(), 1000);
        }
        std::printf("\n");
    }
    g_editor = nullptr;
}

void LineEditor::setPrompt(const QString &prompt)
{
    m_prompt = prompt;
    if (m_interactive && !m_secretDone && !m_paused) {
        rl_set_prompt(prompt.toLocal8Bit().constData());
        rl_redisplay();
    }
}

void LineEditor::print(const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit();
    if (!m_interactive || m_paused) {
        std::fprintf(stdout, "%s\n", bytes.constData());
        std::fflush(stdout);
        return;
    }
    // Clear the line being edited, print, then draw the prompt and the typed text again.
    char *saved = rl_copy_text(0, rl_end);
    const int point = rl_point;
    rl_save_prompt();
    rl_replace_line("", 0);
    rl_redisplay();
    std::fprintf(stdout, "\r\033[K%s\n", bytes.constData());
    rl_restore_prompt();
    rl_replace_line(saved, 0);
    rl_point = point;
    rl_forced_update_display();
    std::free(saved);
}

void LineEditor::readSecret(const QString &prompt, std::function<void(const QString &)> done)
{
    m_secretDone = std::move(done);
    m_secretPrompt = prompt.toLocal8Bit();
    if (m_interactive)
        rl_redisplay_function = hiddenRedisplay;
    setPaused(false);
}

void LineEditor::setPaused(bool paused)
{
    const bool changed = paused != m_paused;
    m_paused = paused;
    m_notifier->setEnabled(!paused && !m_eof);
    if (m_eof)
        m_notifier->setEnabled(false);
    // While a command runs readline is uninstalled, so no prompt shows until it is done; the
    // install draws the prompt again.
    if (m_interactive && changed) {
        if (paused)
            rl_callback_handler_remove();
        else
            rl_callback_handler_install(m_secretDone ? m_secretPrompt.constData() : m_prompt.toLocal8Bit().constData(),
                                        &LineEditor::onReadlineLine);
    }
    if (!paused && !m_interactive)
        drainPlain(); // lines already buffered are handled without waiting for more input
}

void LineEditor::onReadlineLine(char *line)
{
    if (!g_editor)
        return;
    const bool eof = line == nullptr;
    const QString text = eof ? QString() : QString::fromLocal8Bit(line);
    if (line && *line && !g_editor->m_secretDone)
        add_history(line);
    std::free(line);
    g_editor->handleLine(text, eof);
}

void LineEditor::handleLine(const QString &line, bool eof)
{
    if (m_secretDone) {
        auto done = std::move(m_secretDone);
        m_secretDone = nullptr;
        if (m_interactive)
            rl_redisplay_function = rl_redisplay;
        setPaused(true); // the command that asked goes on; the next line waits for it
        done(line);
        return;
    }
    if (eof) {
        m_eof = true;
        m_notifier->setEnabled(false);
        if (!m_finished) {
            m_finished = true;
            emit endOfInput();
        }
        return;
    }
    emit lineEntered(line);
}

void LineEditor::readPlain()
{
    // Called when standard input is readable, so this read does not block.
    char chunk[4096];
    const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (n > 0)
        m_plainBuffer.append(chunk, n);
    else if (n == 0)
        m_eof = true;
    drainPlain();
}

void LineEditor::drainPlain()
{
    // One line at a time: the command it starts pauses the editor until it is done.
    while (!m_paused) {
        const auto newline = m_plainBuffer.indexOf('\n');
        if (newline < 0)
            break;
        const QString line = QString::fromLocal8Bit(m_plainBuffer.left(newline));
        m_plainBuffer.remove(0, newline + 1);
        handleLine(line, false);
    }
    if (m_eof && !m_paused) {
        m_notifier->setEnabled(false);
        if (!m_plainBuffer.isEmpty()) {
            const QString last = QString::fromLocal8Bit(m_plainBuffer);
            m_plainBuffer.clear();
            handleLine(last, false);
            if (m_paused)
                return; // endOfInput follows when that command is done
        }
        handleLine({}, true);
    }
}

char **LineEditor::onComplete(const char *text, int start, int)
{
    rl_attempted_completion_over = 1; // never fall back to file names
    if (!g_editor || !g_editor->m_completer)
        return nullptr;
    const QString before = QString::fromLocal8Bit(rl_line_buffer, start);
    g_candidates.clear();
    const QString word = QString::fromLocal8Bit(text);
    for (const auto &candidate : g_editor->m_completer(before))
        if (candidate.startsWith(word, Qt::CaseInsensitive))
            g_candidates << candidate;
    return rl_completion_matches(text, &LineEditor::completionGenerator);
}

char *LineEditor::completionGenerator(const char *, int state)
{
    if (state >= g_candidates.size())
        return nullptr;
    return strdup(g_candidates.at(state).toLocal8Bit().constData());
}

} // namespace smmo::cli
