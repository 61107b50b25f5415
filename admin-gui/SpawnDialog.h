// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace smmo::admin {

/// Asks which zone to start: its instance type, its definition and its owner, which together
/// make the zone id. The master has no list of definitions, so the definition box offers the
/// names the console knows of (the shipped ones, those seen running, those used before) and
/// takes any other typed in.
class SpawnDialog : public QDialog
{
    Q_OBJECT
public:
    SpawnDialog(const QStringList &knownDefinitions, QWidget *parent = nullptr);

    /// The zone id as entered, empty while it is not a valid one.
    QString zoneId() const;
    void setZoneId(const QString &instanceType, const QString &definition, const QString &owner);

    /// The shipped definitions plus those remembered from earlier spawns.
    static QStringList rememberedDefinitions();
    static void rememberDefinition(const QString &definition);

private:
    void updatePreview();

    QComboBox *m_type;
    QComboBox *m_definition;
    QLineEdit *m_owner;
    QLabel *m_preview;
    QDialogButtonBox *m_buttons;
};

} // namespace smmo::admin
