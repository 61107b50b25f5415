// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QComboBox>

namespace smmo::admin {

class ZoneMonitor;

/// A combo box of the zones that are running now, kept current by the ZoneMonitor. The choice
/// stays while that zone runs; when it stops, the box says so and nothing is chosen.
class ZonePicker : public QComboBox
{
    Q_OBJECT
public:
    explicit ZonePicker(ZoneMonitor &monitor, QWidget *parent = nullptr);

    /// The chosen zone id, empty when none.
    QString zoneId() const;
    /// Chooses a zone if it is running; false otherwise.
    bool setZoneId(const QString &zoneId);

signals:
    /// The chosen zone changed (empty: none).
    void zoneChosen(const QString &zoneId);

private:
    void refresh();
    void choose();

    ZoneMonitor &m_monitor;
    QString m_chosen;
};

} // namespace smmo::admin
