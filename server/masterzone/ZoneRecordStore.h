// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUrl>

namespace smmo {

class Database;

/// A zone process as a master recorded it.
struct ZoneRecord
{
    QString zoneId;
    QUrl url; ///< empty while the zone is starting
    qint64 pid = 0;
    QDateTime startedAt;
};

/// The table of running zones (master_zones): written when a zone comes up, removed when it
/// ends, read by the next master to adopt the zones that outlived its predecessor.
class ZoneRecordStore
{
public:
    explicit ZoneRecordStore(Database &database) : m_db(database) {}

    void record(const ZoneRecord &zone);
    void forget(const QString &zoneId);
    QList<ZoneRecord> all();

private:
    Database &m_db;
};

} // namespace smmo
