// SPDX-License-Identifier: AGPL-3.0-or-later
#include "MoveDialog.h"

#include "ZoneId.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QPushButton>

namespace smmo::admin {

namespace {
QDoubleSpinBox *coordinate(QWidget *parent)
{
    auto *box = new QDoubleSpinBox(parent);
    box->setRange(-1e6, 1e6); // the zone's bounds (docs/protocol.md)
    box->setDecimals(2);
    box->setSuffix(QStringLiteral(" m"));
    return box;
}
} // namespace

MoveDialog::MoveDialog(const QString &character, const QString &currentZone, bool online,
                       const QStringList &zones, QWidget *parent)
    : QDialog(parent), m_zone(new QComboBox(this)), m_x(coordinate(this)), m_y(coordinate(this)),
      m_z(coordinate(this)), m_kick(new QCheckBox(this)), m_online(online)
{
    setWindowTitle(tr("Move %1 to a zone").arg(character));
    m_zone->setEditable(true);
    m_zone->addItems(zones);
    m_zone->setCurrentText(currentZone);
    m_kick->setText(tr("Kick it from %1 first").arg(currentZone));
    m_kick->setToolTip(tr("A zone writes the record of a character online in it when it leaves, which "
                          "would undo the move; kicking makes it leave now."));
    m_kick->setChecked(online);
    m_kick->setVisible(online);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Move"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_zone, &QComboBox::currentTextChanged, this, [this, buttons] {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(ZoneId::parse(zone()).has_value());
    });

    auto *form = new QFormLayout(this);
    form->addRow(tr("&Zone:"), m_zone);
    form->addRow(tr("&x:"), m_x);
    form->addRow(tr("&y:"), m_y);
    form->addRow(tr("&z:"), m_z);
    form->addRow(m_kick);
    form->addRow(buttons);
}

QString MoveDialog::zone() const
{
    return m_zone->currentText().trimmed();
}

double MoveDialog::x() const
{
    return m_x->value();
}

double MoveDialog::y() const
{
    return m_y->value();
}

double MoveDialog::z() const
{
    return m_z->value();
}

bool MoveDialog::kickFirst() const
{
    return m_online && m_kick->isChecked();
}

} // namespace smmo::admin
