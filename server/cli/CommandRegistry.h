// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace smmo::cli {

/// Called by a command when it has finished: ok false makes a scripted run exit non-zero.
using Done = std::function<void(bool ok)>;
using Handler = std::function<void(const QStringList &args, Done done)>;

/// One command of the prompt, with what `help` says about it.
struct Command
{
    QString name;
    QString usage;   ///< e.g. "login <user> [password]"
    QString summary; ///< one line for `help`
    QString example;
    int minArgs = 0;
    int maxArgs = -1; ///< -1: any number (the rest of the line, e.g. chat text)
    Handler handler;
    QStringList aliases;
};

/// The commands the prompt knows: look-up by name or alias, argument-count checks, help texts,
/// and the names for tab completion.
class CommandRegistry
{
public:
    void add(Command command);
    const Command *find(const QString &name) const;
    QStringList names() const;
    /// `help`: every command with its one-line summary. `help <name>`: usage and example.
    QString helpText() const;
    QString helpText(const QString &name) const;
    /// Splits a line into words, honouring "double quotes" (empty for a blank line).
    static QStringList split(const QString &line);
    /// Splits a line of several commands separated by ';' (as `-c` takes them).
    static QStringList splitCommands(const QString &text);

private:
    QList<Command> m_commands;
};

} // namespace smmo::cli
