// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QJsonObject>

class QTableWidget;

namespace smmo::admin {

/// Edits a character's stats as a table of names and values. What it hands back is the change
/// the CharServer merges (`POST /<name>` with `stats`): new and changed entries, and null for
/// removed ones.
class StatsDialog : public QDialog
{
    Q_OBJECT
public:
    StatsDialog(const QString &character, const QJsonObject &stats, QWidget *parent = nullptr);

    QJsonObject changes() const;
    QTableWidget *table() const { return m_table; }

    /// Computes the merge patch from `before` to `after` (null removes a key).
    static QJsonObject diff(const QJsonObject &before, const QJsonObject &after);
    /// A typed value: numbers, true/false and null as JSON, anything else as text.
    static QJsonValue parseValue(const QString &text);
    /// "level: 1 → 5", one line per change, for the confirmation question.
    static QString describe(const QJsonObject &before, const QJsonObject &changes);

private:
    QJsonObject edited() const;
    void addRow(const QString &key, const QString &value);

    QJsonObject m_before;
    QTableWidget *m_table;
};

} // namespace smmo::admin
