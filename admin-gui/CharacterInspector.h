// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QWidget>

class QLabel;
class QTableWidget;

namespace smmo::admin {

/// Shows one character record as the CharServer's `GET /<name>` answers it to an administrator:
/// owner, zone, position, online state, times, stats and inventory.
class CharacterInspector : public QWidget
{
    Q_OBJECT
public:
    explicit CharacterInspector(QWidget *parent = nullptr);

    void setCharacter(const QJsonObject &character);
    void clear();
    const QJsonObject &character() const { return m_character; }
    QString name() const { return m_character.value(QStringLiteral("name")).toString(); }

    /// The text shown for a field: name, owner, zone, position, online, created, last_seen.
    QString fieldText(const QString &field) const;
    QTableWidget *statsTable() const { return m_stats; }
    QTableWidget *inventoryTable() const { return m_inventory; }

    /// A JSON value as the console shows it (numbers without trailing zeros, text as it is).
    static QString valueText(const QJsonValue &value);

private:
    static void fill(QTableWidget *table, const QJsonObject &entries);

    QJsonObject m_character;
    QHash<QString, QLabel *> m_fields;
    QTableWidget *m_stats;
    QTableWidget *m_inventory;
};

} // namespace smmo::admin
