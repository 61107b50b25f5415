// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;

namespace smmo::admin {

/// Asks where to move a character: a zone id (running zones offered, any typed in) and a
/// position, and whether to kick it from the zone it is online in first.
class MoveDialog : public QDialog
{
    Q_OBJECT
public:
    MoveDialog(const QString &character, const QString &currentZone, bool online, const QStringList &zones,
               QWidget *parent = nullptr);

    QString zone() const;
    double x() const;
    double y() const;
    double z() const;
    bool kickFirst() const;

private:
    QComboBox *m_zone;
    QDoubleSpinBox *m_x;
    QDoubleSpinBox *m_y;
    QDoubleSpinBox *m_z;
    QCheckBox *m_kick;
    bool m_online;
};

} // namespace smmo::admin
