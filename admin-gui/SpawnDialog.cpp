// SPDX-License-Identifier: AGPL-3.0-or-later
#include "SpawnDialog.h"

#include "ZoneId.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>

namespace smmo::admin {

namespace {
const char *const definitionsKey = "spawn/definitions";
}

SpawnDialog::SpawnDialog(const QStringList &knownDefinitions, QWidget *parent)
    : QDialog(parent), m_type(new QComboBox(this)), m_definition(new QComboBox(this)),
      m_owner(new QLineEdit(this)), m_preview(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Spawn a zone"));
    m_type->setEditable(true);
    m_type->addItems(
        {QStringLiteral("public"), QStringLiteral("instance"), QStringLiteral("playerinstance")});
    m_type->setToolTip(tr("public: one shared instance; playerinstance: a character's own copy, which "
                          "only that character's account may enter."));
    m_definition->setEditable(true);
    m_definition->addItems(knownDefinitions);
    m_definition->setToolTip(tr("The name of a definition in the master's zones directory "
                                "(scripts/zones/<name>.json). Type any name the cluster has."));
    m_owner->setText(QStringLiteral("world"));
    m_owner->setToolTip(tr("For a playerinstance, the character it belongs to."));
    m_preview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Spawn"));

    auto *form = new QFormLayout(this);
    form->addRow(tr("Instance &type:"), m_type);
    form->addRow(tr("&Definition:"), m_definition);
    form->addRow(tr("&Owner:"), m_owner);
    form->addRow(tr("Zone id:"), m_preview);
    form->addRow(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_type, &QComboBox::currentTextChanged, this, &SpawnDialog::updatePreview);
    connect(m_definition, &QComboBox::currentTextChanged, this, &SpawnDialog::updatePreview);
    connect(m_owner, &QLineEdit::textChanged, this, &SpawnDialog::updatePreview);
    updatePreview();
}

QString SpawnDialog::zoneId() const
{
    const QString text = m_type->currentText().trimmed() + QLatin1Char('-') +
                         m_definition->currentText().trimmed() + QLatin1Char('-') + m_owner->text().trimmed();
    const auto id = ZoneId::parse(text);
    return id ? id->toString() : QString();
}

void SpawnDialog::setZoneId(const QString &instanceType, const QString &definition, const QString &owner)
{
    m_type->setCurrentText(instanceType);
    m_definition->setCurrentText(definition);
    m_owner->setText(owner);
}

void SpawnDialog::updatePreview()
{
    const QString id = zoneId();
    m_preview->setText(id.isEmpty() ? tr("(each part: letters, digits or underscores)") : id);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!id.isEmpty());
}

QStringList SpawnDialog::rememberedDefinitions()
{
    QStringList names{QStringLiteral("GhibliHills"), QStringLiteral("AdventureDungeon"),
                      QStringLiteral("defaultzone")};
    for (const QString &name : QSettings().value(QLatin1String(definitionsKey)).toStringList())
        if (!names.contains(name))
            names.append(name);
    return names;
}

void SpawnDialog::rememberDefinition(const QString &definition)
{
    QSettings settings;
    QStringList names = settings.value(QLatin1String(definitionsKey)).toStringList();
    names.removeAll(definition);
    names.prepend(definition);
    settings.setValue(QLatin1String(definitionsKey), names.mid(0, 20));
}

} // namespace smmo::admin
