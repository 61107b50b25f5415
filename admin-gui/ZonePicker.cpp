// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZonePicker.h"

#include "ZoneMonitor.h"

namespace smmo::admin {

ZonePicker::ZonePicker(ZoneMonitor &monitor, QWidget *parent) : QComboBox(parent), m_monitor(monitor)
{
    setMinimumContentsLength(28);
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setPlaceholderText(tr("(no zone is running)"));
    connect(&m_monitor, &ZoneMonitor::zonesUpdated, this, &ZonePicker::refresh);
    connect(this, &QComboBox::currentIndexChanged, this, &ZonePicker::choose);
    refresh();
}

QString ZonePicker::zoneId() const
{
    return m_chosen;
}

bool ZonePicker::setZoneId(const QString &zoneId)
{
    const int index = findText(zoneId);
    if (index < 0)
        return false;
    setCurrentIndex(index);
    return true;
}

void ZonePicker::refresh()
{
    const QStringList running = m_monitor.runningZoneIds();
    QStringList shown;
    for (int i = 0; i < count(); ++i)
        shown.append(itemText(i));
    setPlaceholderText(running.isEmpty() ? tr("(no zone is running)") : tr("(pick a zone)"));
    if (shown == running)
        return;
    const QSignalBlocker blocker(this);
    const QString keep = m_chosen;
    clear();
    addItems(running);
    setCurrentIndex(findText(keep)); // -1 (the placeholder) when it has stopped
    choose();
}

void ZonePicker::choose()
{
    const QString now = currentIndex() >= 0 ? currentText() : QString();
    if (now == m_chosen)
        return;
    m_chosen = now;
    emit zoneChosen(now);
}

} // namespace smmo::admin
