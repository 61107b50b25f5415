// SPDX-License-Identifier: AGPL-3.0-or-later
#include "StatsDialog.h"

#include "CharacterInspector.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace smmo::admin {

StatsDialog::StatsDialog(const QString &character, const QJsonObject &stats, QWidget *parent)
    : QDialog(parent), m_before(stats), m_table(new QTableWidget(0, 2, this))
{
    setWindowTitle(tr("Edit stats of %1").arg(character));
    m_table->setHorizontalHeaderLabels({tr("Stat"), tr("Value")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    // Numbers in plain C notation (no group separators), so that editing "4.120" in German does
    // not become 4.12; typed numbers may use the locale's decimal comma.
    for (auto it = stats.begin(); it != stats.end(); ++it)
        addRow(it.key(), it->isDouble() ? QString::number(it->toDouble(), 'g', 15)
                                        : CharacterInspector::valueText(*it));

    auto *add = new QPushButton(tr("&Add stat"), this);
    auto *remove = new QPushButton(tr("&Remove stat"), this);
    connect(add, &QPushButton::clicked, this, [this] {
        addRow(QString(), QStringLiteral("0"));
        m_table->editItem(m_table->item(m_table->rowCount() - 1, 0));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
    });
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->addButton(add, QDialogButtonBox::ActionRole);
    buttons->addButton(remove, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    auto *hint =
        new QLabel(tr("Numbers, true, false and null are stored as such; anything else as text."), this);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(420, 360);
}

void StatsDialog::addRow(const QString &key, const QString &value)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(key));
    m_table->setItem(row, 1, new QTableWidgetItem(value));
}

QJsonObject StatsDialog::edited() const
{
    QJsonObject after;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QTableWidgetItem *key = m_table->item(row, 0);
        const QTableWidgetItem *value = m_table->item(row, 1);
        if (!key || key->text().trimmed().isEmpty())
            continue;
        after.insert(key->text().trimmed(), parseValue(value ? value->text() : QString()));
    }
    return after;
}

QJsonObject StatsDialog::changes() const
{
    return diff(m_before, edited());
}

QJsonObject StatsDialog::diff(const QJsonObject &before, const QJsonObject &after)
{
    QJsonObject patch;
    for (auto it = after.begin(); it != after.end(); ++it)
        if (before.value(it.key()) != *it)
            patch.insert(it.key(), *it);
    for (auto it = before.begin(); it != before.end(); ++it)
        if (!after.contains(it.key()))
            patch.insert(it.key(), QJsonValue::Null);
    return patch;
}

QJsonValue StatsDialog::parseValue(const QString &text)
{
    const QString trimmed = text.trimmed();
    bool isNumber = false;
    const double number = trimmed.toDouble(&isNumber);
    if (isNumber)
        return number;
    const double localNumber = QLocale().toDouble(trimmed, &isNumber); // e.g. 1,5 in German
    if (isNumber)
        return localNumber;
    if (trimmed == QLatin1String("true") || trimmed == QLatin1String("false"))
        return trimmed == QLatin1String("true");
    if (trimmed == QLatin1String("null"))
        return QJsonValue::Null;
    return text;
}

QString StatsDialog::describe(const QJsonObject &before, const QJsonObject &changes)
{
    QStringList lines;
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        if (it->isNull())
            lines.append(tr("%1: remove (was %2)")
                             .arg(it.key(), CharacterInspector::valueText(before.value(it.key()))));
        else if (!before.contains(it.key()))
            lines.append(tr("%1: new, %2").arg(it.key(), CharacterInspector::valueText(*it)));
        else
            lines.append(tr("%1: %2 → %3")
                             .arg(it.key(), CharacterInspector::valueText(before.value(it.key())),
                                  CharacterInspector::valueText(*it)));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace smmo::admin
