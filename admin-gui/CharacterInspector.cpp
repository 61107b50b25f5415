// SPDX-License-Identifier: AGPL-3.0-or-later
#include "CharacterInspector.h"

#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace smmo::admin {

namespace {

QTableWidget *makeTable(const QString &keyTitle, const QString &valueTitle, QWidget *parent)
{
    auto *table = new QTableWidget(0, 2, parent);
    table->setHorizontalHeaderLabels({keyTitle, valueTitle});
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    return table;
}

QString timeText(const QJsonValue &value)
{
    const QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!time.isValid())
        return CharacterInspector::tr("never");
    return QLocale().toString(time.toLocalTime(), QLocale::ShortFormat);
}

} // namespace

CharacterInspector::CharacterInspector(QWidget *parent)
    : QWidget(parent), m_stats(makeTable(tr("Stat"), tr("Value"), this)),
      m_inventory(makeTable(tr("Item"), tr("Count"), this))
{
    auto *form = new QFormLayout;
    const QList<QPair<QString, QString>> fields{{QStringLiteral("name"), tr("Name:")},
                                                {QStringLiteral("owner"), tr("Owner (account):")},
                                                {QStringLiteral("zone"), tr("Zone:")},
                                                {QStringLiteral("position"), tr("Position (x, y, z):")},
                                                {QStringLiteral("online"), tr("Online:")},
                                                {QStringLiteral("created"), tr("Created:")},
                                                {QStringLiteral("last_seen"), tr("Last seen:")}};
    for (const auto &[key, title] : fields) {
        auto *label = new QLabel(this);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setObjectName(key);
        form->addRow(title, label);
        m_fields.insert(key, label);
    }
    QFont bold = m_fields.value(QStringLiteral("name"))->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.3);
    m_fields.value(QStringLiteral("name"))->setFont(bold);

    auto *statsBox = new QGroupBox(tr("Stats"), this);
    (new QVBoxLayout(statsBox))->addWidget(m_stats);
    auto *inventoryBox = new QGroupBox(tr("Inventory"), this);
    (new QVBoxLayout(inventoryBox))->addWidget(m_inventory);
    auto *tables = new QHBoxLayout;
    tables->addWidget(statsBox);
    tables->addWidget(inventoryBox);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addLayout(tables, 1);
}

QString CharacterInspector::valueText(const QJsonValue &value)
{
    if (value.isDouble())
        return QLocale().toString(value.toDouble(), 'g', 12);
    if (value.isString())
        return value.toString();
    if (value.isBool())
        return value.toBool() ? tr("yes") : tr("no");
    if (value.isNull() || value.isUndefined())
        return {};
    return QString::fromUtf8(value.isObject()
                                 ? QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)
                                 : QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
}

void CharacterInspector::setCharacter(const QJsonObject &character)
{
    m_character = character;
    auto set = [this](const char *key, const QString &text) {
        m_fields.value(QLatin1String(key))->setText(text);
    };
    set("name", character.value(QStringLiteral("name")).toString());
    set("owner", character.contains(QStringLiteral("owner"))
                     ? character.value(QStringLiteral("owner")).toString()
                     : tr("(not shown to this account)"));
    set("zone", character.value(QStringLiteral("zone")).toString());
    set("position", QStringLiteral("%1, %2, %3")
                        .arg(valueText(character.value(QStringLiteral("loc_x"))),
                             valueText(character.value(QStringLiteral("loc_y"))),
                             valueText(character.value(QStringLiteral("loc_z")))));
    set("online", character.value(QStringLiteral("online")).toBool() ? tr("online") : tr("offline"));
    set("created", timeText(character.value(QStringLiteral("created"))));
    set("last_seen", timeText(character.value(QStringLiteral("last_seen"))));
    fill(m_stats, character.value(QStringLiteral("stats")).toObject());
    fill(m_inventory, character.value(QStringLiteral("inventory")).toObject());
}

void CharacterInspector::clear()
{
    m_character = {};
    for (QLabel *label : std::as_const(m_fields))
        label->clear();
    m_stats->setRowCount(0);
    m_inventory->setRowCount(0);
}

QString CharacterInspector::fieldText(const QString &field) const
{
    const QLabel *label = m_fields.value(field);
    return label ? label->text() : QString();
}

void CharacterInspector::fill(QTableWidget *table, const QJsonObject &entries)
{
    table->setRowCount(int(entries.size()));
    int row = 0;
    for (auto it = entries.begin(); it != entries.end(); ++it, ++row) {
        table->setItem(row, 0, new QTableWidgetItem(it.key()));
        auto *value = new QTableWidgetItem(valueText(*it));
        value->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        table->setItem(row, 1, value);
    }
}

} // namespace smmo::admin
